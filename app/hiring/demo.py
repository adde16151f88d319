"""The demo's hiring pipeline: one open opening with applications in different stages
(resumes written with python-docx, parsed like any other)."""

import io

from sqlalchemy import select

from app.extensions import db
from app.hiring import applications, service, stages
from app.models import Interview, Opening, User

DEMO_OPENING = {
    "title": "Senior Backend Engineer",
    "description": "Design and run the APIs behind our payments platform: Python "
    "services on PostgreSQL, deployed on Kubernetes. You will own features end to "
    "end, review code and mentor two engineers.",
    "company": "Acme Payments",
    "location": "Berlin, Germany",
    "department": "Engineering",
    "salary_min": 70000,
    "salary_max": 90000,
    "salary_currency": "EUR",
    "job_type": "full_time",
    "work_mode": "hybrid",
    "experience_level": "senior",
    "required_skills": ["Python", "PostgreSQL", "Kubernetes", "API design", "Go"],
}
APPLICANTS = [
    ("Mara Jensen", "mara.jensen@example.org", "Berlin", 82000, 7, "interview",
     "7 years of experience. Python, PostgreSQL, Kubernetes, API design, Docker.",
     "Backend Engineer at Northwind"),
    ("Tomás Rivera", "tomas.rivera@example.org", "Lisbon", 95000, 4, "review",
     "4 years of backend experience. Python, Django, PostgreSQL, Redis, caching.",
     "Software Developer at Lisboa Labs"),
    ("Priya Natarajan", "priya.n@example.org", "Berlin", 78000, 9, None,
     "9 years of experience. Go, Kubernetes, distributed systems, PostgreSQL.",
     "Staff Engineer at Contoso"),
    ("Sam Okafor", "sam.okafor@example.org", "Hamburg", 70000, 2, "reject",
     "2 years of experience. JavaScript, React, Node.js, CSS.",
     "Frontend Developer"),
]  # fmt: skip


def _docx(name: str, summary: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(name, level=1)
    document.add_paragraph(summary)
    document.add_paragraph("Built and operated production services with a small team.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def seed_opening(recruiter: User, interview: Interview) -> Opening:
    """The demo opening (created once) with four applicants across the stages."""
    existing = db.session.scalars(
        select(Opening).where(Opening.title == DEMO_OPENING["title"])
    ).first()
    if existing is not None:
        return existing
    opening = service.create_opening(
        recruiter,
        product_id=interview.product_id,
        interview_id=interview.id,
        status="open",
        **DEMO_OPENING,
    )
    for name, email, place, salary, years, goal, summary, position in APPLICANTS:
        submitted = applications.apply(
            opening,
            name=name,
            email=email,
            location=place,
            expected_salary=salary,
            years_experience=years,
            resume=_docx(name, summary),
            resume_filename=f"{name.split()[0]} resume.docx",
            resume_for_interview=True,
            current_position=position,
        )
        application = submitted.application
        applications.parse_application_resume(application.id)
        path = {
            "review": ["under_review"],
            "interview": ["under_review", "interview_scheduled"],
            "reject": ["rejected"],
        }.get(goal, [])
        for stage in path:
            stages.move(recruiter, application, stage, note="Demo data")
    db.session.flush()
    return opening
