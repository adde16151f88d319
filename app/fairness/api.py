"""JSON API of the fairness report, for admins only."""

from flask_jwt_extended import get_current_user

from app.auth.decorators import role_required
from app.fairness import bp, service
from app.fairness.schemas import FairnessReportSchema
from app.openapi import operation
from app.ownership import get_interview


def report_payload(report: dict) -> dict:
    """The report as plain data: suppressed groups carry their size only."""

    def selection(group, kind):
        if group.suppressed:
            return None
        return {
            "selected": group.selected[kind],
            "rate": round(group.rates[kind], 4),
            "impact_ratio": (
                None
                if group.impact_ratios[kind] is None
                else round(group.impact_ratios[kind], 4)
            ),
            "below_four_fifths": kind in group.warnings,
        }

    return {
        "interview_id": report["interview"].id,
        "respondents": report["respondents"],
        "minimum_group": service.MIN_GROUP,
        "threshold": service.FOUR_FIFTHS,
        "dimensions": {
            name: [
                {
                    "value": group.value,
                    "people": group.people,
                    "suppressed": group.suppressed,
                    "recruiter": selection(group, "recruiter"),
                    "ai": selection(group, "ai"),
                }
                for group in groups
            ]
            for name, groups in report["dimensions"].items()
        },
    }


@bp.get("/api/v1/admin/fairness/interviews/<int:interview_id>")
@role_required("admin")
@operation(
    "Selection rates by self-identified group for one interview",
    tags=["admin"],
    responses={200: FairnessReportSchema},
    errors=(404,),
    description=(
        "Recruiters' `advance` decisions and the AI's `advance` recommendations per "
        "group of each voluntary self-identification question, with the impact "
        "ratio against the highest group (four-fifths rule). Groups under 5 people "
        "are suppressed. Admins only."
    ),
)
def api_fairness_report(interview_id):
    interview = get_interview(get_current_user(), interview_id)
    return report_payload(service.fairness_report(interview))
