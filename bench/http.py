"""Requests per second and latency of portal pages and the API, against bare Flask.

Starts the production server (gunicorn, one gevent worker, as `make serve`) on a
database seeded with a recruiter, an interview of 12 questions with 1,000 invitations
and 800 scored sessions, and an open opening, serving Viva and, in the same worker, two
bare Flask baselines (bench/http_app.py): a constant JSON document and the TechEmpower
"Fortunes" test (one query of a few rows rendered with a Jinja template). wrk
(`apt-get install wrk`) loads each URL in turn; the table gives requests per second,
p50 and p99, and each one's share of Fortunes' rate, then names the pages and API
lists under half of it.

    .venv/bin/python bench/http.py [--connections 8,32] [--seconds 10]
        [--database-url postgresql://.../an_empty_database]
"""

import sys
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path, where this module
# would shadow the standard library's `http`: put the project root there instead.
sys.path[0] = str(Path(__file__).resolve().parents[1])

import argparse
import re
import shutil
import subprocess
import tempfile
import uuid

from sqlalchemy import select

from bench.common import cpu_seconds, seeding_app

FORTUNES = "Fortunes (bare, 1 query)"
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def seed(database_url: str) -> dict:
    """A recruiter's interview of 12 questions with 1,000 invitations and 800 sessions
    (8,000 scored answers, as bench/analytics_seed.py writes them), an open opening on
    it, and the Fortunes table; the recruiter's login cookie and token."""
    from app.auth.tokens import issue_access_token
    from app.extensions import db
    from app.hiring.demo import seed_opening
    from app.models import Interview, InterviewSession, User
    from bench.analytics_seed import seed_interview
    from bench.http_app import seed_fortunes

    seed_fortunes(database_url)
    app = seeding_app(database_url)
    with app.app_context():
        seeded = seed_interview(
            8000, email=f"bench-{uuid.uuid4().hex[:10]}@example.com"
        )
        recruiter = db.session.get(User, seeded["user_id"])
        interview = db.session.get(Interview, seeded["interview_id"])
        opening = seed_opening(recruiter, interview)
        session_id = db.session.scalar(
            select(InterviewSession.id)
            .where(
                InterviewSession.interview_id == interview.id,
                InterviewSession.status == "completed",
            )
            .limit(1)
        )
        db.session.commit()
        token = issue_access_token(recruiter, sid=uuid.uuid4().hex, csrf="bench")
        cookie = f"{app.config['JWT_ACCESS_COOKIE_NAME']}={token}"
        seeded.update(
            cookie=cookie, token=token, session=session_id, opening=opening.id
        )
        db.engine.dispose()
    return seeded


def wrk(url: str, connections: int, seconds: int, header: str | None) -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if header:
        command += ["-H", header]
    output = subprocess.run(
        command + [url], capture_output=True, text=True, check=True
    ).stdout
    latency = {
        percent: float(value) * UNITS[unit]
        for percent, value, unit in re.findall(
            r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)$", output, re.MULTILINE
        )
    }
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency.get("50", float("nan")),
        "p99": latency.get("99", float("nan")),
        "errors": int(errors.group(1)) if errors else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", default="8,32")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench/http.py needs wrk: apt-get install -y wrk")
    from tests.support.production import ProductionServer, migrate

    workdir = Path(tempfile.mkdtemp(prefix="viva-http-"))
    database_url = args.database_url or f"sqlite:///{workdir / 'http.db'}"
    migrate(database_url)
    seeded = seed(database_url)
    server = ProductionServer(
        workdir, database_url, wsgi_app="bench.http_app:app", LOG_LEVEL="WARNING"
    ).start()
    cookie, bearer = (
        f"Cookie: {seeded['cookie']}",
        f"Authorization: Bearer {seeded['token']}",
    )
    interview, product = seeded["interview_id"], seeded["product_id"]
    session, opening = seeded["session"], seeded["opening"]
    targets = [
        ("bare Flask JSON", "/bare/json", None),
        (FORTUNES, "/bare/fortunes", None),
        ("page: portal home", "/portal", cookie),
        ("page: products", "/portal/products", cookie),
        ("page: product", f"/portal/products/{product}", cookie),
        ("page: interview", f"/portal/interviews/{interview}", cookie),
        ("page: candidates", f"/portal/interviews/{interview}/candidates", cookie),
        ("page: report", f"/portal/sessions/{session}", cookie),
        ("page: openings", "/portal/openings", cookie),
        ("page: opening board", f"/portal/openings/{opening}", cookie),
        ("page: analytics", "/portal/analytics", cookie),
        ("page: public jobs", "/jobs", None),
        ("API: products", "/api/v1/products", bearer),
        ("API: invitations, 20", f"/api/v1/interviews/{interview}/invitations", bearer),
        (
            "API: invitations, 100",
            f"/api/v1/interviews/{interview}/invitations?per_page=100",
            bearer,
        ),
        ("API: sessions, 20", f"/api/v1/interviews/{interview}/sessions", bearer),
        ("API: openings", "/api/v1/openings", bearer),
        ("API: job candidates", f"/api/v1/jobs/{opening}/candidates", bearer),
        ("API: analytics", f"/api/v1/analytics/interviews/{interview}", bearer),
    ]
    print(
        f"gunicorn gevent, 1 worker, {database_url.split(':')[0]}; wrk -t1, "
        f"{args.seconds} s per line; times in ms"
    )
    print(
        f"{'endpoint':<32} {'conns':>5} {'req/s':>8} {'p50':>7} {'p99':>7} "
        f"{'vs Fortunes':>8} {'errors':>6}"
    )
    try:
        pid = server.worker_pid()
        cpu_before = cpu_seconds(pid)
        for connections in (int(c) for c in args.connections.split(",")):
            rates = {}
            for name, path, header in targets:
                wrk(server.url + path, connections, 2, header)  # warm up
                result = wrk(server.url + path, connections, args.seconds, header)
                rates[name] = result["rps"]
                share = result["rps"] / rates.get(FORTUNES, result["rps"])
                print(
                    f"{name:<32} {connections:>5} {result['rps']:>8.0f} "
                    f"{result['p50']:>7.1f} {result['p99']:>7.1f} "
                    f"{share:>8.2f} {result['errors']:>6}",
                    flush=True,
                )
            slow = [n for n in rates if n.startswith(("page", "API"))]
            slow = [n for n in slow if rates[n] < 0.5 * rates[FORTUNES]]
            print(
                f"under half of Fortunes at {connections} connections: "
                + (", ".join(slow) or "none"),
                flush=True,
            )
        print(f"server CPU: {cpu_seconds(pid) - cpu_before:.0f} s")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
