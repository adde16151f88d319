"""The interview figures rolled up over a product or a recruiter's whole account, with
one row of key figures per interview (product) or per product (account)."""

from sqlalchemy import select

from app.analytics import queries
from app.analytics.service import (
    FUNNEL_STEPS,
    add_up,
    average,
    competency_items,
    dated_scope,
    ratio,
    rounded,
    summary,
)
from app.analytics.sql import Scope
from app.extensions import db
from app.models import OVERALL_KEY, RECOMMENDATIONS, Interview, Product, Question, User
from app.ownership import get_product, visible_product_ids, visible_products

BLANK = {
    **{step: 0 for step in FUNNEL_STEPS},
    "completion_rate": None,
    "scored": 0,
    "average_score": None,
    "median_duration_seconds": None,
    "answers": 0,
    "average_answer_score": None,
    **{value: 0 for value in RECOMMENDATIONS},
}


def _owners(scope: Scope, by: str) -> dict:
    """The interview (or product) each question in scope belongs to."""
    column = Interview.id if by == "interview" else Interview.product_id
    statement = (
        select(Question.id, column)
        .join(Interview, Question.interview_id == Interview.id)
        .where(scope.condition)
    )
    return dict(db.session.execute(statement).all())


def _answer_sums(score_totals: dict, owners: dict) -> dict:
    """Answer-level score totals added up per interview or product."""
    grouped: dict = {}
    for question_id, by_key in score_totals.items():
        if OVERALL_KEY in by_key:
            grouped.setdefault(owners.get(question_id), []).append(by_key[OVERALL_KEY])
    return {owner: add_up(rows) for owner, rows in grouped.items()}


def breakdown(scope: Scope, by: str, grouped: tuple, score_totals: dict) -> dict:
    """Key figures per interview or per product: {id: {...}}."""
    counts, scores, medians = grouped
    answer_sums = _answer_sums(score_totals, _owners(scope, by))
    figures = {}
    for key in set(counts) | set(answer_sums):
        funnel_counts = counts.get(key) or {step: 0 for step in FUNNEL_STEPS}
        score = scores.get(key, {})
        answered = answer_sums.get(key, {})
        figures[key] = {
            **{step: funnel_counts[step] for step in FUNNEL_STEPS},
            "completion_rate": ratio(
                funnel_counts["completed"], funnel_counts["started"]
            ),
            "scored": score.get("scored", 0),
            "average_score": rounded(score.get("average")),
            "median_duration_seconds": rounded(medians.get(key), 1),
            "answers": answered.get("evaluations", 0),
            "average_answer_score": rounded(average(answered)),
            **{value: score.get(value, 0) for value in RECOMMENDATIONS},
        }
    return figures


def rollup(scope: Scope, by: str, children: list[dict]) -> dict:
    """The summary over the scope, plus `<by>s`: each child with its figures."""
    items = competency_items(queries.rubrics(scope))
    grouped = (
        queries.funnel_counts(scope, by),
        queries.session_scores(scope, by),
        queries.median_durations(scope, by),
    )
    report, score_totals, _follow_ups = summary(scope, items, grouped)
    figures = breakdown(scope, by, grouped, score_totals)
    report[f"{by}s"] = [
        dict(child, **figures.get(child["id"], BLANK)) for child in children
    ]
    return report


def product_analytics(user: User, product_id: int, period: dict | None = None) -> dict:
    """The interview figures rolled up over one product, with a row per interview
    (for the candidates invited in `period`, or all time)."""
    product = get_product(user, product_id)
    interviews = db.session.scalars(
        select(Interview)
        .where(Interview.product_id == product.id)
        .order_by(Interview.created_at.desc(), Interview.id.desc())
    )
    children = [
        {"id": i.id, "role_title": i.role_title, "status": i.status} for i in interviews
    ]
    scope = dated_scope(Interview.product_id == product.id, period)
    report = rollup(scope, "interview", children)
    report["product"] = {
        "id": product.id,
        "name": product.name,
        "archived": product.archived_at is not None,
    }
    return report


def account_analytics(user: User, period: dict | None = None) -> dict:
    """The figures over every product the user may see, with a row per product
    (for the candidates invited in `period`, or all time)."""
    products = db.session.scalars(
        visible_products(user).order_by(Product.name, Product.id)
    )
    children = [
        {"id": p.id, "name": p.name, "archived": p.archived_at is not None}
        for p in products
    ]
    condition = Interview.product_id.in_(visible_product_ids(user))
    report = rollup(dated_scope(condition, period), "product", children)
    report["account"] = {"products": len(children)}
    return report
