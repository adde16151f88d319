"""Openings and applications for hiring tests, made through the services."""

import io

from app.extensions import db
from app.hiring import applications, service
from tests.support.resumes import RESUME_LINES, text_pdf

OPENING = {
    "title": "Backend Engineer",
    "description": "Build the APIs behind our payments platform.",
    "company": "Acme",
    "location": "Berlin",
    "department": "Engineering",
    "salary_min": 60000,
    "salary_max": 80000,
    "job_type": "full_time",
    "work_mode": "hybrid",
    "experience_level": "senior",
    "required_skills": ["Python", "PostgreSQL", "Kubernetes", "Go"],
}


def make_opening(recruiter, product, *, status="open", **fields):
    """A committed opening under `product` (open unless told)."""
    opening = service.create_opening(
        recruiter, product_id=product.id, status=status, **{**OPENING, **fields}
    )
    db.session.commit()
    return opening


def submit(opening, *, email="ada@example.org", resume=None, **fields):
    """A committed application through the service (no HTTP), its resume parsed as
    the job would; returns (application, token)."""
    fields.setdefault("name", "Ada Lovelace")
    submitted = applications.apply(
        opening,
        email=email,
        resume=resume or text_pdf(RESUME_LINES),
        resume_filename="ada.pdf",
        **fields,
    )
    db.session.commit()
    applications.parse_application_resume(submitted.application.id)
    return submitted.application, submitted.token


def apply_form(resume: bytes, filename: str = "resume.pdf", **fields) -> dict:
    """Multipart form data for the apply routes."""
    data = {
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "consent": "1",
        "location": "Berlin",
        "expected_salary": "75000",
        **fields,
    }
    data["resume"] = (io.BytesIO(resume), filename)
    return data


def applicant_link(opening) -> str:
    """A new application's personal link (check, withdraw), for page walks."""
    from app.hiring.emails import application_link

    _application, token = submit(opening, email="walker@example.org")
    return application_link(token)
