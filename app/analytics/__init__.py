"""Analytics: funnel, durations, scores and insights per interview, product, account.

Read-only aggregates computed in SQL (queries.py), pages (views.py) and the JSON API
under /api/v1/analytics (api.py). AI insights per interview are cached (insights.py).
"""

from flask import Blueprint

bp = Blueprint("analytics", __name__)
from app.analytics import (  # noqa: E402,F401  (routes, commands, ORM listener)
    api,
    commands,
    totals,
    views,
)
