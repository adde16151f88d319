"""gunicorn settings for production: `make serve` or `gunicorn -c gunicorn.conf.py`.

One gevent worker per process holds thousands of WebSocket connections; scale out with
more processes (or machines) behind a load balancer with sticky sessions, all sharing
PostgreSQL and Redis (REDIS_URL). Background jobs run in this process too unless
JOBS_IN_PROCESS=false, which leaves them to `make worker` processes. Never install
gevent-websocket: with it, every WebSocket fails under -k gevent; simple-websocket is
what Flask-SocketIO uses here.
"""

import os
import sys

wsgi_app = "run:app"
bind = os.environ.get("BIND") or "0.0.0.0:8000"
worker_class = "gevent"
workers = 1  # Socket.IO needs sticky sessions per process: scale with processes instead
# gunicorn's default of 1,000 also caps plain HTTP; sockets are cheap under gevent.
worker_connections = int(os.environ.get("WORKER_CONNECTIONS") or 4000)
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 60)
graceful_timeout = 30
keepalive = 5
accesslog = "-"
errorlog = "-"
loglevel = (os.environ.get("LOG_LEVEL") or "info").lower()
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1"
CONFIG_REFUSED_EXIT = 3  # gunicorn's own code for "the app could not boot"


def on_starting(server):
    """Check the configuration in the master, before any worker forks: a refused one
    (missing or default secrets) stops gunicorn with the reason and a non-zero exit,
    instead of a worker that fails to boot and is restarted for ever."""
    from config import config_for

    problems = config_for(os.environ.get("APP_ENV")).problems()
    if problems:
        message = f"viva: refusing to start: {'; '.join(problems)}"
        server.log.error(message)
        print(message, file=sys.stderr, flush=True)
        sys.exit(CONFIG_REFUSED_EXIT)


def _flask_app(worker):
    from flask import Flask

    app = getattr(worker.wsgi, "app", worker.wsgi)  # a benchmark wraps it
    return app if isinstance(app, Flask) else None  # not gunicorn's stand-in


def post_worker_init(worker):
    """Ready the worker before it serves: load the AI provider and its SDK (a lazy
    import in the middle of a turn would stall every connection of the worker), and
    start consuming background jobs in greenlets unless JOBS_IN_PROCESS=false (a
    consumer's first sweep resumes work a previous process left undone)."""
    from app.ai.providers import get_provider
    from app.background import start_in_process

    app = _flask_app(worker)
    if app is not None:
        get_provider(app)
        start_in_process(app)


def worker_exit(server, worker):
    """Let the jobs in hand finish (up to 10 s); what is cut off is retried later."""
    from app.background import stop_in_process

    app = _flask_app(worker)
    if app is not None:
        stop_in_process(app)
