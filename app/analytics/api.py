"""JSON API for analytics: per interview, per product, across the account, and the
cached AI insights of an interview. Everyone sees only their own (admins: all)."""

from flask_jwt_extended import get_current_user

from app.analytics import bp, insights, rollups, service
from app.analytics.schemas import (
    AccountAnalyticsSchema,
    DateRangeQuerySchema,
    InsightsSchema,
    InterviewAnalyticsSchema,
    ProductAnalyticsSchema,
)
from app.auth.decorators import recruiter_required
from app.extensions import db
from app.openapi import API_PREFIX, operation

API = f"{API_PREFIX}/analytics"
TAGS = ["analytics"]
FIGURES = (
    "Funnel (invited, opened, started, completed; `rate` is the share of invited, "
    "`step_rate` of the step before), median duration of completed sessions, session "
    "score distribution (0-100 in ten buckets), recommendation counts, the average "
    "per competency over scored answers (answers without verified evidence are "
    "counted apart, never averaged) and answer figures (answers, scores, follow-ups). "
    "Invited counts every invitation, whatever its status now. `from` and `to` "
    "narrow every figure to the candidates invited in those days (inclusive, UTC)."
)


def _answer(report):
    # Reading may rebuild stale score totals (a cache); keep that work.
    db.session.commit()
    return report


@bp.get(f"{API}/interviews/<int:interview_id>")
@recruiter_required
@operation(
    "Analytics of one interview",
    tags=TAGS,
    query=DateRangeQuerySchema,
    responses={200: InterviewAnalyticsSchema},
    description=FIGURES
    + " Per question: answers, average score and spread, follow-ups, and unfinished "
    "sessions standing there (where candidates dropped out).",
)
def api_interview_analytics(interview_id, query):
    return _answer(service.interview_analytics(get_current_user(), interview_id, query))


@bp.get(f"{API}/products/<int:product_id>")
@recruiter_required
@operation(
    "Analytics of one product, rolled up over its interviews",
    tags=TAGS,
    query=DateRangeQuerySchema,
    responses={200: ProductAnalyticsSchema},
    description=FIGURES + " `interviews` gives the key figures of each interview.",
)
def api_product_analytics(product_id, query):
    return _answer(rollups.product_analytics(get_current_user(), product_id, query))


@bp.get(f"{API}/overview")
@recruiter_required
@operation(
    "Analytics across your whole account",
    tags=TAGS,
    query=DateRangeQuerySchema,
    responses={200: AccountAnalyticsSchema},
    description=FIGURES
    + " Covers every product you own (admins: every product); `products` gives the "
    "key figures of each.",
)
def api_account_analytics(query):
    return _answer(rollups.account_analytics(get_current_user(), query))


@bp.get(f"{API}/interviews/<int:interview_id>/insights")
@recruiter_required
@operation(
    "The cached AI insights of an interview",
    tags=TAGS,
    responses={200: InsightsSchema},
    description="3-5 observations across candidates, as last generated (none before "
    "the first POST). `stale` is true when sessions completed or answers were scored "
    "since.",
)
def api_get_insights(interview_id):
    return _answer(insights.cached_insights(get_current_user(), interview_id))


@bp.post(f"{API}/interviews/<int:interview_id>/insights")
@recruiter_required
@operation(
    "Generate the AI insights of an interview now",
    tags=TAGS,
    responses={200: InsightsSchema},
    errors=(503,),
    description="Sends the interview's statistics (aggregates and question texts, no "
    "candidate's name or words) to the AI provider and caches its 3-5 observations. "
    "The offline provider derives them from the statistics by fixed rules. 503 "
    "SERVICE_UNAVAILABLE when the provider fails (the cached ones are kept).",
)
def api_generate_insights(interview_id):
    result = insights.generate_insights(get_current_user(), interview_id)
    db.session.commit()
    return result
