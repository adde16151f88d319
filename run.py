"""Entry point: `python run.py` serves Viva via Flask-SocketIO; gunicorn: `run:app`."""

import os

from app import create_app
from app.background import start_in_process
from app.extensions import socketio

app = create_app()

if __name__ == "__main__":
    # One process does everything in development: it also runs the background jobs
    # (scoring, emails, sweeps), unless JOBS_IN_PROCESS=false leaves them to
    # `flask jobs worker`.
    start_in_process(app)
    socketio.run(
        app,
        host=os.environ.get("HOST") or "127.0.0.1",
        port=int(os.environ.get("PORT") or 5000),
        debug=False,
        allow_unsafe_werkzeug=True,
    )
