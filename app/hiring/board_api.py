"""The public job board's JSON API: open jobs, search, one job, apply. No login."""

from app import tasks
from app.extensions import db
from app.hiring import applications, bp, service
from app.hiring.forms import read_apply_form
from app.hiring.schemas import (
    APPLY_MULTIPART,
    AppliedSchema,
    JobSearchSchema,
    PublicJobSchema,
)
from app.openapi import API_PREFIX as API
from app.openapi import operation
from app.ratelimits import limit_by_address
from app.schemas import PageQuerySchema, list_schema


@bp.get(f"{API}/jobs")
@operation(
    "Open jobs, newest first (public)",
    tags=["jobs"],
    query=PageQuerySchema,
    responses={200: list_schema(PublicJobSchema)},
)
def api_list_jobs(query):
    items, meta = service.search_openings(**query)
    return {"items": items, "meta": meta}


@bp.get(f"{API}/jobs/search")
@operation(
    "Search open jobs by keyword, location, job type, work mode and level (public)",
    tags=["jobs"],
    query=JobSearchSchema,
    responses={200: list_schema(PublicJobSchema)},
)
def api_search_jobs(query):
    items, meta = service.search_openings(**query)
    return {"items": items, "meta": meta}


@bp.get(f"{API}/jobs/<int:job_id>")
@operation("One open job (public)", tags=["jobs"], responses={200: PublicJobSchema})
def api_get_job(job_id):
    return service.get_public_opening(job_id)


@bp.post(f"{API}/jobs/<int:job_id>/apply")
@limit_by_address("RATELIMIT_APPLY", "apply")
@operation(
    "Apply to an open job with a resume (public, multipart)",
    tags=["jobs"],
    multipart=APPLY_MULTIPART,
    responses={201: AppliedSchema},
    errors=(409, 413, 429),
    description="One application per email per job: a second answers 409. The "
    "resume must really be a PDF or DOCX (checked by content), at most 10 MB. The "
    "applicant is emailed a personal link to check or withdraw the application.",
)
def api_apply(job_id):
    opening = service.get_public_opening(job_id)
    fields, resume, filename = read_apply_form()
    submitted = applications.apply(
        opening, resume=resume, resume_filename=filename, **fields
    )
    db.session.commit()
    tasks.application_received(submitted.application.id, submitted.token)
    application = submitted.application
    return {
        "id": application.id,
        "stage": application.stage,
        "parse_status": application.parse_status,
        "message": "Application received. We emailed you a link to check it.",
    }, 201
