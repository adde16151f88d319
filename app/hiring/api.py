"""The recruiter's hiring API: openings, candidates, applications, stage moves,
resume downloads and job statistics."""

from flask_jwt_extended import get_current_user

from app import tasks
from app.auth.decorators import recruiter_required
from app.extensions import db
from app.hiring import applications, bp, quality, service, stages, stats
from app.hiring.forms import resume_response
from app.hiring.schemas import (
    ApplicationSchema,
    BulkMovedSchema,
    BulkStageMoveSchema,
    CandidateQuerySchema,
    JobStatsSchema,
    OpeningInSchema,
    OpeningQualitySchema,
    OpeningQuerySchema,
    OpeningSchema,
    OpeningUpdateSchema,
    StageMoveSchema,
)
from app.openapi import API_PREFIX as API
from app.openapi import operation
from app.ownership import get_application, get_opening
from app.schemas import list_schema
from app.web import request_origin


@bp.get(f"{API}/openings")
@recruiter_required
@operation(
    "Your job openings (every status), newest first",
    tags=["jobs"],
    query=OpeningQuerySchema,
    responses={200: list_schema(OpeningSchema)},
)
def api_list_openings(query):
    items, meta = service.list_openings(get_current_user(), **query)
    return {"items": items, "meta": meta}


@bp.post(f"{API}/openings")
@recruiter_required
@operation(
    "Create a job opening under one of your products",
    tags=["jobs"],
    body=OpeningInSchema,
    responses={201: OpeningSchema},
    errors=(404,),
)
def api_create_opening(body):
    opening = service.create_opening(get_current_user(), **body)
    db.session.commit()
    return opening, 201


@bp.get(f"{API}/openings/<int:opening_id>")
@recruiter_required
@operation("One of your openings", tags=["jobs"], responses={200: OpeningSchema})
def api_get_opening(opening_id):
    return get_opening(get_current_user(), opening_id)


@bp.patch(f"{API}/openings/<int:opening_id>")
@recruiter_required
@operation(
    "Edit, publish (status open) or close an opening",
    tags=["jobs"],
    body=OpeningUpdateSchema,
    responses={200: OpeningSchema},
)
def api_update_opening(opening_id, body):
    user = get_current_user()
    opening = service.update_opening(user, get_opening(user, opening_id), **body)
    db.session.commit()
    return opening


@bp.delete(f"{API}/openings/<int:opening_id>")
@recruiter_required
@operation(
    "Delete an opening and its applications", tags=["jobs"], responses={204: None}
)
def api_delete_opening(opening_id):
    user = get_current_user()
    service.delete_opening(user, get_opening(user, opening_id))
    db.session.commit()
    return None, 204


@bp.get(f"{API}/jobs/stats")
@recruiter_required
@operation(
    "Job statistics: openings by status, applications per opening and stage, "
    "conversion between stages, time to first interview",
    tags=["jobs"],
    responses={200: JobStatsSchema},
)
def api_job_stats():
    return stats.job_stats(get_current_user())


@bp.get(f"{API}/jobs/<int:job_id>/candidates")
@recruiter_required
@operation(
    "An opening's applicants, best match first (sort=match) or newest (sort=new)",
    tags=["jobs"],
    query=CandidateQuerySchema,
    responses={200: list_schema(ApplicationSchema)},
    description="The match score ranks; it never rejects anyone by itself.",
)
def api_candidates(job_id, query):
    user = get_current_user()
    opening = get_opening(user, job_id)
    items, meta = applications.list_candidates(user, opening, **query)
    return {"items": items, "meta": meta}


@bp.get(f"{API}/jobs/<int:job_id>/quality")
@recruiter_required
@operation(
    "Quality of an opening's AI interviews: completion rate, median duration, "
    "candidates' ratings and drop-off by question",
    tags=["jobs"],
    responses={200: OpeningQualitySchema},
    description="Counted over the interviews sent from this opening's applications. "
    "`reached` is how many sessions got to a question; `stopped` how many unfinished "
    "ones stopped there.",
)
def api_job_quality(job_id):
    return quality.opening_quality(get_opening(get_current_user(), job_id))


@bp.get(f"{API}/applications/<int:application_id>")
@recruiter_required
@operation("One application", tags=["jobs"], responses={200: ApplicationSchema})
def api_get_application(application_id):
    return get_application(get_current_user(), application_id)


@bp.post(f"{API}/applications/<int:application_id>/stage")
@recruiter_required
@operation(
    "Move an application to another stage (audited with your note)",
    tags=["jobs"],
    body=StageMoveSchema,
    responses={200: ApplicationSchema},
    errors=(409,),
    description="interview_scheduled invites the applicant to the opening's AI "
    "screening interview (the invitation email goes out).",
)
def api_move_stage(application_id, body):
    user = get_current_user()
    application = get_application(user, application_id)
    moved = stages.move(user, application, origin=request_origin(), **body)
    db.session.commit()
    tasks.email_invitations(moved.issued)
    return application


@bp.post(f"{API}/openings/<int:opening_id>/applications/stage")
@recruiter_required
@operation(
    "Move several applications of an opening at once",
    tags=["jobs"],
    body=BulkStageMoveSchema,
    responses={200: BulkMovedSchema},
    description="Applications that cannot move are listed in `problems`.",
)
def api_bulk_move(opening_id, body):
    user = get_current_user()
    opening = get_opening(user, opening_id)
    of_opening = {application.id for application in opening.applications}
    ids = [i for i in body["application_ids"] if i in of_opening]
    unknown = set(body["application_ids"]) - of_opening
    moved = stages.move_many(
        user, ids, body["stage"], note=body["note"], origin=request_origin()
    )
    db.session.commit()
    tasks.email_invitations(moved.issued)
    problems = {str(k): v for k, v in moved.problems.items()}
    problems.update({str(k): "Not an application of this opening." for k in unknown})
    return {"moved": [a.id for a in moved.moved], "problems": problems}


@bp.get(f"{API}/applications/<int:application_id>/resume")
@recruiter_required
@operation(
    "Download the applicant's resume (an attachment)",
    tags=["jobs"],
    responses={200: "application/octet-stream"},
    errors=(410,),
)
def api_resume(application_id):
    application = get_application(get_current_user(), application_id)
    return resume_response(application)
