"""Viva with a bare Flask JSON endpoint beside it, in one WSGI app, for bench/http.py.

`/bare/json` is served by a plain Flask app (no extensions, no hooks, no database)
through the same gunicorn worker as Viva; everything else is Viva.
"""

from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from run import app as viva

bare = Flask("bare")


@bare.get("/json")
def bare_json():
    return {"status": "ok", "service": "bare"}


app = DispatcherMiddleware(viva, {"/bare": bare})
