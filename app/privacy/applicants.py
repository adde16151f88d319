"""Applications as records about a person: found by the applicant's email hash,
exported with their resume text and the stage decisions about them, and erased (or
anonymized by retention) with their resume file deleted from storage.

Kept after anonymization, so hiring figures add up: the opening, stage and its
times, match score and parsed skills, years and level. Removed: name, email (the
lookup hash becomes a placeholder), phone, location, cover letter, employer, position,
salary wish, availability, the resume's name, text, flags and file.
"""

from sqlalchemy import String, cast, literal, select, update

from app.extensions import db
from app.hiring import storage
from app.models import Application, AuditEvent, utcnow
from app.ownership import visible_applications
from app.privacy.registry import SubjectRecords, register_subject_records

PLACEHOLDER_PREFIX = "anonymized-application:"
CLEARED = {
    "name": "",
    "email": "",
    "phone": "",
    "location": "",
    "cover_letter": "",
    "current_company": "",
    "current_position": "",
    "availability": "",
    "expected_salary": None,
    "resume_filename": "",
    "resume_text": "",
    "resume_flags": [],
    "parse_error": None,
}


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def find_applications(subject, actor=None) -> list[Application]:
    """The person's applications (a recruiter's request: only those they may see)."""
    query = visible_applications(actor) if actor is not None else select(Application)
    query = query.where(Application.email_hash == subject.email_hash).order_by(
        Application.id
    )
    return list(db.session.scalars(query))


def _decisions(application: Application) -> list[dict]:
    rows = db.session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.target_type == "Application",
            AuditEvent.target_id == application.id,
        )
        .order_by(AuditEvent.id)
    )
    return [
        {
            "action": row.action,
            "at": _iso(row.created_at),
            "details": row.details,
            "by_user_id": row.actor_id,
        }
        for row in rows
    ]


def export_application(application: Application) -> dict:
    """Everything about one application of the person, as JSON-able data."""
    opening = application.opening
    return {
        "application_id": application.id,
        "opening": {"id": opening.id, "title": opening.title},
        "name": application.name,
        "email": application.email,
        "phone": application.phone,
        "location": application.location,
        "cover_letter": application.cover_letter,
        "years_experience": application.years_experience,
        "current_company": application.current_company,
        "current_position": application.current_position,
        "expected_salary": application.expected_salary,
        "availability": application.availability,
        "applied_at": _iso(application.created_at),
        "consented_at": _iso(application.consented_at),
        "resume_for_interview": application.resume_for_interview,
        "resume": {
            "file_name": application.resume_filename,
            "kind": application.resume_kind,
            "text": application.resume_text,
            "skills": application.parsed_skills,
            "years": application.parsed_years,
            "level": application.parsed_level,
        },
        "match_score": application.match_score,
        "stage": application.stage,
        "stage_changed_at": _iso(application.stage_changed_at),
        "decisions": _decisions(application),
    }


def anonymize_applications(application_ids: list[int], now=None) -> int:
    """Strip these applications of personal data in one bulk statement and delete
    their resume files (the caller commits); how many it did (done ones skipped)."""
    db.session.flush()
    rows = db.session.execute(
        select(Application.id, Application.resume_path).where(
            Application.id.in_(application_ids), Application.anonymized_at.is_(None)
        )
    ).all()
    if not rows:
        return 0
    for _id, resume_path in rows:
        if resume_path:
            storage.delete_file(resume_path)
    db.session.execute(
        update(Application)
        .where(Application.id.in_([row_id for row_id, _path in rows]))
        .values(
            **CLEARED,
            email_hash=literal(PLACEHOLDER_PREFIX) + cast(Application.id, String),
            resume_path="",
            resume_for_interview=False,
            anonymized_at=now or utcnow(),
        ),
        execution_options={"synchronize_session": False},
    )
    db.session.expire_all()  # the ORM copies in this session are stale now
    return len(rows)


def anonymize_application(application: Application, now=None) -> int:
    """Strip one application of personal data and delete its resume file (the
    caller commits); 1 when it did, 0 when it was done already."""
    return anonymize_applications([application.id], now)


def erase_application(application: Application) -> None:
    """Erasure of one application: anonymized, its resume file deleted."""
    anonymize_application(application)


APPLICATIONS = register_subject_records(
    SubjectRecords(
        name="applications",
        find=find_applications,
        export=export_application,
        erase=erase_application,
    )
)
