"""Asking for a person: a candidate requests a human review or an alternative to the
AI interview (from the welcome page or the receipt); the recruiter approves (with a
meeting time, link or note) or declines (with a reason). Both sides are emailed (jobs
in app/tasks.py) and every step is audited."""

from datetime import datetime

from flask import current_app
from sqlalchemy import select

from app.audit import record_event
from app.errors import Conflict, NotFound
from app.extensions import db
from app.mail import MailError, send_email
from app.models import Interview, Invitation, ReviewRequest, User, utcnow
from app.ownership import get_invitation, visible_interviews
from app.rights.links import public_url
from app.rights.schemas import REVIEW_REASON_LABELS
from app.upsert import update_if

OPEN_LIMIT = 3  # open requests per invitation: enough for second thoughts, no spam


def create_request(invitation: Invitation, reason: str, message: str) -> ReviewRequest:
    """Store a candidate's request (flushes); audited without its message text."""
    open_count = len(open_requests(invitation.id))
    if open_count >= OPEN_LIMIT:
        raise Conflict(
            "You already sent requests that are waiting for an answer. "
            "The hiring team will reply by email."
        )
    request = ReviewRequest(
        invitation_id=invitation.id, reason=reason, message=message, status="open"
    )
    db.session.add(request)
    db.session.flush()
    record_event(
        "review_request.created",
        target=request,
        details={"invitation_id": invitation.id, "reason": reason},
    )
    return request


def open_requests(invitation_id: int) -> list[ReviewRequest]:
    """The invitation's requests still waiting for an answer."""
    return db.session.scalars(
        select(ReviewRequest).where(
            ReviewRequest.invitation_id == invitation_id,
            ReviewRequest.status == "open",
        )
    ).all()


def requests_for(invitation_id: int) -> list[ReviewRequest]:
    """Every request of one invitation, newest first."""
    return db.session.scalars(
        select(ReviewRequest)
        .where(ReviewRequest.invitation_id == invitation_id)
        .order_by(ReviewRequest.id.desc())
    ).all()


def visible_requests(actor: User, status: str | None = None) -> list[ReviewRequest]:
    """Requests on the interviews the actor may see (ownership.py decides)."""
    interview_ids = visible_interviews(actor).with_only_columns(Interview.id)
    query = (
        select(ReviewRequest)
        .join(Invitation, ReviewRequest.invitation_id == Invitation.id)
        .where(Invitation.interview_id.in_(interview_ids))
        .order_by(ReviewRequest.id.desc())
    )
    if status:
        query = query.where(ReviewRequest.status == status)
    return db.session.scalars(query).all()


def get_request(actor: User, request_id: int) -> ReviewRequest:
    """A request on an invitation the actor may see, or NotFound (as for records)."""
    request = db.session.get(ReviewRequest, request_id)
    try:
        get_invitation(actor, request.invitation_id if request else 0)
    except NotFound:
        raise NotFound("Review request not found.") from None
    return request


def answer_request(
    actor: User,
    request_id: int,
    decision: str,
    *,
    meeting_at: datetime | None = None,
    meeting_link: str = "",
    response: str = "",
    origin: dict | None = None,
) -> ReviewRequest:
    """The recruiter approves or declines an open request (flushes); audited.

    Compare-and-set on the open status: a request is answered once."""
    request = get_request(actor, request_id)
    if request.status != "open" or not update_if(
        request,
        ReviewRequest.status == "open",
        status=decision,
        meeting_at=meeting_at,
        meeting_link=meeting_link,
        response=response,
        answered_at=utcnow(),
        answered_by_id=actor.id,
    ):
        raise Conflict("This request was answered already.")
    record_event(
        "review_request.answered",
        actor=actor,
        target=request,
        details={
            "invitation_id": request.invitation_id,
            "decision": decision,
            "meeting_at": meeting_at.isoformat() if meeting_at else None,
            "meeting_link": meeting_link,
            "response": response[:500],
        },
        **(origin or {}),
    )
    db.session.flush()
    return request


def _render(template: str, context: dict) -> tuple[str, str]:
    env = current_app.jinja_env
    return (
        env.get_template(f"mail/{template}.txt").render(context),
        env.get_template(f"mail/{template}.html").render(context),
    )


def _context(request: ReviewRequest) -> dict:
    invitation = request.invitation
    interview = invitation.interview
    return {
        "request": request,
        "reason_label": REVIEW_REASON_LABELS[request.reason],
        "candidate_name": invitation.name,
        "candidate_email": invitation.email,
        "role": interview.role_title,
        "company": interview.product.name,
        "app_name": current_app.config["APP_NAME"],
        "answer_link": public_url(f"/portal/review-requests/{request.id}"),
    }


def email_owner(request_id: int) -> bool:
    """Tell the interview's owner a candidate asked for a person; False on failure."""
    request = db.session.get(ReviewRequest, request_id)
    owner = request.invitation.interview.product.owner if request else None
    if owner is None or not owner.is_active:
        return True  # nobody to tell; the badge in the portal remains
    context = _context(request)
    text, html = _render("review_request_new", context)
    subject = f"{context['candidate_name'] or 'A candidate'} asked for a person"
    return _send(owner.email, subject, text, html, owner.full_name)


def email_candidate(request_id: int) -> bool:
    """Send the candidate the recruiter's answer; False on failure."""
    request = db.session.get(ReviewRequest, request_id)
    if request is None or request.status == "open":
        return True
    context = _context(request)
    text, html = _render("review_request_answer", context)
    verb = "accepted" if request.status == "approved" else "answered"
    subject = f"Your request to {context['company']} was {verb}"
    return _send(
        context["candidate_email"], subject, text, html, context["candidate_name"]
    )


def _send(to: str, subject: str, text: str, html: str, name: str | None) -> bool:
    try:
        send_email(to, subject, text, html, to_name=name)
    except MailError as error:
        current_app.logger.warning("Review request email not sent: %s", error)
        return False
    return True
