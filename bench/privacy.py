"""Privacy at scale: `flask pii rotate-keys` and one erasure over 10,000 sessions.

Seeds one interview with --sessions candidate sessions (bench/analytics_seed.py: every
invitation's name and email encrypted, messages and scores as the live interview
leaves them), then times:
- key rotation: the newest key put first, every encrypted column re-encrypted in
  batches (PII_BATCH_SIZE), then a second run that finds everything current;
- one erasure of one candidate (the recruiter's API call, the job run inline);
- the hourly retention purge once every session is past its period.
Prints figures; asserts nothing about time.

Run: .venv/bin/python bench/privacy.py [--sessions 10000] [--batch-size 500]
     [--database-url postgresql://user@host/db]
Without --database-url it uses a temporary SQLite file.
"""

import argparse
import base64
import os
import secrets
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

os.environ["VIVA_NO_DOTENV"] = "1"
# Run as a script, bench/ comes first on sys.path (bench/http.py would shadow `http`).
sys.path[0] = str(Path(__file__).resolve().parents[1])

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from config import normalise_database_url  # noqa: E402


def _timed(label: str, work):
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    print(f"{label:<44} {seconds:8.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="viva-bench-privacy-"))
    url = normalise_database_url(args.database_url or f"sqlite:///{workdir}/bench.db")
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=url,
        SQLALCHEMY_ENGINE_OPTIONS={},
        PII_BATCH_SIZE=args.batch_size,
        DATA_EXPORT_DIR=str(workdir / "exports"),
        RATELIMIT_ENABLED=False,
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        run(app, args)
        db.session.remove()
        db.drop_all()


def run(app, args) -> None:
    from app.models import Invitation, utcnow
    from app.privacy import purge, requests, service
    from app.privacy.keys import rotate_keys
    from bench.analytics_seed import seed_interview

    seeded = _timed(
        f"seed {args.sessions:,} sessions", lambda: seed_interview(args.sessions * 10)
    )
    print(
        f"  {seeded['invitations']:,} invitations, {seeded['messages']:,} messages, "
        f"{seeded['answers']:,} scored answers"
    )
    new_key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    app.config["PII_ENCRYPTION_KEYS"] = f"{new_key},{app.config['PII_ENCRYPTION_KEYS']}"
    report = _timed("flask pii rotate-keys (new key first)", rotate_keys)
    print(f"  {report.total_rotated:,} values re-encrypted")
    again = _timed("rotate-keys again (everything current)", rotate_keys)
    print(f"  {again.total_current:,} values already on the newest key")

    from app.models import Product, User, Workspace
    from app.ownership import ensure_workspace_of_one

    recruiter = db.session.get(User, seeded["user_id"])
    # Products belong to workspaces: put the seeded one into the recruiter's own.
    ensure_workspace_of_one(recruiter)
    workspace_id = db.session.scalar(
        db.select(Workspace.id).where(Workspace.personal_user_id == recruiter.id)
    )
    db.session.execute(
        db.update(Product)
        .where(Product.owner_id == recruiter.id)
        .values(workspace_id=workspace_id)
    )
    db.session.commit()
    invitation = db.session.scalars(
        db.select(Invitation).order_by(Invitation.id).limit(1)
    ).one()

    def erase_one():
        asked = requests.ask_for_candidate(recruiter, invitation.id, "erasure")
        db.session.commit()
        return service.run_request(asked.id)

    status = _timed("one erasure (request + job)", erase_one)
    print(f"  status: {status}")
    later = utcnow() + timedelta(days=3650)
    counts = _timed(
        "retention purge, every session past its period",
        lambda: purge.purge_expired(now=later),
    )
    print(f"  {counts['invitations']:,} invitations anonymized")


if __name__ == "__main__":
    main()
