"""Concurrent live interviews: Viva in production mode against the bare relay.

For each N, N simulated candidates (python-socketio clients over WebSocket, in this
gevent process) each take a whole interview: invite link, consent and Start over HTTP,
then the socket. The server is `gunicorn -k gevent -w 1` (as `make serve`) with the
gemini provider pointed at the fake Gemini (bench turn: 60 words in 12 chunks 80 ms
apart after 300 ms, each chunk stamped with its index and send time). Candidates
"think" 3 s (jittered) before each answer. The same workload then runs against
bench/baseline_relay.py, which relays the same fake stream with no database or
conductor.

    .venv/bin/python bench/live_interviews.py [--n 100,250,500,1000]
        [--target both|viva|baseline] [--questions 4] [--think 3]
        [--database-url postgresql://...] [--queue-url redis://...]
        [--scoring-process]

Prints per N: interviews completed/failed, chunks lost/duplicated/out of order,
answer-ack p50/p99, server-added delay to the first chunk (minus the fake's 300 ms)
p50/p99, relay delay per chunk p50/p99, server CPU seconds per interview, peak RSS;
then the largest N each sustains (relay p99 <= 150 ms, nothing lost or failed) and
their ratio.
"""

from gevent import monkey

monkey.patch_all()

import sys
from pathlib import Path

# Run as a script, bench/ comes first on sys.path, where bench/http.py would shadow
# the standard library's `http`: put the project root there instead.
sys.path[0] = str(Path(__file__).resolve().parents[1])

import argparse
import random
import re
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field

import gevent
import requests
import socketio

from bench.common import (
    FAKE_GEMINI_KEY,
    ROOT,
    cpu_seconds,
    die_with_parent,
    participant_cookie,
    peak_rss_mb,
    percentile,
    seeding_app,
    start_fake_gemini,
    wait_for_http,
)
from tests.support.server_process import free_port

NAMESPACE = "/interview"
FAKE_FIRST_DELAY = 0.300
CHUNKS_PER_TURN = 12
STAMP = re.compile(r"\[c(\d+)@([\d.]+)\]")
# Says tests/fakes/gemini_server.BENCH_EVIDENCE, which the fake evaluator quotes.
ANSWER = (
    "In my last role I owned the billing service. When invoices started failing I "
    "traced it to a race in the retry worker, added an idempotency key, wrote a test "
    "that reproduced it, and we went from forty failures a day to none."
)


@dataclass
class Figures:
    """What the candidates measured in one run."""

    completed: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    lost: int = 0
    duplicated: int = 0
    out_of_order: int = 0
    fallback_turns: int = 0
    acks: list[float] = field(default_factory=list)
    first_chunk: list[float] = field(default_factory=list)
    relay: list[float] = field(default_factory=list)
    active: int = 0
    peak_active: int = 0


class Candidate:
    """One simulated candidate taking a whole interview."""

    def __init__(self, figures: Figures, base_url: str, link: str | None, think: float):
        self.figures, self.base_url, self.link, self.think = (
            figures,
            base_url,
            link,
            think,
        )
        self.turn_ended = gevent.event.Event()
        self.done = gevent.event.Event()
        self.turns: dict[int, dict] = {}
        self.answer_sent_at: float | None = None
        self.last_turn_end: dict | None = None

    def on_delta(self, data):
        now = time.time()
        turn = self.turns.setdefault(data["seq"], {"chunks": [], "offset": 0})
        if data["offset"] != turn["offset"]:
            self.figures.out_of_order += 1
        turn["offset"] = data["offset"] + len(data["text"])
        for index, sent in STAMP.findall(data["text"]):
            turn["chunks"].append(int(index))
            self.figures.relay.append(now - float(sent))
            if int(index) == 0 and self.answer_sent_at is not None:
                delay = now - self.answer_sent_at - FAKE_FIRST_DELAY
                self.figures.first_chunk.append(delay)
                self.answer_sent_at = None

    def on_turn_end(self, data):
        chunks = self.turns.get(data["message"]["seq"], {"chunks": []})["chunks"]
        stored = [int(i) for i, _ in STAMP.findall(data["message"]["text"])]
        if not stored:
            self.figures.fallback_turns += 1
        self.figures.lost += len(set(stored) - set(chunks))
        self.figures.duplicated += len(chunks) - len(set(chunks))
        if chunks != sorted(chunks):
            self.figures.out_of_order += 1
        self.last_turn_end = data
        self.turn_ended.set()

    def run(self) -> None:
        figures = self.figures
        client = socketio.Client(reconnection=False)
        client.on("turn_delta", self.on_delta, namespace=NAMESPACE)
        client.on("turn_end", self.on_turn_end, namespace=NAMESPACE)
        client.on("completed", lambda _data: self.done.set(), namespace=NAMESPACE)
        try:
            headers = {}
            if self.link:
                cookie = participant_cookie(requests.Session(), self.link)
                headers["Cookie"] = f"viva_participant={cookie}"
            client.connect(
                self.base_url,
                headers=headers,
                namespaces=[NAMESPACE],
                transports=["websocket"],
                wait_timeout=30,
            )
            figures.active += 1
            figures.peak_active = max(figures.peak_active, figures.active)
            try:
                self.converse(client)
            finally:
                figures.active -= 1
            figures.completed += 1
        except Exception as exc:  # any failure counts; the first few are shown
            figures.failed += 1
            if len(figures.errors) < 5:
                figures.errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            client.disconnect()

    def converse(self, client) -> None:
        answer_number = 0
        while True:
            if not self.turn_ended.wait(timeout=60):
                raise TimeoutError("no interviewer turn within 60 s")
            self.turn_ended.clear()
            if self.last_turn_end["state"]["status"] == "completed":
                if not self.done.wait(timeout=30):
                    raise TimeoutError("no completed event")
                return
            gevent.sleep(self.think * random.uniform(0.8, 1.2))
            answer_number += 1
            self.answer_sent_at = sent = time.time()
            ack = client.call(
                "answer",
                {"client_id": f"a{answer_number}", "text": ANSWER},
                namespace=NAMESPACE,
                timeout=30,
            )
            self.figures.acks.append(time.time() - sent)
            if not ack.get("ok"):
                raise RuntimeError(f"answer refused: {ack}")


