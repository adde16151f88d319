"""Analytics: funnel, durations, scores and insights per interview, product, account.

Read-only aggregates computed in SQL (queries.py), pages (views.py) and the JSON API
under /api/v1/analytics (api.py). AI insights per interview are cached (insights.py).
"""

from flask import Blueprint

bp = Blueprint("analytics", __name__)
