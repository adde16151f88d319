"""JSON API of the question bank: coverage."""

from app.auth.decorators import login_required
from app.openapi import operation
from app.practice import bank, bp
from app.practice.bank_schemas import CoverageSchema


@bp.get("/api/v1/practice/questions/coverage")
@login_required
@operation(
    "How many questions the bank holds per track, company, difficulty and tag",
    tags=["practice"],
    responses={200: CoverageSchema},
    description="Counts active questions (loaded with `flask questions load`). "
    "`cells` lists every (track, company style, difficulty) cell that has questions.",
)
def api_coverage():
    return bank.coverage()
