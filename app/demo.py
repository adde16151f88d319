"""The demo `make run` seeds once: an admin, a recruiter, a product, an interview,
and one candidate who has already taken it (so a scored report is there at once).

Each start also prints a fresh candidate link to the demo interview.
"""

from datetime import timedelta

from sqlalchemy import select

from app.ai import interviewer
from app.auth import service as accounts
from app.branding.demo import seed_brand
from app.extensions import db
from app.hiring.demo import seed_opening
from app.invitations.tokens import invitation_link, new_link_token
from app.live import conductor
from app.live.answers import record_answer
from app.models import (
    Category,
    Interview,
    InterviewExpert,
    InterviewSession,
    Invitation,
    Meeting,
    Membership,
    Product,
    Question,
    User,
    utcnow,
)
from app.models.crypto import email_hash
from app.notifications import settings as notification_settings
from app.ownership import current_workspace
from app.upsert import insert_unless_taken

DEMO_ADMIN = {
    "email": "admin@example.com",
    "username": "admin",
    "password": "AdminDemo123",
    "full_name": "Ada Admin",
}
DEMO_RECRUITER = {
    "email": "recruiter@example.com",
    "username": "recruiter",
    "password": "RecruiterDemo123",
    "full_name": "Riley Recruiter",
}
DEMO_EXPERT = {
    "email": "expert@example.com",
    "username": "expert",
    "password": "ExpertDemo123",
    "full_name": "Erin Expert",
}
DEMO_QUESTIONS = [
    (
        "warmup",
        "easy",
        "Tell me about a recent project you enjoyed and your part in it.",
        ["project context", "own contribution", "outcome"],
    ),
    (
        "technical",
        "medium",
        "How would you design a REST API for managing job applications? "
        "Walk me through resources, status codes and validation.",
        ["resource modelling", "HTTP status codes", "input validation", "pagination"],
    ),
    (
        "technical",
        "medium",
        "A page in a Flask app has become slow. How do you find and fix the cause?",
        ["measure first", "profiling", "database queries and indexes", "caching"],
    ),
    (
        "behavioral",
        "medium",
        "Describe a time you disagreed with a teammate about a technical "
        "decision. What happened?",
        ["situation", "action", "result", "what was learned"],
    ),
]


DEMO_COMPLETED_EMAIL = "jordan.example@example.com"
# What the demo's finished candidate says, turn by turn (the second answer is short,
# so the interviewer asks a follow-up).
DEMO_ANSWERS = [
    "Last year I led the rebuild of our interview scheduling service in Flask. The "
    "project context was simple: recruiters were double-booking rooms and candidates "
    "waited days for a slot. My own contribution was the availability API and the "
    "PostgreSQL schema behind it, and I wrote the integration tests. The outcome was "
    "that scheduling dropped from three days to under one, and double bookings "
    "stopped completely.",
    "I would have resources for jobs, candidates and applications, with nested "
    "routes like /jobs/{id}/applications.",
    "For example, POST /applications returns 201 with a Location header, an unknown "
    "id returns 404, and invalid input returns 422 with per-field errors from a "
    "marshmallow schema. Lists are paginated with page and per_page and include the "
    "total, so clients never load everything at once.",
    "First I measure: I check the request timings and reproduce the slow page "
    "locally. Then I profile the view; last time the profile showed 120 database "
    "queries per request, an N+1 in the template, so I added a joinedload and an "
    "index on orders.customer_id, which cut the page from 2.3 s to 180 ms. If the "
    "data rarely changes I also cache the rendered fragment in Redis.",
    "When a teammate wanted to rewrite our job queue in Go, I disagreed because the "
    "team knew Python well and the real problem was unclear. I suggested we measure "
    "first, so I set up a one-week spike and profiled the worker. The result was that "
    "the bottleneck was a missing index, not the language: we fixed it in a day and "
    "kept Python. I learned to bring data to a disagreement instead of opinions.",
]


def seed_demo() -> dict:
    """Create the demo accounts and data unless present; returns what the demo holds."""
    created = False
    admin = accounts.find_user_by_email(DEMO_ADMIN["email"])
    if admin is None:
        admin = accounts.register_user(**DEMO_ADMIN, role="admin")
        admin.email_verified_at = utcnow()
        created = True
    recruiter = accounts.find_user_by_email(DEMO_RECRUITER["email"])
    if recruiter is None:
        recruiter = accounts.register_user(**DEMO_RECRUITER)
        recruiter.email_verified_at = utcnow()
        # A low number, so the demo opening's applicants also show that email.
        notification_settings.update_settings(recruiter, threshold_count=3)
        created = True
    interview = _seed_interview(recruiter)
    db.session.flush()
    seed_brand(recruiter, interview.product)
    completed = _seed_completed_session(interview, recruiter)
    _seed_meeting(completed, recruiter)
    opening = seed_opening(recruiter, interview)
    expert = _seed_expert(interview)
    return {
        "created": created,
        "admin": admin,
        "recruiter": recruiter,
        "interview": interview,
        "candidate_link": demo_candidate_link(interview, recruiter),
        "completed_session": completed,
        "opening": opening,
        "expert": expert,
    }


