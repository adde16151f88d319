"""The GDPR API: exports, erasures, legal holds, consents and retention.

Recruiters act on their own candidates (others' answer 404), admins on anyone's; every
action is audited. Exports and erasures run as a job; the caller polls the request.
"""

from flask_jwt_extended import get_current_user

from app.auth.decorators import recruiter_required, role_required
from app.extensions import db
from app.models import utcnow
from app.openapi import API_PREFIX as API
from app.openapi import operation
from app.ownership import get_invitation
from app.privacy import accounts, bp, consents, holds, requests, retention, service
from app.privacy.schemas import (
    CandidatePrivacySchema,
    ConsentWithdrawalSchema,
    LegalHoldBodySchema,
    OwnRequestSchema,
    PrivacyRequestSchema,
    RetentionDaysSchema,
    RetentionPolicySchema,
    SubjectRequestSchema,
)
from app.schemas import MessageSchema
from app.tasks import run_privacy_request
from app.web import request_origin

GDPR = f"{API}/gdpr"


def _queue(kind: str, body) -> tuple:
    request = requests.ask_for_candidate(
        get_current_user(), body["invitation_id"], kind, request_origin()
    )
    db.session.commit()
    run_privacy_request(request.id)
    db.session.refresh(request)
    return request, 202


@bp.post(f"{GDPR}/export")
@recruiter_required
@operation(
    "Export everything Viva holds about a candidate",
    tags=["gdpr"],
    body=SubjectRequestSchema,
    responses={202: PrivacyRequestSchema},
    errors=(404, 410),
    description="A background job builds a ZIP (JSON and CSV) and emails you a "
    "single-use download link that expires (DATA_EXPORT_EXPIRY_HOURS). Audited.",
)
def api_export(body):
    return _queue("export", body)


@bp.post(f"{GDPR}/delete")
@recruiter_required
@operation(
    "Erase a candidate's personal data",
    tags=["gdpr"],
    body=SubjectRequestSchema,
    responses={202: PrivacyRequestSchema},
    errors=(404, 410),
    description="Deletes or anonymizes everything about the person in every table "
    "and file (scores stay as anonymous numbers) and emails them a receipt. Refused "
    "(status `refused`, with the reason) while a legal hold applies. Audited.",
)
def api_delete(body):
    return _queue("erasure", body)


@bp.get(f"{GDPR}/requests/<int:data_request_id>")
@recruiter_required
@operation(
    "An export or erasure request you made",
    tags=["gdpr"],
    responses={200: PrivacyRequestSchema},
    errors=(404,),
)
def api_get_request(data_request_id):
    return requests.get_request(get_current_user(), data_request_id)


@bp.get(f"{GDPR}/candidates/<int:invitation_id>")
@recruiter_required
@operation(
    "A candidate's privacy status: removal date, legal hold, consents",
    tags=["gdpr"],
    responses={200: CandidatePrivacySchema},
    errors=(404,),
)
def api_candidate_privacy(invitation_id):
    invitation = get_invitation(get_current_user(), invitation_id)
    return {
        "invitation_id": invitation.id,
        "removal_date": retention.removal_date(invitation),
        "anonymized_at": invitation.anonymized_at,
        "legal_hold": holds.active_hold(invitation.id) is not None,
        "consents": consents.consents_of(invitation),
    }


@bp.post(f"{GDPR}/candidates/<int:invitation_id>/hold")
@recruiter_required
@operation(
    "Place a legal hold on a candidate's data",
    tags=["gdpr"],
    body=LegalHoldBodySchema,
    responses={200: MessageSchema},
    errors=(404, 409),
    description="Retention skips the candidate and erasures are refused until the "
    "hold is released. Audited.",
)
def api_place_hold(invitation_id, body):
    holds.place_hold(
        get_current_user(), invitation_id, body["reason"], request_origin()
    )
    db.session.commit()
    return {"message": "The candidate's data is under a legal hold."}


@bp.delete(f"{GDPR}/candidates/<int:invitation_id>/hold")
@recruiter_required
@operation(
    "Release a candidate's legal hold",
    tags=["gdpr"],
    responses={200: MessageSchema},
    errors=(404, 409),
)
def api_release_hold(invitation_id):
    holds.release_hold(get_current_user(), invitation_id, request_origin())
    db.session.commit()
    return {"message": "The legal hold is released."}


@bp.post(f"{GDPR}/consent")
@recruiter_required
@operation(
    "Record a candidate's withdrawal of a consent",
    tags=["gdpr"],
    body=ConsentWithdrawalSchema,
    responses={200: MessageSchema},
    errors=(404,),
    description="Withdrawing a processing consent (`ai_notice`, `processing`) "
    "starts an erasure of the candidate's data. Audited.",
)
def api_withdraw_consent(body):
    erasure = consents.withdraw(
        get_current_user(), body["invitation_id"], body["kind"], request_origin()
    )
    db.session.commit()
    if erasure is None:
        return {"message": "The consent is withdrawn."}
    run_privacy_request(erasure.id)
    return {"message": "The consent is withdrawn; the candidate's data is erased."}


@bp.get(f"{GDPR}/retention")
@role_required("admin")
@operation(
    "The retention policy and the next purge",
    tags=["gdpr"],
    responses={200: RetentionPolicySchema},
    description="Default, per-account and per-interview periods (days), and when "
    "the hourly retention job runs next.",
)
def api_retention():
    periods = retention.load_periods()
    return {
        "default_days": periods.default,
        "workspace_days": {str(k): v for k, v in periods.by_workspace.items()},
        "account_days": {str(k): v for k, v in periods.by_account.items()},
        "interview_days": {str(k): v for k, v in periods.by_interview.items()},
        "opening_days": {str(k): v for k, v in periods.by_opening.items()},
        "schedule": f"hourly, at minute {retention.PURGE_MINUTE}",
        "next_purge_at": retention.next_purge(utcnow()),
    }


@bp.put(f"{GDPR}/retention/account")
@recruiter_required
@operation(
    "Set your workspace's retention period",
    tags=["gdpr"],
    body=RetentionDaysSchema,
    responses={200: MessageSchema},
    errors=(403,),
    description="Days the current workspace's candidates' and applicants' data is "
    "kept after their last activity (interviews and openings may override it); "
    "null returns to the default. Workspace owners and admins only. Audited.",
)
def api_set_account_retention(body):
    retention.set_workspace_days(get_current_user(), body["days"])
    db.session.commit()
    return {"message": "The retention period is saved."}


@bp.post(f"{GDPR}/me/requests")
@role_required("candidate")
@operation(
    "Ask for a copy or an erasure of your own data (candidate accounts)",
    tags=["gdpr"],
    body=OwnRequestSchema,
    responses={202: PrivacyRequestSchema},
    description="Like /privacy: a single-use link emailed to your account's address "
    "confirms the request; then a job builds the export (its download link is "
    "emailed) or erases your account and practice data (a receipt is emailed). "
    "Audited.",
)
def api_own_request(body):
    asked, token = accounts.ask_for_own_data(
        get_current_user(), body["kind"], request_origin()
    )
    db.session.commit()
    service.send_confirmation(asked, token)
    return asked, 202
