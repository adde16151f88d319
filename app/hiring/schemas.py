"""Schemas for openings, the public board, applications and stage moves."""

from marshmallow import Schema, fields, validate

from app.errors import MAX_RECORD_ID
from app.models import APPLICATION_STAGES, JOB_TYPES, OPENING_STATUSES, WORK_MODES
from app.models import SENIORITIES as LEVELS
from app.schemas import PageQuerySchema, Trimmed

ID = validate.Range(min=1, max=MAX_RECORD_ID)
SALARY = validate.Range(min=0, max=100_000_000)
SHORT = validate.Length(max=120, error="Use at most 120 characters.")
LONG = validate.Length(max=20_000, error="Use at most 20,000 characters.")
TITLE = validate.Length(min=1, max=120, error="Use 1-120 characters.")
CONSENT_NEEDED = "Consent is needed: tick the box to agree to processing."
SKILL = Trimmed(validate=validate.Length(min=1, max=60))


class OpeningInSchema(Schema):
    product_id = fields.Integer(required=True, validate=ID)
    title = Trimmed(required=True, validate=TITLE)
    description = Trimmed(load_default="", validate=LONG)
    company = Trimmed(load_default="", validate=SHORT)
    location = Trimmed(load_default="", validate=SHORT)
    department = Trimmed(load_default="", validate=SHORT)
    salary_min = fields.Integer(allow_none=True, validate=SALARY)
    salary_max = fields.Integer(allow_none=True, validate=SALARY)
    salary_currency = fields.String(
        load_default="EUR", validate=validate.Regexp(r"^[A-Z]{3}$")
    )
    job_type = fields.String(
        load_default="full_time", validate=validate.OneOf(JOB_TYPES)
    )
    work_mode = fields.String(
        load_default="on_site", validate=validate.OneOf(WORK_MODES)
    )
    experience_level = fields.String(
        load_default="mid", validate=validate.OneOf(LEVELS)
    )
    required_skills = fields.List(
        SKILL, load_default=list, validate=validate.Length(max=30)
    )
    status = fields.String(
        load_default="draft", validate=validate.OneOf(OPENING_STATUSES)
    )
    interview_id = fields.Integer(
        allow_none=True,
        validate=ID,
        metadata={"description": "The AI screening interview (same product)."},
    )
    draft_interview_now = fields.Boolean(
        load_default=False,
        metadata={"description": "Draft a new screening interview from the opening."},
    )


class OpeningUpdateSchema(OpeningInSchema):
    product_id = fields.Integer(dump_only=True)
    title = Trimmed(validate=TITLE)
    description = Trimmed(validate=LONG)
    company = Trimmed(validate=SHORT)
    location = Trimmed(validate=SHORT)
    department = Trimmed(validate=SHORT)
    salary_currency = fields.String(validate=validate.Regexp(r"^[A-Z]{3}$"))
    job_type = fields.String(validate=validate.OneOf(JOB_TYPES))
    work_mode = fields.String(validate=validate.OneOf(WORK_MODES))
    experience_level = fields.String(validate=validate.OneOf(LEVELS))
    required_skills = fields.List(SKILL, validate=validate.Length(max=30))
    status = fields.String(validate=validate.OneOf(OPENING_STATUSES))
    draft_interview_now = fields.Boolean()


