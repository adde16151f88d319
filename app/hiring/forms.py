"""Reading the apply form (page and API share it): the fields through the schema,
the resume as bytes. Edge code: it reads the request."""

from flask import Response, request

from app.errors import ValidationError
from app.hiring.applications import read_resume
from app.hiring.resumes import MAX_RESUME_BYTES, inspect_resume
from app.hiring.schemas import ApplyFormSchema
from app.openapi import load_data

# The resume plus the text fields: a little over 10 MB for this route only.
APPLY_BODY_LIMIT = MAX_RESUME_BYTES + 1024 * 1024
NUMBER_FIELDS = ("years_experience", "expected_salary")
RESUME_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def allow_resume_upload() -> None:
    """Raise this request's body limit to fit a 10 MB resume (before reading it)."""
    request.max_content_length = APPLY_BODY_LIMIT


def read_apply_form() -> tuple[dict, bytes, str]:
    """(fields, resume bytes, uploaded file name); ValidationError with every
    field's message, the resume's included."""
    allow_resume_upload()
    data = {
        key: value
        for key, value in request.form.items()
        if key != "csrf_token" and not (key in NUMBER_FIELDS and not value.strip())
    }
    problems = {}
    try:
        fields = load_data(ApplyFormSchema, data)
    except ValidationError as error:
        problems.update(error.details)
        fields = {}
    upload = request.files.get("resume")
    resume = upload.read(MAX_RESUME_BYTES + 1) if upload else b""
    if not upload or not upload.filename or not resume:
        problems["resume"] = ["Attach your resume (PDF or Word .docx, up to 10 MB)."]
    elif problems:  # say everything at once: is the file itself fine?
        try:
            inspect_resume(resume)
        except ValidationError as error:
            problems.update(error.details)
    if problems:
        raise ValidationError(details=problems)
    fields.pop("consent", None)
    return fields, resume, upload.filename


def resume_response(application) -> Response:
    """The stored resume as a download, never rendered inline."""
    return Response(
        read_resume(application),
        mimetype=RESUME_TYPES[application.resume_kind],
        headers={
            "Content-Disposition": "attachment; "
            f'filename="{application.resume_filename}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )
