"""Entry point: `python run.py` serves Viva via Flask-SocketIO; gunicorn: `run:app`."""

import os

from app import create_app
from app.extensions import socketio
from app.scoring.worker import get_scoring_worker

app = create_app()

if __name__ == "__main__":
    # Resume unfinished scoring at once, not only with the first request.
    get_scoring_worker(app).ensure_started()
    socketio.run(
        app,
        host=os.environ.get("HOST") or "127.0.0.1",
        port=int(os.environ.get("PORT") or 5000),
        debug=False,
        allow_unsafe_werkzeug=True,
    )