class PublicJobSchema(Schema):
    """What anyone may read about an open job."""

    id = fields.Integer(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    company = fields.String(required=True)
    location = fields.String(required=True)
    department = fields.String(required=True)
    salary_min = fields.Integer(allow_none=True, required=True)
    salary_max = fields.Integer(allow_none=True, required=True)
    salary_currency = fields.String(required=True)
    job_type = fields.String(required=True)
    work_mode = fields.String(required=True)
    experience_level = fields.String(required=True)
    required_skills = fields.List(fields.String(), required=True)
    published_at = fields.DateTime(allow_none=True, required=True)


class OpeningSchema(PublicJobSchema):
    product_id = fields.Integer(required=True)
    interview_id = fields.Integer(allow_none=True, required=True)
    status = fields.String(required=True)
    closed_at = fields.DateTime(allow_none=True, required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)


class OpeningQuerySchema(PageQuerySchema):
    status = fields.String(validate=validate.OneOf(OPENING_STATUSES))


class JobSearchSchema(PageQuerySchema):
    q = Trimmed(validate=SHORT, metadata={"description": "Keyword"})
    location = Trimmed(validate=SHORT)
    job_type = fields.String(validate=validate.OneOf(JOB_TYPES))
    work_mode = fields.String(validate=validate.OneOf(WORK_MODES))
    level = fields.String(validate=validate.OneOf(LEVELS))


class ApplyFormSchema(Schema):
    """The apply form's fields (multipart, beside the `resume` file)."""

    name = Trimmed(required=True, validate=TITLE)
    email = Trimmed(
        required=True,
        validate=[validate.Length(max=254), validate.Email(error="Not a valid email.")],
    )
    phone = Trimmed(
        load_default="",
        validate=validate.Regexp(
            r"^[0-9+() .-]{0,40}$", error="Use digits, spaces and + ( ) - only."
        ),
    )
    location = Trimmed(load_default="", validate=SHORT)
    cover_letter = Trimmed(load_default="", validate=LONG)
    years_experience = fields.Float(
        allow_none=True, validate=validate.Range(min=0, max=60)
    )
    current_company = Trimmed(load_default="", validate=SHORT)
    current_position = Trimmed(load_default="", validate=SHORT)
    expected_salary = fields.Integer(allow_none=True, validate=SALARY)
    availability = Trimmed(load_default="", validate=SHORT)
    consent = fields.Boolean(
        required=True,
        truthy={True, "1", "true", "on", "yes"},
        validate=validate.Equal(True, error=CONSENT_NEEDED),
        error_messages={"required": CONSENT_NEEDED, "invalid": CONSENT_NEEDED},
    )
    resume_for_interview = fields.Boolean(
        load_default=False, truthy={True, "1", "true", "on", "yes"}
    )


APPLY_MULTIPART = {
    "type": "object",
    "required": ["name", "email", "consent", "resume"],
    "properties": {
        "name": {"type": "string", "maxLength": 120},
        "email": {"type": "string", "format": "email"},
        "phone": {"type": "string", "maxLength": 40},
        "location": {"type": "string", "maxLength": 120},
        "cover_letter": {"type": "string", "maxLength": 20000},
        "years_experience": {"type": "number", "minimum": 0, "maximum": 60},
        "current_company": {"type": "string", "maxLength": 120},
        "current_position": {"type": "string", "maxLength": 120},
        "expected_salary": {"type": "integer", "minimum": 0},
        "availability": {"type": "string", "maxLength": 120},
        "consent": {
            "type": "boolean",
            "description": "Consent to processing this application (required).",
        },
        "resume_for_interview": {
            "type": "boolean",
            "description": "Let the AI interviewer ask about the resume.",
        },
        "resume": {
            "type": "string",
            "format": "binary",
            "description": "PDF or DOCX, at most 10 MB (checked by content).",
        },
    },
}


class AppliedSchema(Schema):
    id = fields.Integer(required=True)
    stage = fields.String(required=True)
    parse_status = fields.String(required=True)
    message = fields.String(required=True)


class MatchPartSchema(Schema):
    key = fields.String(required=True)
    label = fields.String(required=True)
    points = fields.Integer(required=True)
    max = fields.Integer(required=True)
    why = fields.String(required=True)


class ApplicationSchema(Schema):
    id = fields.Integer(required=True)
    opening_id = fields.Integer(required=True)
    name = fields.String(required=True)
    email = fields.String(required=True)
    phone = fields.String(required=True)
    location = fields.String(required=True)
    cover_letter = fields.String(required=True)
    years_experience = fields.Float(allow_none=True, required=True)
    current_company = fields.String(required=True)
    current_position = fields.String(required=True)
    expected_salary = fields.Integer(allow_none=True, required=True)
    availability = fields.String(required=True)
    resume_filename = fields.String(required=True)
    resume_kind = fields.String(required=True)
    resume_size = fields.Integer(required=True)
    resume_for_interview = fields.Boolean(required=True)
    parse_status = fields.String(required=True)
    parse_error = fields.String(allow_none=True, required=True)
    parsed_skills = fields.List(fields.String(), required=True)
    parsed_years = fields.Float(allow_none=True, required=True)
    parsed_level = fields.String(allow_none=True, required=True)
    resume_flags = fields.List(fields.String(), required=True)
    match_score = fields.Integer(allow_none=True, required=True)
    match_parts = fields.List(fields.Nested(MatchPartSchema), required=True)
    stage = fields.String(required=True)
    stage_changed_at = fields.DateTime(allow_none=True, required=True)
    invitation_id = fields.Integer(allow_none=True, required=True)
    interview_score = fields.Function(
        lambda a: (
            a.invitation.session.overall_score
            if a.invitation and a.invitation.session
            else None
        ),
        allow_none=True,
        required=True,
    )
    created_at = fields.DateTime(required=True)


class CandidateQuerySchema(PageQuerySchema):
    sort = fields.String(
        load_default="match", validate=validate.OneOf(["match", "new"])
    )
    stage = fields.String(validate=validate.OneOf(APPLICATION_STAGES))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))


