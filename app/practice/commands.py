"""`flask questions validate` and `flask questions load`: the question bank's files."""

from pathlib import Path

import click
from flask.cli import AppGroup

from app.ai.bank_files import QUESTIONS_DIR, read_bank, validate_bank
from app.extensions import db
from app.practice import bank

questions_cli = AppGroup("questions", help="The practice question bank.")

ROOT_OPTION = click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=QUESTIONS_DIR,
    show_default=True,
    help="The bank's folder.",
)


@questions_cli.command("validate")
@ROOT_OPTION
def validate_command(root):
    """Check the bank: layout, non-empty cells, fields and allowed values, unique ids
    and near-duplicate texts. Exits 1 on any problem."""
    problems = validate_bank(root)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise SystemExit(1)
    click.echo(f"The question bank is valid: {len(read_bank(root))} questions.")


@questions_cli.command("load")
@ROOT_OPTION
def load_command(root):
    """Insert or update every question of the bank in the database (idempotent)."""
    try:
        counts = bank.load_bank(root)
    except bank.BankInvalid as error:
        for problem in error.problems:
            click.echo(problem, err=True)
        raise SystemExit(1) from error
    db.session.commit()
    click.echo(f"Loaded {counts['loaded']} questions; {counts['retired']} retired.")
