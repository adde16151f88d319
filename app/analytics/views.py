"""Portal pages for analytics: the account overview, a product, an interview (with
its AI insights). Charts are drawn by static/js/analytics.js from a JSON block; every
number is also in a table on the page."""

from flask import flash, redirect, render_template, url_for
from flask_jwt_extended import get_current_user

from app.ai.scale import out_of_ten
from app.analytics import bp, charts, insights, rollups, service
from app.auth.decorators import recruiter_required
from app.errors import ConfigError, ServiceUnavailable
from app.extensions import db
from app.ownership import get_interview


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


def _render(template: str, report: dict, chart_specs: dict, **context):
    db.session.commit()  # reading may have rebuilt stale score totals
    return render_template(
        template, report=report, charts=chart_specs, steps=charts.STEP_LABELS, **context
    )


@bp.get("/portal/analytics")
@recruiter_required
def overview():
    report = rollups.account_analytics(get_current_user())
    chart_specs = charts.summary_charts(report)
    chart_specs["breakdown"] = charts.breakdown_chart(report["products"], "name")
    return _render("analytics/overview.html", report, chart_specs)


@bp.get("/portal/analytics/products/<int:product_id>")
@recruiter_required
def product(product_id):
    report = rollups.product_analytics(get_current_user(), product_id)
    chart_specs = charts.summary_charts(report)
    chart_specs["breakdown"] = charts.breakdown_chart(
        report["interviews"], "role_title"
    )
    return _render("analytics/product.html", report, chart_specs)


@bp.get("/portal/analytics/interviews/<int:interview_id>")
@recruiter_required
def interview(interview_id):
    user = get_current_user()
    report = service.interview_analytics(user, interview_id)
    chart_specs = {**charts.summary_charts(report), **charts.question_charts(report)}
    cached = insights.insights_for_report(get_interview(user, interview_id), report)
    return _render("analytics/interview.html", report, chart_specs, insight=cached)


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
