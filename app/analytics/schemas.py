"""Response schemas of the analytics API (they also document it at /docs)."""

from marshmallow import Schema, fields

from app.ai.insights import KINDS
from app.models import INTERVIEW_STATUSES


def _count(description: str = "") -> fields.Integer:
    return fields.Integer(required=True, metadata={"description": description})


def _number(description: str = "") -> fields.Float:
    return fields.Float(
        required=True, allow_none=True, metadata={"description": description}
    )


RATE = "A fraction 0-1 (4 places); null when its base is 0."


class FunnelStepSchema(Schema):
    step = fields.String(
        required=True,
        metadata={"enum": ["invited", "opened", "started", "completed"]},
    )
    count = _count()
    rate = _number("Share of invited. " + RATE)
    step_rate = _number("Share of the step before (null for invited). " + RATE)


class SessionStatusCountsSchema(Schema):
    in_progress = _count()
    completed = _count()
    abandoned = _count()


class DurationFiguresSchema(Schema):
    median_seconds = _number("Median time from start to end of completed sessions.")
    completed = _count("Completed sessions.")


ScoreBucketSchema = Schema.from_dict(
    {
        "from": fields.Integer(required=True),
        "to": fields.Integer(required=True),
        "count": fields.Integer(required=True),
    },
    name="ScoreBucketSchema",
)


class SessionScoreFiguresSchema(Schema):
    scored = _count("Sessions with an overall score.")
    average = _number("Average overall score, 0-100.")
    distribution = fields.List(
        fields.Nested(ScoreBucketSchema),
        required=True,
        metadata={"description": "Ten buckets of 10 points; the last includes 100."},
    )


class RecommendationCountsSchema(Schema):
    advance = _count()
    consider = _count()
    do_not_advance = _count()


class CompetencyFiguresSchema(Schema):
    key = fields.String(required=True)
    name = fields.String(required=True)
    weight = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "Percent; null in roll-ups (rubrics differ)."},
    )
    average = _number("Average score 0-10 over the answers scored on it.")
    scored = _count()
    insufficient_evidence = _count(
        "Answers with no verified evidence for it (not in the average)."
    )


class AnswerFiguresSchema(Schema):
    answered = _count(
        "Answered questions, counted once evaluated (scored or needing review)."
    )
    scored = _count("Answers with an overall score (not needing review).")
    average_score = _number("Average answer score, 0-10.")
    followed_up = _count("Answers that needed at least one follow-up.")
    follow_ups = _count("Follow-up questions asked.")
    follow_up_rate = _number("followed_up / answered. " + RATE)


class StoppedSessionsSchema(Schema):
    abandoned = _count()
    in_progress = _count()


class QuestionFiguresSchema(AnswerFiguresSchema):
    id = fields.Integer(required=True)
    number = fields.Integer(required=True)
    text = fields.String(required=True)
    kind = fields.String(required=True)
    approved = fields.Boolean(required=True)
    score_spread = _number("Standard deviation of the answer scores.")
    competencies = fields.Dict(
        keys=fields.String(),
        values=fields.Float(allow_none=True),
        required=True,
        metadata={"description": "Average score per competency key."},
    )
    stopped = fields.Nested(
        StoppedSessionsSchema,
        required=True,
        metadata={"description": "Unfinished sessions standing at this question."},
    )


class DateRangeQuerySchema(Schema):
    """Which candidates the figures count: those invited from one day to another
    (inclusive, UTC). Either end may be left open; neither means all time; a `to`
    before `from` holds no day, so nobody."""

    from_ = fields.Date(
        data_key="from",
        attribute="from",
        metadata={"description": "First day invited, inclusive (UTC)."},
    )
    to = fields.Date(metadata={"description": "Last day invited, inclusive (UTC)."})


DateRangeSchema = Schema.from_dict(
    {
        "from": fields.Date(required=True, allow_none=True),
        "to": fields.Date(required=True, allow_none=True),
    },
    name="DateRangeSchema",
)


class ExperienceCommentSchema(Schema):
    rating = fields.String(required=True, metadata={"enum": ["good", "okay", "poor"]})
    comment = fields.String(required=True)
    at = fields.DateTime(required=True)


class ExperienceFiguresSchema(Schema):
    good = _count("Candidates who rated their interview good.")
    okay = _count("... okay.")
    poor = _count("... poor.")
    rated = _count("Candidates who rated it at all (the rating is optional).")
    good_rate = _number("Share of ratings that are good. " + RATE)


class InterviewExperienceSchema(ExperienceFiguresSchema):
    comments = fields.List(
        fields.Nested(ExperienceCommentSchema),
        required=True,
        metadata={"description": "The newest 20 comments, without names."},
    )


