"""gunicorn settings for production: `make serve` or `gunicorn -c gunicorn.conf.py`.

One gevent worker per process holds thousands of WebSocket connections; scale out with
more processes (or machines) behind a load balancer with sticky sessions, all sharing
PostgreSQL and Redis (REDIS_URL). Never install gevent-websocket: with it, every
WebSocket fails under -k gevent; simple-websocket is what Flask-SocketIO uses here.
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


def post_worker_init(worker):
    """Ready the worker before it serves: load the AI provider and its SDK (a lazy
    import in the middle of a turn would stall every connection of the worker), and
    start the scoring worker, so a restart resumes unfinished scoring."""
    from flask import Flask

    from app.ai.providers import get_provider
    from app.scoring.worker import get_scoring_worker

    app = getattr(worker.wsgi, "app", worker.wsgi)  # a benchmark wraps it
    if isinstance(app, Flask):  # not gunicorn's stand-in for a broken app
        get_provider(app)
        get_scoring_worker(app).ensure_started()