def _seed_expert(interview: Interview) -> User:
    """A domain expert in the recruiter's workspace, added to the demo interview."""
    expert = accounts.find_user_by_email(DEMO_EXPERT["email"])
    if expert is None:
        expert = accounts.register_user(**DEMO_EXPERT)
        expert.email_verified_at = utcnow()
        db.session.flush()
    values = {"workspace_id": interview.product.workspace_id, "user_id": expert.id}
    insert_unless_taken(
        Membership, {**values, "role": "expert", "created_at": utcnow()}
    )
    insert_unless_taken(
        InterviewExpert,
        {"interview_id": interview.id, "user_id": expert.id, "created_at": utcnow()},
    )
    return expert


def demo_candidate_link(interview: Interview, recruiter: User) -> str:
    """A fresh link for the demo candidate; a finished demo interview gets a new
    invitation.

    Link tokens are never stored (only their hash), so each start issues a new one and
    the previous demo link stops working.
    """
    # Addresses are encrypted at rest: pick the demo candidate's in Python.
    invitation = next(
        (
            found
            for found in db.session.scalars(
                select(Invitation)
                .where(Invitation.interview_id == interview.id)
                .order_by(Invitation.id.desc())
            )
            if found.email.startswith("demo.candidate")
        ),
        None,
    )
    if invitation is None or invitation.status in ("completed", "revoked"):
        number = Invitation.query.filter_by(interview_id=interview.id).count() + 1
        invitation = Invitation(
            interview_id=interview.id,
            created_by_id=recruiter.id,
            email=f"demo.candidate{number}@example.com",
            name="Demo Candidate",
            status="sent",
            sent_at=utcnow(),
        )
        db.session.add(invitation)
    token, invitation.token_hash = new_link_token()
    invitation.expires_at = utcnow() + timedelta(days=interview.invite_expiry_days)
    if invitation.status == "expired":
        invitation.status = "sent"
    db.session.flush()
    return invitation_link(token)


def _seed_interview(recruiter: User) -> Interview:
    product = Product.query.filter_by(
        owner_id=recruiter.id, name="Viva Demo Co."
    ).first()
    if product is not None and product.interviews:
        return product.interviews[0]
    workspace = current_workspace(recruiter)
    category = Category(
        owner_id=recruiter.id, workspace_id=workspace.id, name="Engineering"
    )
    product = Product(
        owner_id=recruiter.id,
        workspace_id=workspace.id,
        category=category,
        name="Viva Demo Co.",
        description=(
            "A small SaaS company building hiring tools in Python and Flask, with "
            "PostgreSQL, Redis and a React front end. The team values clear writing, "
            "ownership and kind code reviews."
        ),
    )
    interview = Interview(
        product=product,
        role_title="Backend Engineer (Python)",
        job_description=(
            "Build and run the APIs behind our hiring product: Flask services, "
            "PostgreSQL schemas, background jobs and integrations."
        ),
        seniority="mid",
        skills=["python", "flask", "sql", "rest api", "testing"],
        persona_name="Alex",
        status="active",
        activated_at=utcnow(),
    )
    for position, (kind, difficulty, text, key_points) in enumerate(DEMO_QUESTIONS):
        interview.questions.append(
            Question(
                position=position,
                kind=kind,
                difficulty=difficulty,
                text=text,
                key_points=key_points,
                follow_up_budget=1,
                source="manual",
                approved=True,
            )
        )
    db.session.add_all([category, product, interview])
    return interview


def _seed_meeting(session: InterviewSession, recruiter: User) -> None:
    """The next round with the demo's finished candidate, in three days (Jitsi)."""
    if db.session.scalar(select(Meeting.id).where(Meeting.session_id == session.id)):
        return
    interview = session.invitation.interview
    starts = utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
    db.session.add(
        Meeting(
            interview_id=interview.id,
            session_id=session.id,
            created_by_id=recruiter.id,
            title=f"{interview.role_title} at {interview.product.name}: next round "
            f"with {session.invitation.name}",
            starts_at=starts.replace(hour=15),
            duration_minutes=45,
            interviewers=["lead.engineer@example.com"],
            provider="jitsi",
            join_url="https://meet.jit.si/Viva-demo-next-round",
            uid="demo-next-round@viva",
        )
    )


def _seed_completed_session(interview: Interview, recruiter: User) -> InterviewSession:
    """A candidate who took the demo interview (offline wording); scored afterwards."""
    invitation = Invitation.query.filter_by(
        interview_id=interview.id, email_hash=email_hash(DEMO_COMPLETED_EMAIL)
    ).first()
    if invitation is not None:
        return invitation.session
    invitation = Invitation(
        interview_id=interview.id,
        created_by_id=recruiter.id,
        email=DEMO_COMPLETED_EMAIL,
        name="Jordan Example",
        # Its link is never shown: this candidate has already taken the interview.
        token_hash=new_link_token()[1],
        status="opened",
        sent_at=utcnow() - timedelta(days=1),
        opened_at=utcnow() - timedelta(minutes=26),
        consented_at=utcnow() - timedelta(minutes=25),
        expires_at=utcnow() + timedelta(days=interview.invite_expiry_days),
    )
    db.session.add(invitation)
    db.session.flush()
    session = conductor.start_session(invitation)
    session.started_at = utcnow() - timedelta(minutes=24)
    answers = list(DEMO_ANSWERS)
    while (plan := conductor.plan_turn(session.id)) is not None:
        text = plan.spoken(interviewer.lead_in(plan.context))
        meta = {"provider": "offline", "model": "viva-offline-1"}
        conductor.store_turn(plan, text, meta)
        if plan.kind == "closing" or not answers:
            break
        record_answer(session, f"demo-{len(answers)}", answers.pop(0))
    return session
