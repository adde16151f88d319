"""Migrations: upgrading an empty database yields exactly the models' schema, and
every revision downgrades cleanly; on SQLite, and on PostgreSQL when TEST_DATABASE_URL
is set."""

import logging
from contextlib import contextmanager

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import inspect, text

from app import create_app
from app.extensions import db
from app.models.base import UTCDateTime
from tests.conftest import app_overrides
from tests.support import services
from tests.support.services import throwaway_postgres_database

# PostgreSQL only when CI provides one; otherwise that case is not generated at all.
BACKENDS = ["sqlite"] + (["postgresql"] if services.DATABASE_URL else [])


def render_item(type_, obj, autogen_context):
    """migrations/env.py's render_item (env.py cannot be imported outside Alembic)."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


@pytest.fixture(params=BACKENDS)
def empty_database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
    else:
        with throwaway_postgres_database(services.DATABASE_URL) as url:
            yield url


@contextmanager
def logging_left_as_it_was():
    """Undo migrations/env.py's fileConfig(alembic.ini), which would otherwise reset
    the root logger's level and handlers (pytest's capture included) for the session."""
    manager = logging.Logger.manager
    root = logging.getLogger()
    saved_root = (root.level, list(root.handlers))
    saved = {
        name: (logger.level, list(logger.handlers), logger.propagate, logger.disabled)
        for name, logger in manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    }
    try:
        yield
    finally:
        root.setLevel(saved_root[0])
        root.handlers[:] = saved_root[1]
        for name, logger in manager.loggerDict.items():
            if isinstance(logger, logging.Logger):
                level, handlers, propagate, disabled = saved.get(
                    name, (logging.NOTSET, [], True, False)
                )
                logger.setLevel(level)
                logger.handlers[:] = handlers
                logger.propagate = propagate
                logger.disabled = disabled


@pytest.fixture
def migration_app(empty_database_url):
    """A second app on the empty database, inside its own app context.

    Its configuration is the suite's (conftest.app_overrides) but for the database:
    create_app re-binds module-level extensions (limiter storage, Socket.IO server,
    flasgger), so they must come back configured as the session app expects them.
    """
    overrides = {
        **app_overrides(),
        "SQLALCHEMY_DATABASE_URI": empty_database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {},
    }
    application = create_app("testing", **overrides)
    with application.app_context(), logging_left_as_it_was():
        try:
            yield application
        finally:
            db.session.remove()
            db.engine.dispose()


def schema_differences() -> list:
    """What autogenerate would change to make the database match the models."""
    configure_args = current_app.extensions["migrate"].configure_args
    options = {**configure_args, "compare_type": True, "render_item": render_item}
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=options)
        return compare_metadata(context, db.metadata)


def leftovers() -> dict:
    """Tables (besides Alembic's own), enum types and sequences left in the database."""
    with db.engine.connect() as connection:
        inspector = inspect(connection)
        found = {"tables": set(inspector.get_table_names()) - {"alembic_version"}}
        if connection.dialect.name == "postgresql":
            found["enums"] = {enum["name"] for enum in inspector.get_enums()}
            found["sequences"] = set(inspector.get_sequence_names())
        versions = connection.execute(text("SELECT version_num FROM alembic_version"))
        found["alembic_version rows"] = set(versions.scalars())
    return {kind: names for kind, names in found.items() if names}


def current_revision() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def revisions_in_order() -> list:
    script = ScriptDirectory.from_config(
        current_app.extensions["migrate"].migrate.get_config()
    )
    return list(reversed(list(script.walk_revisions("base", "heads"))))


def test_upgrade_from_empty_builds_exactly_the_models_schema(migration_app):
    flask_migrate.upgrade()

    differences = schema_differences()
    assert differences == [], "\n".join(map(repr, differences))
    assert current_revision() == revisions_in_order()[-1].revision


def test_every_revision_downgrades_cleanly_and_upgrades_again(migration_app):
    for revision in revisions_in_order():
        flask_migrate.upgrade(revision=revision.revision)
        flask_migrate.downgrade(revision=revision.down_revision or "base")
        flask_migrate.upgrade(revision=revision.revision)

    flask_migrate.downgrade(revision="base")
    assert leftovers() == {}

    flask_migrate.upgrade()
    differences = schema_differences()
    assert differences == [], "\n".join(map(repr, differences))


def test_migrations_have_a_single_head():
    script = ScriptDirectory.from_config(
        current_app.extensions["migrate"].migrate.get_config()
    )
    assert len(script.get_heads()) == 1, script.get_heads()
