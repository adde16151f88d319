"""The self-identification form and the fairness report's JSON shape."""

from marshmallow import Schema, fields, validate

from app.models import SELF_ID_CHOICES


def _choice(name: str, label: str) -> fields.String:
    return fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(SELF_ID_CHOICES[name]),
        metadata={"description": label},
    )


class SelfIdentificationSchema(Schema):
    """Every question is optional; an empty answer is stored as no answer."""

    gender = _choice("gender", "Gender")
    ethnicity = _choice("ethnicity", "Race or ethnicity")
    age_band = _choice("age_band", "Age band")
    disability = _choice("disability", "Disability")


class SelectionSchema(Schema):
    selected = fields.Integer(allow_none=True)
    rate = fields.Float(allow_none=True)
    impact_ratio = fields.Float(allow_none=True)
    below_four_fifths = fields.Boolean()


class GroupSchema(Schema):
    value = fields.String(required=True)
    people = fields.Integer(required=True)
    suppressed = fields.Boolean(
        required=True,
        metadata={"description": "Fewer than 5 people: no rates are given."},
    )
    recruiter = fields.Nested(
        SelectionSchema,
        allow_none=True,
        metadata={"description": "Recruiters' stage decisions: advance."},
    )
    ai = fields.Nested(
        SelectionSchema,
        allow_none=True,
        metadata={"description": "The AI recommendation: advance."},
    )


class FairnessReportSchema(Schema):
    interview_id = fields.Integer(required=True)
    respondents = fields.Integer(required=True)
    minimum_group = fields.Integer(required=True)
    threshold = fields.Float(required=True)
    dimensions = fields.Dict(
        keys=fields.String(), values=fields.List(fields.Nested(GroupSchema))
    )


QUESTIONS = {
    "gender": "Gender",
    "ethnicity": "Race or ethnicity",
    "age_band": "Age",
    "disability": "Do you have a disability?",
}
LABELS = {
    "woman": "Woman",
    "man": "Man",
    "non_binary": "Non-binary",
    "another_gender": "Another gender",
    "asian": "Asian",
    "black": "Black or African",
    "hispanic_or_latino": "Hispanic or Latino",
    "middle_eastern_or_north_african": "Middle Eastern or North African",
    "native_american_or_alaska_native": "Native American or Alaska Native",
    "pacific_islander": "Native Hawaiian or Pacific Islander",
    "white": "White",
    "two_or_more": "Two or more",
    "another_ethnicity": "Another race or ethnicity",
    "under_25": "Under 25",
    "25_34": "25–34",
    "35_44": "35–44",
    "45_54": "45–54",
    "55_plus": "55 or older",
    "yes": "Yes",
    "no": "No",
    "prefer_not_to_say": "Prefer not to say",
}


def form_options() -> dict[str, list[tuple[str, str]]]:
    """Each question's select options, led by "No answer"."""
    return {
        name: [("", "No answer")] + [(value, LABELS[value]) for value in choices]
        for name, choices in SELF_ID_CHOICES.items()
    }
