"""Interview setup: interviews, their questions and rubrics, drafting from the edge.

Routes live in views.py, api.py, question_views.py and questions_api.py; create_app
imports them (see app.routes), so importing a service of this package loads no pages.
"""

from flask import Blueprint

bp = Blueprint("interviews", __name__)