STAGE_CHOICES = ("under_review", "interview_scheduled", "selected", "rejected")


class StageMoveSchema(Schema):
    stage = fields.String(required=True, validate=validate.OneOf(STAGE_CHOICES))
    note = Trimmed(load_default="", validate=validate.Length(max=2000))


class BulkStageMoveSchema(StageMoveSchema):
    application_ids = fields.List(
        fields.Integer(validate=ID),
        required=True,
        validate=validate.Length(min=1, max=200),
    )


class BulkMovedSchema(Schema):
    moved = fields.List(fields.Integer(), required=True)
    problems = fields.Dict(keys=fields.String(), values=fields.String(), required=True)


class JobStatsSchema(Schema):
    openings_by_status = fields.Dict(keys=fields.String(), values=fields.Integer())
    applications = fields.List(fields.Dict())
    conversion = fields.Dict()
    time_to_first_interview = fields.Dict()


class QualityRatingsSchema(Schema):
    good = fields.Integer(required=True)
    okay = fields.Integer(required=True)
    poor = fields.Integer(required=True)
    rated = fields.Integer(required=True)
    comments = fields.Integer(
        required=True, metadata={"description": "Ratings that came with a comment."}
    )
    good_rate = fields.Float(allow_none=True, required=True)


class DropOffSchema(Schema):
    question_id = fields.Integer(required=True)
    number = fields.Integer(required=True)
    text = fields.String(required=True)
    reached = fields.Integer(
        required=True, metadata={"description": "Sessions that got to this question."}
    )
    stopped = fields.Integer(
        required=True,
        metadata={"description": "Unfinished sessions that stopped here."},
    )
    abandoned = fields.Integer(required=True)
    in_progress = fields.Integer(required=True)


class StoppedBeforeSchema(Schema):
    abandoned = fields.Integer(required=True)
    in_progress = fields.Integer(required=True)


class OpeningQualitySchema(Schema):
    opening_id = fields.Integer(required=True)
    interview_id = fields.Integer(allow_none=True, required=True)
    invited = fields.Integer(required=True)
    started = fields.Integer(required=True)
    completed = fields.Integer(required=True)
    abandoned = fields.Integer(required=True)
    in_progress = fields.Integer(required=True)
    completion_rate = fields.Float(
        allow_none=True, required=True, metadata={"description": "completed / started"}
    )
    median_duration_seconds = fields.Float(allow_none=True, required=True)
    ratings = fields.Nested(QualityRatingsSchema, required=True)
    drop_off = fields.List(fields.Nested(DropOffSchema), required=True)
    stopped_before_first_question = fields.Nested(StoppedBeforeSchema, required=True)
