"""The demo data `make run` seeds once: an admin, a recruiter, a product and an interview."""

from app.auth import service as accounts
from app.extensions import db
from app.models import Category, Interview, Product, Question, User, utcnow

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
    """Create the demo accounts and data unless they exist; returns what the demo holds."""
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
    }


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
        description="A small SaaS company building hiring tools in Python and Flask, with "
        "PostgreSQL, Redis and a React front end. The team values clear writing, "
        "ownership and kind code reviews.",
    )
    interview = Interview(
        product=product,
        role_title="Backend Engineer (Python)",
        job_description="Build and run the APIs behind our hiring product: Flask services, "
        "PostgreSQL schemas, background jobs and integrations.",
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
