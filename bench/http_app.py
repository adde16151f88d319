"""Viva with two bare Flask baselines beside it, in one WSGI app, for bench/http.py.

Served by the same gunicorn worker as Viva, with no Viva extension or hook:
- `/bare/json`: a constant JSON document (the ceiling of the stack);
- `/bare/fortunes`: the TechEmpower "Fortunes" test: one query reads the few rows of a
  table of its own in Viva's database (SQLAlchemy Core, the same driver and pool
  size), adds one row in memory, sorts them and renders an escaped HTML table with a
  Jinja template. It is what a server-rendered page costs at the least; every portal
  page and API list is measured against it.
everything else is Viva.
"""

import os

from flask import Flask
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from config import normalise_database_url
from run import app as viva

bare = Flask("bare")
metadata = MetaData()
fortunes = Table(
    "bench_fortunes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("message", String(2048), nullable=False),
)
FORTUNES = [
    "fortune: No such file or directory",
    "A computer scientist is someone who fixes things that aren't broken.",
    "After enough decimal places, nobody gives a damn.",
    "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1",
    "A computer program does what you tell it to do, not what you want it to do.",
    "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen",
    "Any program that runs right is obsolete.",
    "A list is only as strong as its weakest link. — Donald Knuth",
    "Feature: A bug with seniority.",
    "Computers make very fast, very accurate mistakes.",
    '<script>alert("This should not be displayed in a browser alert box.");</script>',
    "フレームワークのベンチマーク",
]
TEMPLATE = """<!DOCTYPE html>
<html><head><title>Fortunes</title></head><body><table>
<tr><th>id</th><th>message</th></tr>
{% for id, message in rows %}<tr><td>{{ id }}</td><td>{{ message }}</td></tr>
{% endfor %}</table></body></html>"""


def seed_fortunes(database_url: str) -> None:
    """Create and fill the fortunes table (bench/http.py calls it before serving)."""
    engine = create_engine(normalise_database_url(database_url))
    metadata.drop_all(engine)
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(
            fortunes.insert(),
            [{"id": n, "message": m} for n, m in enumerate(FORTUNES, 1)],
        )
    engine.dispose()


_engine = None
_page = None


def page():
    global _page
    if _page is None:  # compiled once, as Flask's own templates are
        _page = bare.jinja_env.from_string(TEMPLATE)
    return _page


def engine():
    global _engine
    if _engine is None:  # after gunicorn forks the worker
        _engine = create_engine(
            normalise_database_url(os.environ["DATABASE_URL"]),
            **viva.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
        )
    return _engine


@bare.get("/json")
def bare_json():
    return {"status": "ok", "service": "bare"}


@bare.get("/fortunes")
def bare_fortunes():
    with engine().connect() as connection:
        rows = [tuple(row) for row in connection.execute(select(fortunes))]
    rows.append((0, "Additional fortune added at request time."))
    rows.sort(key=lambda row: row[1])
    return page().render(rows=rows)


app = DispatcherMiddleware(viva, {"/bare": bare})
