"""Request and response schemas for interviews and questions (validation, API docs)."""

from marshmallow import (
    Schema,
    ValidationError,
    fields,
    post_load,
    pre_dump,
    validate,
    validates,
    validates_schema,
)

from app.errors import MAX_RECORD_ID
from app.interviews.service import MAX_DRAFT_COUNT, MAX_QUESTIONS, interview_counts
from app.models import DIFFICULTIES, INTERVIEW_STATUSES, QUESTION_KINDS, SENIORITIES
from app.schemas import PageQuerySchema, Trimmed

RUBRIC_KEY = r"^[a-z][a-z0-9_-]{0,39}$"
LANGUAGE = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"


class StrictInteger(fields.Integer):
    """An integer that must be a JSON number: "5" and true are refused."""

    default_error_messages = {"invalid": "Enter a whole number."}

    def __init__(self, **kwargs):
        super().__init__(strict=True, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class StrictFloat(fields.Float):
    """A number that must be a JSON number: "7.5" and true are refused."""

    default_error_messages = {"invalid": "Enter a number."}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool | str):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class StrictBoolean(fields.Boolean):
    """Only JSON true or false."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


def _text(low: int, high: int, **kwargs) -> Trimmed:
    if low:
        message = f"Use {low}-{high} characters."
    else:
        message = f"Use at most {high:,} characters."
    return Trimmed(validate=validate.Length(min=low, max=high, error=message), **kwargs)


def _choice(values, **kwargs) -> fields.String:
    error = f"Choose one of: {', '.join(values)}."
    return fields.String(validate=validate.OneOf(values, error=error), **kwargs)


def _string_list(item_max: int, max_items: int, what: str, **kwargs) -> fields.List:
    item = Trimmed(
        validate=validate.Length(
            min=1, max=item_max, error=f"Use 1-{item_max} characters."
        )
    )
    too_many = f"Use at most {max_items} {what}."
    return fields.List(
        item, validate=validate.Length(max=max_items, error=too_many), **kwargs
    )


def _unique_casefold(values: list[str]) -> list[str]:
    seen, result = set(), []
    for value in values:
        if value.casefold() not in seen:
            seen.add(value.casefold())
            result.append(value)
    return result


# ---------------------------------------------------------------- rubric
_ANCHOR = validate.Length(min=1, max=300, error="Use 1-300 characters.")
RubricAnchorsSchema = Schema.from_dict(
    {
        "1": Trimmed(required=True, validate=_ANCHOR),
        "2": Trimmed(validate=_ANCHOR),
        "3": Trimmed(required=True, validate=_ANCHOR),
        "4": Trimmed(validate=_ANCHOR),
        "5": Trimmed(required=True, validate=_ANCHOR),
    },
    name="RubricAnchorsSchema",
)


class RubricItemSchema(Schema):
    key = Trimmed(
        required=True,
        validate=validate.Regexp(
            RUBRIC_KEY,
            error="Use a short slug: a-z, digits, '-' or '_', starting with a letter.",
        ),
        metadata={"example": "accuracy"},
    )
    name = _text(1, 60, required=True, metadata={"example": "Accuracy"})
    weight = StrictInteger(
        required=True,
        validate=validate.Range(
            min=1, max=100, error="Use a whole number from 1 to 100."
        ),
        metadata={"description": "Percent; the weights of a rubric add up to 100."},
    )
    anchors = fields.Nested(
        RubricAnchorsSchema,
        required=True,
        metadata={
            "description": "What a score of 1, 3 and 5 (and optionally 2, 4) means."
        },
    )


def rubric_problems(rubric: list[dict]) -> list[str]:
    """Whole-rubric rules: unique keys, weights adding up to 100."""
    if not all(
        isinstance(item, dict) and {"key", "weight"} <= set(item) for item in rubric
    ):
        return []  # some rows are invalid; their own messages say why
    problems = []
    keys = [item["key"] for item in rubric]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        problems.append(f"Competency keys must be unique: {', '.join(duplicates)}.")
    total = sum(item["weight"] for item in rubric)
    if total != 100:
        problems.append(f"Weights must add up to 100 (they add up to {total}).")
    return problems


# ---------------------------------------------------------------- interviews
class InterviewUpdateSchema(Schema):
    """Every field optional (PATCH); the create schema makes the role title required."""

    role_title = _text(2, 120, metadata={"example": "Backend Engineer"})
    job_description = _text(0, 10000)
    seniority = _choice(SENIORITIES)
    skills = _string_list(
        40, 30, "skills", metadata={"example": ["python", "sql", "rest api"]}
    )
    language = Trimmed(
        validate=validate.Regexp(
            LANGUAGE, error="Use a language code such as en or pt-BR."
        ),
        metadata={
            "example": "en",
            "description": "The language the AI interviewer and evaluator use. "
            "Candidate pages and emails are translated for en, es, fr and de "
            "(regional codes such as es-MX use their language), English otherwise.",
        },
    )
    persona_name = _text(1, 60, metadata={"example": "Alex"})
    persona_tone = _text(1, 60, metadata={"example": "warm and professional"})
    extra_instructions = _text(0, 4000)
    time_limit_minutes = StrictInteger(
        validate=validate.Range(min=5, max=240, error="Use 5-240 minutes.")
    )
    untimed = StrictBoolean(
        metadata={
            "description": "No time limit: the room shows no timer and the "
            "interview never ends for time (time_limit_minutes is kept, unused)."
        }
    )
    follow_up_depth = StrictInteger(
        validate=validate.Range(min=0, max=3, error="Use 0-3 follow-ups."),
        metadata={"description": "Default follow-up budget of new questions."},
    )
    rubric = fields.List(
        fields.Nested(RubricItemSchema),
        validate=validate.Length(min=1, max=12, error="Use 1-12 competencies."),
    )
    advance_threshold = StrictFloat(
        validate=validate.Range(min=0, max=10, error="Use a score from 0 to 10.")
    )
    consider_threshold = StrictFloat(
        validate=validate.Range(min=0, max=10, error="Use a score from 0 to 10.")
    )
    invite_expiry_days = StrictInteger(
        validate=validate.Range(min=1, max=90, error="Use 1-90 days.")
    )
    reminder_days_before = StrictInteger(
        validate=validate.Range(min=0, max=30, error="Use 0-30 days (0: no reminder)."),
        metadata={
            "description": "One reminder to candidates who have not started, this "
            "many days before their link expires (at least a day after the invitation "
            "was sent); 0 sends none."
        },
    )

    @validates("rubric")
    def _whole_rubric(self, value, **kwargs):
        problems = rubric_problems(value)
        if problems:
            raise ValidationError(problems)

    @validates_schema(skip_on_field_errors=False)
    def _thresholds(self, data, **kwargs):
        advance, consider = (
            data.get("advance_threshold"),
            data.get("consider_threshold"),
        )
        if advance is not None and consider is not None and consider > advance:
            raise ValidationError(
                "The consider threshold cannot be above the advance threshold.",
                "consider_threshold",
            )

    @post_load
    def _dedupe_skills(self, data, **kwargs):
        if "skills" in data:
            data["skills"] = _unique_casefold(data["skills"])
        return data


class InterviewCreateSchema(InterviewUpdateSchema):
    role_title = _text(2, 120, required=True, metadata={"example": "Backend Engineer"})


class InterviewDuplicateSchema(Schema):
    role_title = _text(
        2, 120, metadata={"description": "Title of the copy; default '<title> (copy)'."}
    )
    product_id = StrictInteger(
        validate=validate.Range(min=1, max=MAX_RECORD_ID),
        metadata={"description": "Put the copy under another of your products."},
    )


class InterviewQuerySchema(PageQuerySchema):
    status = _choice(INTERVIEW_STATUSES)


# ---------------------------------------------------------------- questions
class QuestionCreateSchema(Schema):
    """A manual question; it is approved on creation."""

    kind = _choice(QUESTION_KINDS)
    difficulty = _choice(DIFFICULTIES)
    text = _text(
        5, 2000, required=True, metadata={"example": "How would you test a login form?"}
    )
    skills = _string_list(40, 10, "skills")
    key_points = _string_list(
        300,
        10,
        "key points",
        metadata={
            "description": "What a good answer covers; never shown to candidates."
        },
    )
    model_answer = _text(
        0, 5000, metadata={"description": "Never shown to candidates."}
    )
    follow_up_budget = StrictInteger(
        validate=validate.Range(min=0, max=3, error="Use 0-3 follow-ups."),
        metadata={"description": "Defaults to the interview's follow-up depth."},
    )

    @post_load
    def _dedupe(self, data, **kwargs):
        for key in ("skills", "key_points"):
            if key in data:
                data[key] = _unique_casefold(data[key])
        return data


class QuestionUpdateSchema(QuestionCreateSchema):
    """Every field optional (PATCH)."""

    text = _text(5, 2000)
    approved = StrictBoolean(
        metadata={"description": "Only approved questions are asked in interviews."}
    )


class QuestionQuerySchema(PageQuerySchema):
    per_page = fields.Integer(
        load_default=MAX_QUESTIONS, validate=validate.Range(min=1, max=100)
    )


class ReorderSchema(Schema):
    question_ids = fields.List(
        StrictInteger(validate=validate.Range(min=1, max=MAX_RECORD_ID)),
        required=True,
        validate=validate.Length(max=MAX_QUESTIONS),
        metadata={
            "description": "Every question id of the interview, once, in order.",
            "uniqueItems": True,
        },
    )

    @validates("question_ids")
    def _no_repeats(self, value, **kwargs):
        if len(set(value)) != len(value):
            raise ValidationError("List each question once.")


class GenerateSchema(Schema):
    count = StrictInteger(
        load_default=5,
        validate=validate.Range(
            min=1, max=MAX_DRAFT_COUNT, error=f"Draft 1-{MAX_DRAFT_COUNT} questions."
        ),
    )


# ---------------------------------------------------------------- responses
class QuestionSchema(Schema):
    id = fields.Integer(required=True)
    interview_id = fields.Integer(required=True)
    position = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"enum": list(QUESTION_KINDS)})
    difficulty = fields.String(required=True, metadata={"enum": list(DIFFICULTIES)})
    text = fields.String(required=True)
    skills = fields.List(fields.String(), required=True)
    key_points = fields.List(fields.String(), required=True)
    model_answer = fields.String(required=True)
    follow_up_budget = fields.Integer(required=True)
    source = fields.String(required=True, metadata={"enum": ["manual", "ai", "bank"]})
    approved = fields.Boolean(required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)


class InterviewCountsSchema(Schema):
    questions = fields.Integer(required=True)
    approved_questions = fields.Integer(required=True)
    draft_questions = fields.Integer(required=True)
    invitations = fields.Integer(required=True)
    sessions = fields.Integer(required=True)
    completed_sessions = fields.Integer(required=True)


class ProductRefSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class _WithCounts:
    """An interview seen together with its counts, for dumping."""

    def __init__(self, interview):
        self._interview = interview
        self.counts = interview_counts(interview)

    def __getattr__(self, name):
        return getattr(self._interview, name)


class InterviewSummarySchema(Schema):
    id = fields.Integer(required=True)
    product = fields.Nested(ProductRefSchema, required=True)
    role_title = fields.String(required=True)
    seniority = fields.String(required=True, metadata={"enum": list(SENIORITIES)})
    skills = fields.List(fields.String(), required=True)
    language = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": list(INTERVIEW_STATUSES)})
    counts = fields.Nested(InterviewCountsSchema, required=True)
    activated_at = fields.DateTime(allow_none=True, required=True)
    closed_at = fields.DateTime(allow_none=True, required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)

    @pre_dump
    def _with_counts(self, interview, **kwargs):
        return _WithCounts(interview)


class InterviewSchema(InterviewSummarySchema):
    job_description = fields.String(required=True)
    persona_name = fields.String(required=True)
    persona_tone = fields.String(required=True)
    extra_instructions = fields.String(required=True)
    time_limit_minutes = fields.Integer(required=True)
    untimed = fields.Boolean(required=True)
    follow_up_depth = fields.Integer(required=True)
    rubric = fields.List(fields.Nested(RubricItemSchema), required=True)
    rubric_version = fields.Integer(required=True)
    advance_threshold = fields.Float(required=True)
    consider_threshold = fields.Float(required=True)
    invite_expiry_days = fields.Integer(required=True)
    reminder_days_before = fields.Integer(required=True)
    questions = fields.List(
        fields.Nested(QuestionSchema),
        required=True,
        metadata={"description": "In order."},
    )
