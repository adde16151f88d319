"""Requests per second and latency of portal pages and the API, against bare Flask.

Starts the production server (gunicorn, one gevent worker, as `make serve`) on a
database seeded with a recruiter, an interview of 5 questions and 1,000 invitations,
serving Viva and, in the same worker, a bare Flask JSON endpoint (bench/http_app.py).
wrk (`apt-get install wrk`) loads each URL in turn and the table gives requests per
second, p50 and p99, and each one's share of the bare endpoint's rate.

    .venv/bin/python bench/http.py [--connections 8,32] [--seconds 10]
        [--database-url postgresql://...]
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

from bench.common import cpu_seconds, seeding_app

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def seed(database_url: str) -> dict:
    """A recruiter's interview with 1,000 invitations; their login cookie and token."""
    from app.auth.tokens import issue_access_token
    from app.extensions import db
    from tests import factories

    app = seeding_app(database_url)
    with app.app_context():
        suffix = uuid.uuid4().hex[:10]  # the database may hold earlier runs
        recruiter = factories.make_user(
            email=f"bench-{suffix}@example.com", username=f"bench-{suffix}"
        )
        product = factories.make_product(recruiter, name="Acme Robotics")
        interview = factories.make_interview(product, questions=5, status="active")
        for _ in range(1000):
            factories.make_invitation(interview)
        token = issue_access_token(recruiter, sid=uuid.uuid4().hex, csrf="bench")
        cookie = f"{app.config['JWT_ACCESS_COOKIE_NAME']}={token}"
        seeded = {"interview": interview.id, "cookie": cookie, "token": token}
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
    interview = seeded["interview"]
    targets = [
        ("bare Flask JSON", "/bare/json", None),
        ("portal home", "/portal", cookie),
        ("interview detail page", f"/portal/interviews/{interview}", cookie),
        (
            "API: invitations, 100 of 1,000",
            f"/api/v1/interviews/{interview}/invitations?per_page=100",
            bearer,
        ),
        (
            "API: invitations, 20 of 1,000",
            f"/api/v1/interviews/{interview}/invitations",
            bearer,
        ),
    ]
    print(
        f"gunicorn gevent, 1 worker, {database_url.split(':')[0]}; wrk -t1, "
        f"{args.seconds} s per line; times in ms"
    )
    print(
        f"{'endpoint':<32} {'conns':>5} {'req/s':>8} {'p50':>7} {'p99':>7} "
        f"{'vs bare':>8} {'errors':>6}"
    )
    try:
        pid = server.worker_pid()
        cpu_before = cpu_seconds(pid)
        for connections in (int(c) for c in args.connections.split(",")):
            bare_rps = None
            for name, path, header in targets:
                wrk(server.url + path, connections, 2, header)  # warm up
                result = wrk(server.url + path, connections, args.seconds, header)
                bare_rps = bare_rps or result["rps"]
                print(
                    f"{name:<32} {connections:>5} {result['rps']:>8.0f} "
                    f"{result['p50']:>7.1f} {result['p99']:>7.1f} "
                    f"{result['rps'] / bare_rps:>8.2f} {result['errors']:>6}",
                    flush=True,
                )
        print(f"server CPU: {cpu_seconds(pid) - cpu_before:.0f} s")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
