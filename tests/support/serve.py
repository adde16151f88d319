"""Serve the app in testing mode for tests that need a real server (browser, contract).

Run as `python -m tests.support.serve`; the parent test passes PORT,
VIVA_SERVE_DATABASE_URL and optionally VIVA_SERVE_REDIS_URL and VIVA_SERVE_OVERRIDES
(JSON) in the environment. The override "PAUSED_JOBS" (task names from app/tasks.py)
is not configuration: those jobs are revoked here, so they never run in this server.
"""

import json
import os

os.environ["VIVA_NO_DOTENV"] = "1"

import werkzeug.serving  # noqa: E402

from app import create_app, tasks  # noqa: E402
from app.background import start_in_process  # noqa: E402
from app.extensions import db, socketio  # noqa: E402


def main() -> None:
    werkzeug.serving._log_add_style = False  # plain logs for test reports
    overrides = {
        "SQLALCHEMY_DATABASE_URI": os.environ["VIVA_SERVE_DATABASE_URL"],
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{os.environ['PORT']}",
    }
    redis_url = os.environ.get("VIVA_SERVE_REDIS_URL")
    if redis_url:
        overrides.update(REDIS_URL=redis_url, RATELIMIT_STORAGE_URI=redis_url)
    overrides.update(json.loads(os.environ.get("VIVA_SERVE_OVERRIDES") or "{}"))
    paused = overrides.pop("PAUSED_JOBS", [])
    app = create_app("testing", **overrides)
    for name in paused:
        getattr(tasks, name).revoke()
    with app.app_context():
        db.create_all()
    start_in_process(app)  # like run.py; nothing in immediate mode (the default)
    socketio.run(
        app,
        host="127.0.0.1",
        port=int(os.environ["PORT"]),
        allow_unsafe_werkzeug=True,
        log_output=False,
    )


if __name__ == "__main__":
    main()