def run_load(base_url: str, links: list, think: float, ramp_per_second: float):
    """Start one candidate per link (None: no consent step), ramped; wait for all."""
    figures = Figures()
    greenlets = []
    for n, link in enumerate(links):
        candidate = Candidate(figures, base_url, link, think)
        greenlets.append(gevent.spawn(candidate.run))
        if (n + 1) % max(1, int(ramp_per_second / 10)) == 0:
            gevent.sleep(0.1)
    gevent.joinall(greenlets)
    return figures


# ---- the servers ----


def seed_viva(database_url: str, n: int, questions: int, base_url: str) -> list[str]:
    """An active interview with `questions` (no follow-ups) and n invitation links."""
    from app.extensions import db
    from tests import factories

    app = seeding_app(database_url)
    with app.app_context():
        suffix = uuid.uuid4().hex[:10]  # the database may hold earlier runs
        recruiter = factories.make_user(
            email=f"bench-{suffix}@example.com", username=f"bench-{suffix}"
        )
        interview = factories.make_interview(
            factories.make_product(recruiter, name="Acme Robotics"),
            status="active",
            questions=questions,
            time_limit_minutes=60,
        )
        for question in interview.questions:
            question.follow_up_budget = 0
        db.session.commit()
        links = [
            f"{base_url}/i/{factories.make_invitation(interview)[1]}" for _ in range(n)
        ]
        db.engine.dispose()
    return links


class Viva:
    name = "viva"

    def __init__(
        self,
        workdir: Path,
        database_url: str,
        fake_url: str,
        scorer: bool = False,
        queue_url: str | None = None,
    ):
        from tests.support.production import ProductionServer, migrate

        migrate(database_url)
        self.database_url = database_url
        ai = {
            "AI_PROVIDER": "gemini",
            "GEMINI_API_KEY": FAKE_GEMINI_KEY,
            "GEMINI_BASE_URL": fake_url,
            "LOG_LEVEL": "WARNING",
            # One job queue for the web process and the worker process: Redis as in
            # production, or an SQLite file beside the database.
            "JOBS_QUEUE_URL": queue_url or f"sqlite:///{Path(workdir) / 'jobs.db'}",
            "JOBS_QUEUE_NAME": f"bench_{uuid.uuid4().hex[:8]}",
        }
        # With a worker process, the web process only enqueues the scoring jobs.
        self.scorer_env = ai if scorer else None
        self.scorer = None
        self.server = ProductionServer(
            workdir,
            database_url,
            JOBS_IN_PROCESS="false" if scorer else "true",
            **ai,
        )

    def start(self, n: int, questions: int) -> list:
        from tests.support.production import production_env

        self.server.start()
        if self.scorer_env is not None:
            env = production_env(self.server.url, self.database_url, **self.scorer_env)
            self.scorer = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "run.py", "jobs", "worker"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                preexec_fn=die_with_parent,
            )
        return seed_viva(self.database_url, n, questions, self.server.url)

    @property
    def url(self):
        return self.server.url

    def pid(self):
        return self.server.worker_pid()

    def stop(self):
        self.server.stop()
        if self.scorer is not None:
            self.scorer.terminate()
            self.scorer.wait(timeout=20)
            self.scorer = None