OverrideFiguresSchema = Schema.from_dict(
    {
        "answers": fields.Integer(
            required=True,
            metadata={
                "description": "Answers a recruiter re-scored. Answer and competency "
                "figures are the AI's scores; sessions' overall scores and "
                "recommendations use the recruiter's where there is one."
            },
        )
    },
    name="OverrideFiguresSchema",
)


class AnalyticsSummarySchema(Schema):
    range = fields.Nested(
        DateRangeSchema,
        required=True,
        metadata={
            "description": "The candidates counted: invited from `from` to `to` "
            "(inclusive, UTC); nulls mean open ends."
        },
    )
    funnel = fields.List(fields.Nested(FunnelStepSchema), required=True)
    sessions = fields.Nested(SessionStatusCountsSchema, required=True)
    duration = fields.Nested(DurationFiguresSchema, required=True)
    scores = fields.Nested(SessionScoreFiguresSchema, required=True)
    recommendations = fields.Nested(RecommendationCountsSchema, required=True)
    competencies = fields.List(fields.Nested(CompetencyFiguresSchema), required=True)
    answers = fields.Nested(AnswerFiguresSchema, required=True)
    experience = fields.Nested(
        ExperienceFiguresSchema,
        required=True,
        metadata={"description": "How candidates rated their interview at its end."},
    )
    overrides = fields.Nested(OverrideFiguresSchema, required=True)


class AnalyticsInterviewRefSchema(Schema):
    id = fields.Integer(required=True)
    role_title = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": list(INTERVIEW_STATUSES)})
    product_id = fields.Integer(required=True)
    product_name = fields.String(required=True)
    rubric_version = fields.Integer(required=True)


class InterviewAnalyticsSchema(AnalyticsSummarySchema):
    interview = fields.Nested(AnalyticsInterviewRefSchema, required=True)
    questions = fields.List(fields.Nested(QuestionFiguresSchema), required=True)
    stopped_before_first_question = fields.Nested(StoppedSessionsSchema, required=True)
    experience = fields.Nested(
        InterviewExperienceSchema,
        required=True,
        metadata={"description": "Ratings at the interview's end, with comments."},
    )


class AnalyticsBreakdownSchema(Schema):
    id = fields.Integer(required=True)
    invited = _count()
    opened = _count()
    started = _count()
    completed = _count()
    completion_rate = _number("completed / started. " + RATE)
    scored = _count("Sessions with an overall score.")
    average_score = _number("Average session score, 0-100.")
    median_duration_seconds = _number()
    answers = _count("Evaluated answers.")
    average_answer_score = _number("Average answer score, 0-10.")
    advance = _count()
    consider = _count()
    do_not_advance = _count()


class InterviewBreakdownSchema(AnalyticsBreakdownSchema):
    role_title = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": list(INTERVIEW_STATUSES)})


class ProductBreakdownSchema(AnalyticsBreakdownSchema):
    name = fields.String(required=True)
    archived = fields.Boolean(required=True)


class AnalyticsProductRefSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    archived = fields.Boolean(required=True)


class ProductAnalyticsSchema(AnalyticsSummarySchema):
    product = fields.Nested(AnalyticsProductRefSchema, required=True)
    interviews = fields.List(fields.Nested(InterviewBreakdownSchema), required=True)


class AnalyticsAccountSchema(Schema):
    products = _count("Products included.")


class AccountAnalyticsSchema(AnalyticsSummarySchema):
    account = fields.Nested(AnalyticsAccountSchema, required=True)
    products = fields.List(fields.Nested(ProductBreakdownSchema), required=True)


class InsightObservationSchema(Schema):
    kind = fields.String(required=True, metadata={"enum": list(KINDS)})
    text = fields.String(required=True)


class InsightBasisSchema(Schema):
    completed_sessions = _count()
    scored_answers = _count()


class InsightsSchema(Schema):
    interview_id = fields.Integer(required=True)
    observations = fields.List(fields.Nested(InsightObservationSchema), required=True)
    provider = fields.String(required=True, allow_none=True)
    model = fields.String(required=True, allow_none=True)
    generated_at = fields.DateTime(required=True, allow_none=True)
    based_on = fields.Nested(
        InsightBasisSchema,
        required=True,
        metadata={"description": "What the observations were drawn from."},
    )
    current = fields.Nested(
        InsightBasisSchema,
        required=True,
        metadata={"description": "What the interview has now."},
    )
    stale = fields.Boolean(
        required=True,
        metadata={"description": "True before the first run or when results changed."},
    )
