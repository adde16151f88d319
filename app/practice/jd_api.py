"""JSON API of a candidate's saved job descriptions (their own only; others: 404)."""

from flask_jwt_extended import get_current_user

from app.auth.decorators import login_required, role_required
from app.extensions import db
from app.openapi import operation
from app.practice import bp, service
from app.practice.schemas import JobDescriptionInSchema, JobDescriptionSchema
from app.schemas import list_schema

API = "/api/v1/practice/job-descriptions"
ONE = f"{API}/<int:jd_id>"
TAGS = ["practice"]


@bp.get(API)
@role_required("candidate")
@operation(
    "Your saved job descriptions",
    tags=TAGS,
    responses={200: list_schema(JobDescriptionSchema)},
)
def api_list_job_descriptions():
    items = service.list_job_descriptions(get_current_user())
    return {"items": items, "meta": {"page": 1, "per_page": 100, "total": len(items)}}


@bp.post(API)
@role_required("candidate")
@operation(
    "Save a job description to practise against",
    tags=TAGS,
    body=JobDescriptionInSchema,
    responses={201: JobDescriptionSchema},
)
def api_create_job_description(body):
    record = service.save_job_description(get_current_user(), **body)
    db.session.commit()
    return record, 201


@bp.get(ONE)
@login_required
@operation(
    "One of your job descriptions", tags=TAGS, responses={200: JobDescriptionSchema}
)
def api_get_job_description(jd_id):
    return service.get_job_description(get_current_user(), jd_id)


@bp.put(ONE)
@login_required
@operation(
    "Replace one of your job descriptions",
    tags=TAGS,
    body=JobDescriptionInSchema,
    responses={200: JobDescriptionSchema},
)
def api_update_job_description(jd_id, body):
    user = get_current_user()
    record = service.get_job_description(user, jd_id)
    service.save_job_description(user, record, **body)
    db.session.commit()
    return record


@bp.delete(ONE)
@login_required
@operation("Delete one of your job descriptions", tags=TAGS, responses={204: None})
def api_delete_job_description(jd_id):
    user = get_current_user()
    service.delete_job_description(user, service.get_job_description(user, jd_id))
    db.session.commit()
    return None, 204
