"""Flask commands: seed-demo, create-admin, jobs worker, jobs run-due, questions
validate/load."""

import click
from flask import Flask

from app.ai.providers import get_provider
from app.ai.providers.offline import OfflineProvider
from app.auth import service as accounts
from app.auth.schemas import RegisterSchema
from app.background import jobs, run_worker
from app.demo import DEMO_ADMIN, DEMO_RECRUITER, seed_demo
from app.errors import AppError
from app.extensions import db
from app.invitations import delivery
from app.models import utcnow
from app.openapi import load_data
from app.practice.commands import questions_cli
from app.practice.demo import seed_practice_demo
from app.scoring import service as scoring


def register_commands(app: Flask) -> None:
    """Attach Viva's commands to `flask`."""
    app.cli.add_command(questions_cli)

    @app.cli.command("seed-demo")
    def seed_demo_command():
        """Create the demo accounts, product and interview (once; safe to rerun)."""
        result = seed_demo()
        db.session.commit()
        # Score the demo candidate's answers here and now, so its report is ready at
        # once (their queued jobs then find nothing left to do).
        scoring.run_due(get_provider(app))
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
        click.echo(f"  job board  {app.config['PUBLIC_BASE_URL']}/jobs")
        report = f"/portal/sessions/{result['completed_session'].id}"
        click.echo(f"  report     {app.config['PUBLIC_BASE_URL']}{report}")
        click.echo("             (a finished, scored demo interview; log in first)")
        provider = get_provider(app)
        if provider.name == "offline":  # demo data needs no pacing between words
            provider = OfflineProvider()
        practising = seed_practice_demo(provider)
        click.echo(
            f"  practice   {practising['email']} / {practising['password']}"
            "  (practises interviews: feedback, stats, skill gaps)"
        )
        if app.config.get("DEV_MAILBOX_DIR"):
            mailbox = f"{app.config['PUBLIC_BASE_URL']}/dev/mailbox"
            click.echo(f"  mailbox    {mailbox}")
            click.echo(
                "             (the emails sent in development, with their links)"
            )

    @app.cli.group("jobs")
    def jobs_group():
        """Background jobs: run a worker process, or run what is due now."""

    @jobs_group.command("worker")
    @click.option(
        "--workers",
        type=click.IntRange(min=1),
        default=None,
        help="Jobs run at a time (threads); default JOBS_WORKERS.",
    )
    def jobs_worker_command(workers):
        """Run jobs from the queue until stopped (SIGTERM finishes the jobs in hand).
        Run any number beside web processes that have JOBS_IN_PROCESS=false."""
        count = workers or int(app.config["JOBS_WORKERS"])
        click.echo(
            f"Running jobs from {type(jobs.storage).__name__} ({count} at a time)"
        )
        run_worker(app, count)

    @jobs_group.command("run-due")
    def jobs_run_due_command():
        """Score the answers that are due, write due reports and retry due invitation
        emails in this process, then exit (the sweeps' work, done here and now)."""
        scored = scoring.run_due(get_provider(app))
        due = delivery.due_invitation_ids(utcnow())
        sent = sum(delivery.retry_invitation(i) == "sent" for i in due)
        click.echo(f"Scored {scored} answers; sent {sent} of {len(due)} due emails.")

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
