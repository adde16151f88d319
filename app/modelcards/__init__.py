"""Model cards: per rubric version of an interview, what scores candidates (provider,
model, the evaluator's instructions hash), the rubric, AI-human agreement (from
recruiters' overrides) and the spread of scores so far; a page and exportable JSON."""

from flask import Blueprint

bp = Blueprint("modelcards", __name__)
