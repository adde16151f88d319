"""JSON API for invitations: list, invite (one, many, CSV), read, resend, revoke,
extend."""

from flask import request
from flask_jwt_extended import get_current_user

from app import ratelimits, tasks
from app.auth.decorators import recruiter_required
from app.errors import ValidationError
from app.extensions import db
from app.invitations import actions, bp, bulk, service
from app.invitations.schemas import (
    INVITE_REQUEST_DOC,
    ExtendSchema,
    InvitationLinkSchema,
    InvitationQuerySchema,
    InvitationSchema,
    InviteRequestSchema,
    InviteResultSchema,
)
from app.openapi import API_PREFIX as API
from app.openapi import operation
from app.ownership import get_interview, get_invitation
from app.schemas import list_schema
from app.web import commit_if_changed, request_origin

TAGS = ["invitations"]
CSV_UPLOAD_DOC = {
    "type": "object",
    "required": ["file"],
    "properties": {
        "file": {
            "type": "string",
            "format": "binary",
            "description": "UTF-8 CSV of email,name, one candidate per row; a header "
            f"row naming the columns is optional. At most {bulk.MAX_ROWS} rows.",
        }
    },
}
BATCH_NOTE = (
    " Each row is reported as invited, duplicate (already invited, or repeated in "
    "this request) or invalid (with the reason); valid rows are invited even when "
    "others are not, in one transaction. Answers 201 when at least one invitation was "
    "created and 200 when none was. Emails are sent in the background: new invitations "
    "start as `pending`. Each created invitation carries its `link`: the only time the "
    "API shows it."
)


class LinkedInvitation:
    """An invitation plus the link issued for it, for the one response that shows it."""

    def __init__(self, invitation, link: str):
        self._invitation = invitation
        self.link = link

    def __getattr__(self, name):
        return getattr(self._invitation, name)


def _invite_response(batch: service.InvitationBatch):
    """Commit, enqueue the emails, then answer with the report."""
    db.session.commit()
    tasks.email_invitations(batch.issued)
    result = {
        "summary": batch.summary,
        "rows": batch.rows,
        "invitations": [
            LinkedInvitation(i, batch.link_for(i)) for i in batch.invitations
        ],
    }
    return result, 201 if batch.invitations else 200


@bp.get(f"{API}/interviews/<int:interview_id>/invitations")
@recruiter_required
@operation(
    "List an interview's invitations",
    tags=TAGS,
    query=InvitationQuerySchema,
    responses={200: list_schema(InvitationSchema)},
    description="Newest first. Invitations whose link has lapsed are reported as "
    "`expired`; `status` filters by that effective status.",
)
def api_list(interview_id, query):
    interview = get_interview(get_current_user(), interview_id)
    items, meta = service.list_invitations(interview, **query)
    commit_if_changed()
    return {"items": items, "meta": meta}


@bp.post(f"{API}/interviews/<int:interview_id>/invitations")
@recruiter_required
@operation(
    "Invite one candidate or many",
    tags=TAGS,
    body=InviteRequestSchema,
    body_doc=INVITE_REQUEST_DOC,
    responses={201: InviteResultSchema, 200: InviteResultSchema},
    errors=(409, 429),
    description="Send `{email, name}` for one candidate, or `{invitations: [{email, "
    "name}, ...]}` for many. One candidate: an invalid email answers 422, one "
    "already invited 409. Only active interviews accept invitations (409 otherwise), "
    "and only a user whose email address is confirmed may send them (403)."
    + BATCH_NOTE,
)
def api_create(interview_id, body):
    user = get_current_user()
    interview = get_interview(user, interview_id)
    ratelimits.hit("RATELIMIT_INVITATIONS", "user", user.id)
    origin = request_origin()
    if "invitations" in body:
        rows = bulk.rows_from_items(body["invitations"])
        batch = service.invite_candidates(interview, rows, actor=user, origin=origin)
    else:
        batch = service.invite_candidate(
            interview,
            email=body["email"],
            name=body.get("name", ""),
            actor=user,
            origin=origin,
        )
    return _invite_response(batch)


@bp.post(f"{API}/interviews/<int:interview_id>/invitations/import")
@recruiter_required
@operation(
    "Invite candidates from a CSV file",
    tags=TAGS,
    multipart=CSV_UPLOAD_DOC,
    responses={201: InviteResultSchema, 200: InviteResultSchema},
    errors=(409, 429),
    description="Upload the file as multipart/form-data in the field `file`. A file "
    "that cannot be read (not UTF-8, not CSV, empty, too many rows) answers 422 and "
    "stores nothing." + BATCH_NOTE,
)
def api_import(interview_id):
    user = get_current_user()
    interview = get_interview(user, interview_id)
    ratelimits.hit("RATELIMIT_INVITATIONS", "user", user.id)
    upload = request.files.get("file")
    if upload is None:
        message = "Upload a CSV file in the form field `file`."
        raise ValidationError(message, details={"file": [message]})
    rows = bulk.parse_csv(upload.read())
    batch = service.invite_candidates(
        interview, rows, actor=user, origin=request_origin()
    )
    return _invite_response(batch)


@bp.get(f"{API}/invitations/<int:invitation_id>")
@recruiter_required
@operation("An invitation", tags=TAGS, responses={200: InvitationSchema})
def api_get(invitation_id):
    invitation = get_invitation(get_current_user(), invitation_id)
    service.refresh_status(invitation)
    commit_if_changed()
    return invitation


@bp.post(f"{API}/invitations/<int:invitation_id>/resend")
@recruiter_required
@operation(
    "Resend an invitation with a new link",
    tags=TAGS,
    responses={200: InvitationLinkSchema},
    errors=(409, 429),
    description="Issues a NEW link and emails it; the previous link stops working at "
    "once. The send budget starts again and the expiry is renewed. Not possible once "
    "revoked, started or completed, or when the interview is not active (409). The "
    "response carries the new `link`, shown only here.",
)
def api_resend(invitation_id):
    user = get_current_user()
    invitation = get_invitation(user, invitation_id)
    ratelimits.hit("RATELIMIT_INVITATIONS", "user", user.id)
    issued = actions.resend_invitation(invitation, actor=user, origin=request_origin())
    db.session.commit()
    tasks.email_invitations([issued])
    return LinkedInvitation(invitation, issued.link)


@bp.post(f"{API}/invitations/<int:invitation_id>/revoke")
@recruiter_required
@operation(
    "Revoke an invitation",
    tags=TAGS,
    responses={200: InvitationSchema},
    errors=(409,),
    description="The link stops working for good (the candidate sees that the "
    "invitation was withdrawn). Revoking twice is harmless; a started or completed "
    "interview cannot be revoked (409).",
)
def api_revoke(invitation_id):
    user = get_current_user()
    invitation = get_invitation(user, invitation_id)
    actions.revoke_invitation(invitation, actor=user, origin=request_origin())
    db.session.commit()
    return invitation


@bp.post(f"{API}/invitations/<int:invitation_id>/extend")
@recruiter_required
@operation(
    "Extend an invitation's expiry",
    tags=TAGS,
    body=ExtendSchema,
    responses={200: InvitationSchema},
    errors=(409,),
    description="Moves the expiry `days` (1-90) later, counted from now when it has "
    "already passed, so an expired link works again. Not possible once revoked, "
    "started or completed, or when the interview is not active (409).",
)
def api_extend(invitation_id, body):
    user = get_current_user()
    invitation = get_invitation(user, invitation_id)
    actions.extend_invitation(
        invitation, body["days"], actor=user, origin=request_origin()
    )
    db.session.commit()
    return invitation