class Baseline:
    name = "baseline"

    def __init__(self, workdir: Path, fake_url: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.fake_url = fake_url
        self.process = None

    def start(self, n: int, questions: int) -> list:
        env = {
            "GEMINI_BASE_URL": self.fake_url,
            "QUESTIONS": str(questions),
            "PATH": "/usr/bin:/bin",
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-k",
                "gevent",
                "-w",
                "1",
                "--worker-connections",
                "4000",
                "-b",
                f"127.0.0.1:{self.port}",
                "bench.baseline_relay:app",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=die_with_parent,
        )
        wait_for_http(f"{self.url}/api/v1/health")
        return [None] * n

    def pid(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return int(children.read_text().split()[0])

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


# ---- the report ----


def measure(target, n: int, args) -> dict:
    links = target.start(n, args.questions)
    try:
        pid = target.pid()
        cpu_before, started = cpu_seconds(pid), time.monotonic()
        figures = run_load(target.url, links, args.think, args.ramp)
        elapsed = time.monotonic() - started
        cpu = cpu_seconds(pid) - cpu_before
        rss = peak_rss_mb(pid)
    finally:
        target.stop()
    ms = 1000
    return {
        "target": target.name,
        "n": n,
        "peak": figures.peak_active,
        "completed": figures.completed,
        "failed": figures.failed,
        "lost": figures.lost,
        "dup": figures.duplicated,
        "order": figures.out_of_order,
        "fallback": figures.fallback_turns,
        "ack50": percentile(figures.acks, 50) * ms,
        "ack99": percentile(figures.acks, 99) * ms,
        "first50": percentile(figures.first_chunk, 50) * ms,
        "first99": percentile(figures.first_chunk, 99) * ms,
        "relay50": percentile(figures.relay, 50) * ms,
        "relay99": percentile(figures.relay, 99) * ms,
        "cpu": cpu / max(1, figures.completed),
        "cpu_share": cpu / elapsed,
        "rss": rss,
        "seconds": elapsed,
        "errors": figures.errors,
    }


COLUMNS = (
    ("target", "{:>8}"),
    ("n", "{:>5}"),
    ("peak", "{:>5}"),
    ("completed", "{:>5}"),
    ("failed", "{:>4}"),
    ("lost", "{:>4}"),
    ("dup", "{:>3}"),
    ("order", "{:>3}"),
    ("fallback", "{:>3}"),
    ("ack50", "{:>6.1f}"),
    ("ack99", "{:>6.1f}"),
    ("first50", "{:>6.1f}"),
    ("first99", "{:>6.1f}"),
    ("relay50", "{:>6.1f}"),
    ("relay99", "{:>6.1f}"),
    ("cpu", "{:>6.3f}"),
    ("cpu_share", "{:>5.2f}"),
    ("rss", "{:>6.0f}"),
)
HEADER = (
    "  target     N  peak  done fail lost dup ord fbk  ack50  ack99 first50 first99"
    " relay50 relay99 cpu/iv  cores  rssMB"
)


def row(result: dict) -> str:
    return " ".join(fmt.format(result[key]) for key, fmt in COLUMNS)


def sustained(results: list[dict], name: str) -> int:
    ok = [
        r["n"]
        for r in results
        if r["target"] == name
        and r["failed"] == 0
        and r["lost"] == r["dup"] == r["order"] == 0
        and r["relay99"] <= 150
    ]
    return max(ok, default=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", default="100,250,500,1000")
    parser.add_argument(
        "--target", choices=("both", "viva", "baseline"), default="both"
    )
    parser.add_argument("--questions", type=int, default=4)
    parser.add_argument("--think", type=float, default=3.0)
    parser.add_argument(
        "--ramp", type=float, default=100, help="candidates started per second"
    )
    parser.add_argument(
        "--database-url", help="Viva's database (default: a new SQLite file)"
    )
    parser.add_argument(
        "--queue-url",
        help="where scoring jobs wait, e.g. redis://127.0.0.1:6379/0 as in production "
        "(default: an SQLite file)",
    )
    parser.add_argument(
        "--scoring-process",
        action="store_true",
        help="score answers in a `flask jobs worker` process of their own (the web "
        "process has JOBS_IN_PROCESS=false) instead of the web process's consumer",
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="viva-bench-"))
    database_url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    fake_port = free_port()
    fake = start_fake_gemini(fake_port)
    fake_url = f"http://127.0.0.1:{fake_port}"
    targets = []
    if args.target in ("both", "viva"):
        targets.append(
            Viva(workdir, database_url, fake_url, args.scoring_process, args.queue_url)
        )
    if args.target in ("both", "baseline"):
        targets.append(Baseline(workdir, fake_url))
    print(
        f"{args.questions} questions, think {args.think:g} s, ramp {args.ramp:g}/s, "
        f"Viva on {database_url.split(':')[0]}, jobs queued in "
        f"{(args.queue_url or 'sqlite').split(':')[0]}, scoring in "
        f"{'its own process' if args.scoring_process else 'the web process'}; "
        "times in ms; cpu/iv = web server CPU seconds per interview; cores = its CPU "
        "share over the run",
        flush=True,
    )
    print(HEADER, flush=True)
    results = []
    try:
        for n in (int(value) for value in args.n.split(",")):
            for target in targets:
                result = measure(target, n, args)
                results.append(result)
                print(row(result), flush=True)
                for error in result["errors"]:
                    print(f"         {target.name} error: {error}", flush=True)
    finally:
        fake.terminate()
    if args.target == "both":
        viva, base = sustained(results, "viva"), sustained(results, "baseline")
        ratio = viva / base if base else float("nan")
        print(
            f"largest N with relay p99 <= 150 ms and nothing lost: viva {viva}, "
            f"baseline {base}, ratio {ratio:.2f}"
        )


if __name__ == "__main__":
    main()
