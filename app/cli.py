"""Flask commands: seed-demo, create-admin, score, questions validate/load."""

import click
from flask import Flask

from app.ai.providers import get_provider
from app.auth import service as accounts
from app.auth.schemas import RegisterSchema
from app.demo import DEMO_ADMIN, DEMO_RECRUITER, seed_demo
from app.errors import AppError
from app.extensions import db
from app.openapi import load_data
from app.practice.commands import questions_cli
from app.practice.demo import seed_practice_demo
from app.scoring.worker import get_scoring_worker


def register_commands(app: Flask) -> None:
    """Attach Viva's commands to `flask`."""
    app.cli.add_command(questions_cli)

    @app.cli.command("seed-demo")
    def seed_demo_command():
        """Create the demo accounts, product and interview (once; safe to rerun)."""
        result = seed_demo()
        db.session.commit()
        # Score the demo candidate's answers now, so its report is ready at once.
        get_scoring_worker(app).run_now()
        state = "Created" if result["created"] else "Already present:"
        click.echo(
            f"{state} demo data. Sign in at {app.config['PUBLIC_BASE_URL']}/login"
        )
        click.echo(f"  admin      {DEMO_ADMIN['email']} / {DEMO_ADMIN['password']}")
        click.echo(
            f"  recruiter  {DEMO_RECRUITER['email']} / {DEMO_RECRUITER['password']}"
        )
        click.echo(f"  candidate  {result['candidate_link']}")
        click.echo("             (a demo interview link; a new one on every start)")
        report = f"/portal/sessions/{result['completed_session'].id}"
        click.echo(f"  report     {app.config['PUBLIC_BASE_URL']}{report}")
        click.echo("             (a finished, scored demo interview; log in first)")
        practising = seed_practice_demo(get_provider(app))
        click.echo(
            f"  practice   {practising['email']} / {practising['password']}"
            "  (practises interviews: feedback, stats, skill gaps)"
        )

    @app.cli.command("score")
    @click.option("--once", is_flag=True, help="Score what is due now, then exit.")
    def score_command(once):
        """Score answers in this process: run it beside web processes that have
        SCORING_WORKER=manual, so scoring never takes CPU from live interviews."""
        worker = get_scoring_worker(app)
        if once:
            click.echo(f"Scored {worker.run_now()} answers.")
            return
        click.echo("Scoring due answers; Ctrl+C to stop.")
        worker.serve()

    @app.cli.command("create-admin")
    @click.option("--email", prompt=True)
    @click.option("--username", prompt=True)
    @click.option("--full-name", prompt=True)
    @click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
    def create_admin_command(email, username, full_name, password):
        """Create an admin account (or promote the account with this email)."""
        try:
            data = load_data(
                RegisterSchema,
                {
                    "email": email,
                    "username": username,
                    "full_name": full_name,
                    "password": password,
                },
            )
            user = accounts.create_admin(**data)
            db.session.commit()
        except AppError as error:
            db.session.rollback()
            details = "; ".join(
                f"{field}: {' '.join(map(str, msgs))}"
                for field, msgs in error.details.items()
            )
            raise click.ClickException(f"{error.message} {details}".strip()) from error
        click.echo(f"Admin {user.email} is ready.")
