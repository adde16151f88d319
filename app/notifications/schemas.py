"""Schemas for a user's notification choices (API and profile form)."""

from marshmallow import Schema, fields, validate

from app.models import NOTIFICATION_MODES

MODE = validate.OneOf(NOTIFICATION_MODES, error="Choose one of: {choices}.")
COUNT = validate.Range(min=1, max=10000, error="Use a whole number from 1 to 10000.")
MODE_HELP = "`instant` (an email at once), `digest` (in the daily email) or `off`."


class StrictBoolean(fields.Boolean):
    """true or false only: not "yes", 1 or "" (the document says boolean)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


def _mode(what: str, **kwargs):
    return fields.String(
        validate=MODE, metadata={"description": f"{what}: {MODE_HELP}"}, **kwargs
    )


class NotificationSettingsInSchema(Schema):
    """Fields left out keep their value."""

    completion = _mode("A candidate completed one of your workspace's interviews")
    application = _mode("Someone applied to one of your workspace's openings")
    threshold = _mode("An opening reached `threshold_count` applications (once)")
    threshold_count = fields.Integer(
        validate=COUNT,
        strict=True,
        metadata={"description": "Applications that make an opening worth an email."},
    )
    as_viewer = StrictBoolean(
        metadata={
            "description": "Also notify me about workspaces where I am a viewer "
            "(owners, admins and recruiters are notified; experts never)."
        }
    )


class NotificationSettingsSchema(Schema):
    completion = _mode("Completed interviews", required=True)
    application = _mode("New applications", required=True)
    threshold = _mode("Openings reaching `threshold_count` applications", required=True)
    threshold_count = fields.Integer(required=True)
    as_viewer = fields.Boolean(required=True)
    digest_hour_utc = fields.Integer(
        required=True,
        metadata={"description": "When the daily digest goes out (hour, UTC)."},
    )
