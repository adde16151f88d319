"""Portal pages for analytics: the account overview, a product, an interview (with
its AI insights). Charts are drawn by static/js/analytics.js from a JSON block; every
number is also in a table on the page."""

from datetime import UTC, datetime, timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_jwt_extended import get_current_user

from app.ai.scale import out_of_ten
from app.analytics import bp, charts, insights, rollups, service
from app.analytics.schemas import DateRangeQuerySchema
from app.auth.decorators import recruiter_required
from app.errors import ConfigError, ServiceUnavailable, ValidationError
from app.extensions import db
from app.openapi import load_data
from app.ownership import get_interview

PRESET_DAYS = (7, 30, 90)


@bp.app_template_filter("percent")
def percent(rate) -> str:
    """0.7273 -> "72.7%"; None -> "–"."""
    return "–" if rate is None else f"{rate * 100:.1f}%".replace(".0%", "%")


@bp.app_template_filter("minutes")
def minutes(seconds) -> str:
    """1650 -> "27 min 30 s"; None -> "–"."""
    if seconds is None:
        return "–"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    mins, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {mins:02d} min"
    return f"{mins} min {secs:02d} s" if secs else f"{mins} min"


@bp.app_template_filter("figure")
def figure(value, places: int = 1) -> str:
    """A score or average for display; None -> "–"."""
    return "–" if value is None else f"{value:.{places}f}"


@bp.app_template_filter("overall")
def overall(value) -> str:
    """An overall score stored 0-100, shown like every score: out of 10; None -> "–"."""
    return figure(out_of_ten(value))


bp.add_app_template_filter(charts.bucket_label, "bucket_label")


def _period() -> tuple[dict, dict]:
    """The page's date range (validated; all time when it is not) and its errors."""
    raw = {k: v for k, v in request.args.items() if k in ("from", "to") and v}
    try:
        period = load_data(DateRangeQuerySchema, raw)
    except ValidationError as error:  # say why, and show all time meanwhile
        return {}, error.details
    start, end = period.get("from"), period.get("to")
    if start and end and start > end:  # the API answers nobody; a page says why
        return {}, {"to": ["Must not be before the first day."]}
    return period, {}


def _presets(period: dict) -> list[dict]:
    """Last 7, 30 and 90 days (today included) and all time, the chosen one marked."""
    today = datetime.now(UTC).date()
    chosen = (period.get("from"), period.get("to"))
    presets = []
    for days in PRESET_DAYS:
        start = today - timedelta(days=days - 1)
        query = f"from={start.isoformat()}&to={today.isoformat()}"
        presets.append(
            {
                "label": f"Last {days} days",
                "url": f"{request.path}?{query}",
                "current": chosen == (start, today),
            }
        )
    all_time = {"label": "All time", "url": request.path}
    presets.append({**all_time, "current": chosen == (None, None)})
    return presets


def _render(template: str, report: dict, chart_specs: dict, **context):
    db.session.commit()  # reading may have rebuilt stale score totals
    return render_template(
        template,
        report=report,
        charts=chart_specs,
        steps=charts.STEP_LABELS,
        range_values=request.args,
        presets=_presets(report["range"]),
        **context,
    )


@bp.get("/portal/analytics")
@recruiter_required
def overview():
    period, errors = _period()
    report = rollups.account_analytics(get_current_user(), period)
    chart_specs = charts.summary_charts(report)
    chart_specs["breakdown"] = charts.breakdown_chart(report["products"], "name")
    return _render("analytics/overview.html", report, chart_specs, errors=errors)


@bp.get("/portal/analytics/products/<int:product_id>")
@recruiter_required
def product(product_id):
    period, errors = _period()
    report = rollups.product_analytics(get_current_user(), product_id, period)
    chart_specs = charts.summary_charts(report)
    chart_specs["breakdown"] = charts.breakdown_chart(
        report["interviews"], "role_title"
    )
    return _render("analytics/product.html", report, chart_specs, errors=errors)


@bp.get("/portal/analytics/interviews/<int:interview_id>")
@recruiter_required
def interview(interview_id):
    user = get_current_user()
    period, errors = _period()
    report = service.interview_analytics(user, interview_id, period)
    chart_specs = {**charts.summary_charts(report), **charts.question_charts(report)}
    # Insights are about every candidate: judge them against the all-time figures.
    all_time = service.interview_analytics(user, interview_id) if period else report
    cached = insights.insights_for_report(get_interview(user, interview_id), all_time)
    return _render(
        "analytics/interview.html", report, chart_specs, insight=cached, errors=errors
    )


@bp.post("/portal/analytics/interviews/<int:interview_id>/insights")
@recruiter_required
def generate_insights(interview_id):
    user = get_current_user()
    get_interview(user, interview_id)  # another recruiter's id is a 404 page
    try:
        result = insights.generate_insights(user, interview_id)
        db.session.commit()
    except (ServiceUnavailable, ConfigError) as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        count = len(result["observations"])
        flash(f"Insights updated: {count} observations.", "success")
    target = url_for("analytics.interview", interview_id=interview_id)
    return redirect(f"{target}#insights")
