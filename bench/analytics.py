"""Analytics speed: bulk-seed one large interview, time every analytics endpoint and
page, and show how the times grow with the number of answers.

For each size (default 1,000, 10,000 and 100,000 answers: 100, 1,000 and 10,000
sessions, see bench/analytics_seed.py) a fresh database is filled with bulk inserts.
The first analytics read then rebuilds the per-question score totals from the
evaluations' JSON (rows written with Core inserts bypass the ORM hook that keeps them
up to date); that one-off time is printed apart. Then each endpoint and page is
requested through the Flask test client as the recruiter, --runs times after a warm-up,
and the median and slowest times are printed (server time, no network).

Run: .venv/bin/python bench/analytics.py [--sizes 1000,10000,100000] [--runs 7]
     [--database-url postgresql://user@host/db [--schema viva_bench]]
Without --database-url it uses a temporary SQLite file. With PostgreSQL, the tables
live in their own schema (created, emptied per size, dropped at the end), and VACUUM
ANALYZE runs after seeding, as autovacuum soon would.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ["VIVA_NO_DOTENV"] = "1"
# Run as a script, bench/ comes first on sys.path, where bench/http.py would shadow
# the standard library's `http`: put the project root there instead.
sys.path[0] = str(Path(__file__).resolve().parents[1])

from sqlalchemy import create_engine, text  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from bench.analytics_seed import PASSWORD, seed_interview  # noqa: E402
from config import normalise_database_url  # noqa: E402

TARGET_MS = 200
ENDPOINTS = [
    ("API interview", "GET", "/api/v1/analytics/interviews/{interview_id}"),
    ("API product", "GET", "/api/v1/analytics/products/{product_id}"),
    ("API overview", "GET", "/api/v1/analytics/overview"),
    (
        "API insights (cached)",
        "GET",
        "/api/v1/analytics/interviews/{interview_id}/insights",
    ),  # noqa: E501
    (
        "API insights (generate)",
        "POST",
        "/api/v1/analytics/interviews/{interview_id}/insights",
    ),  # noqa: E501
    ("page interview", "GET", "/portal/analytics/interviews/{interview_id}"),
    ("page product", "GET", "/portal/analytics/products/{product_id}"),
    ("page overview", "GET", "/portal/analytics"),
]


def make_app(database_url: str | None, schema: str, workdir: Path):
    """The app on a fresh database: a new SQLite file, or an emptied PG schema."""
    if database_url is None:
        uri, options = f"sqlite:///{workdir / 'bench.db'}", {}
    else:
        uri = normalise_database_url(database_url)
        options = {"connect_args": {"options": f"-csearch_path={schema}"}}
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=uri,
        SQLALCHEMY_ENGINE_OPTIONS=options,
        RATELIMIT_ENABLED=False,
    )
    with app.app_context():
        if database_url is not None:
            with db.engine.begin() as connection:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        db.create_all()
    return app


def log_in(app, email: str):
    """An API client with a bearer token and a portal client with cookies."""
    api = app.test_client()
    response = api.post(
        "/api/v1/auth/login", json={"email": email, "password": PASSWORD}
    )
    token = response.get_json()["access_token"]
    portal = app.test_client()
    response = portal.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return {"Authorization": f"Bearer {token}"}, api, portal


def call(clients, method: str, url: str) -> float:
    """One request; returns milliseconds. Fails loudly on anything but success."""
    headers, api, portal = clients
    client = portal if url.startswith("/portal") else api
    extra = headers if client is api else {"Accept": "text/html"}
    started = time.perf_counter()
    response = client.open(url, method=method, headers=extra)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{method} {url} answered {response.status_code}")
    return elapsed


def bench_size(args, answers: int, workdir: Path) -> dict:
    app = make_app(args.database_url, args.schema, workdir)
    with app.app_context():
        started = time.perf_counter()
        seeded = seed_interview(answers)
        seconds = time.perf_counter() - started
        db.session.remove()
        if args.database_url is not None:
            # What autovacuum does soon after a bulk insert (PostgreSQL 13+): without
            # it no index-only scan is possible yet.
            with db.engine.connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT")
                connection.execute(text("VACUUM ANALYZE"))
    print(
        f"\n{answers:,} answers: {seeded['sessions']:,} sessions, "
        f"{seeded['messages']:,} messages, {seeded['invitations']:,} invitations "
        f"(bulk insert {seconds:.1f} s)"
    )
    clients = log_in(app, "bench@example.com")
    ids = {"interview_id": seeded["interview_id"], "product_id": seeded["product_id"]}
    first = call(clients, "GET", ENDPOINTS[0][2].format(**ids))
    print(f"  first read, rebuilding the score totals: {first:8.1f} ms")
    medians = {}
    for name, method, path in ENDPOINTS:
        url = path.format(**ids)
        call(clients, method, url)  # warm-up
        times = [call(clients, method, url) for _ in range(args.runs)]
        medians[name] = statistics.median(times)
        flag = "" if medians[name] < TARGET_MS else f"  over {TARGET_MS} ms"
        print(
            f"  {name:26s} median {medians[name]:7.1f} ms   "
            f"max {max(times):7.1f} ms{flag}"
        )
    medians["first read (totals rebuilt)"] = first
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--schema", default="viva_bench")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    backend = "PostgreSQL" if args.database_url else "SQLite (temporary file)"
    print(f"Analytics benchmark on {backend}; {args.runs} runs per request, medians.")
    results = {}
    with tempfile.TemporaryDirectory() as workdir:
        for answers in sizes:
            sized_dir = Path(workdir) / str(answers)
            sized_dir.mkdir()
            results[answers] = bench_size(args, answers, sized_dir)
    if args.database_url is not None:
        engine = create_engine(normalise_database_url(args.database_url))
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{args.schema}" CASCADE'))
        engine.dispose()
    print("\nGrowth (median ms per request):")
    header = "".join(f"{answers:>12,}" for answers in sizes)
    print(f"  {'answers':28s}{header}")
    for name in results[sizes[0]]:
        row = "".join(f"{results[answers][name]:12.1f}" for answers in sizes)
        print(f"  {name:28s}{row}")


if __name__ == "__main__":
    main()
