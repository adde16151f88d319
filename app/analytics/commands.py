"""`flask analytics rebuild-totals`: recount every question's score totals."""

import click

from app.analytics import bp, recount
from app.extensions import db


@bp.cli.command("rebuild-totals")
def rebuild_totals_command():
    """Recount the score totals analytics reads, from every evaluation (run after
    writing evaluations with bulk or Core statements)."""
    questions = recount.rebuild_all()
    db.session.commit()
    click.echo(f"Recounted the score totals of {questions} questions.")
