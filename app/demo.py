"""The demo `make run` seeds once: an admin, a recruiter, a product, an interview.

Each start also prints a fresh candidate link to the demo interview.
"""

from datetime import timedelta

from sqlalchemy import select

from app.auth import service as accounts
from app.extensions import db
from app.invitations.tokens import invitation_link, new_link_token
from app.models import Category, Interview, Invitation, Product, Question, User, utcnow

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
        created = True
    interview = _seed_interview(recruiter)
    db.session.flush()
    return {
        "created": created,
        "admin": admin,
        "recruiter": recruiter,
        "interview": interview,
        "candidate_link": demo_candidate_link(interview, recruiter),
    }


def demo_candidate_link(interview: Interview, recruiter: User) -> str:
    """A fresh link for the demo candidate; a finished demo interview gets a new
    invitation.

    Link tokens are never stored (only their hash), so each start issues a new one and
    the previous demo link stops working.
    """
    invitation = db.session.scalars(
        select(Invitation)
        .where(
            Invitation.interview_id == interview.id,
            Invitation.email.like("demo.candidate%"),
        )
        .order_by(Invitation.id.desc())
    ).first()
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
    category = Category(owner_id=recruiter.id, name="Engineering")
    product = Product(
        owner_id=recruiter.id,
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
