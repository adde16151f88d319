"""Migration 0022_pipeline on existing data: API keys and webhook endpoints move to
their owner's workspace (their workspace of one, else the first they manage; an owner
with none gets one). On SQLite, and PostgreSQL when it is configured."""

import flask_migrate
from sqlalchemy import text

from app.extensions import db
from tests.test_migrations import (  # noqa: F401 (fixtures)
    empty_database_url,
    migration_app,
)

NOW = "2026-11-01 10:00:00"


def _run(sql: str, **params) -> None:
    db.session.execute(text(sql), {"now": NOW, **params})


def _insert_accounts_keys_and_endpoints():
    """Rita owns a workspace; Oscar is only its admin; Nina belongs nowhere."""
    for user_id, name, role in (
        (1, "Rita", "recruiter"),
        (2, "Oscar", "recruiter"),
        (3, "Nina", "admin"),
    ):
        _run(
            "INSERT INTO users (id, email, username, full_name, role, is_active, "
            "token_version, created_at, updated_at) VALUES (:id, :email, :username, "
            ":name, :role, true, 1, :now, :now)",
            id=user_id,
            email=f"{name.lower()}@example.com",
            username=name.lower(),
            name=name,
            role=role,
        )
    # No explicit ids where the migration inserts too (PostgreSQL's sequences).
    _run(
        "INSERT INTO workspaces (name, personal_user_id, created_at, "
        "calibration_max_difference) VALUES ('Rita', 1, :now, 1.5)"
    )
    ritas = db.session.scalar(text("SELECT id FROM workspaces"))
    for user_id, role in ((1, "owner"), (2, "admin")):
        _run(
            "INSERT INTO memberships (workspace_id, user_id, role, created_at) "
            "VALUES (:workspace, :user, :role, :now)",
            workspace=ritas,
            user=user_id,
            role=role,
        )
    for key_id, owner_id in ((1, 1), (2, 2)):
        _run(
            "INSERT INTO api_keys (id, owner_id, name, prefix, key_hash, scopes, "
            "created_at, updated_at) VALUES (:id, :owner, 'k', 'vk_x', :hash, "
            "'[\"read\"]', :now, :now)",
            id=key_id,
            owner=owner_id,
            hash=f"{key_id:064d}",
        )
    for endpoint_id, owner_id in ((1, 1), (2, 3)):
        _run(
            "INSERT INTO webhook_endpoints (id, owner_id, url, description, events, "
            "secret, is_active, failure_streak, created_at, updated_at) VALUES (:id, "
            ":owner, 'https://hooks.example.com', '', '[]', 'whsec_x', true, 0, "
            ":now, :now)",
            id=endpoint_id,
            owner=owner_id,
        )
    db.session.commit()
    return ritas


def test_keys_and_endpoints_move_to_their_owner_s_workspace(migration_app):  # noqa: F811
    flask_migrate.upgrade(revision="0018_calibration")
    ritas = _insert_accounts_keys_and_endpoints()
    flask_migrate.upgrade(revision="0022_pipeline")
    keys = db.session.execute(
        text("SELECT id, workspace_id FROM api_keys ORDER BY id")
    ).all()
    assert [tuple(row) for row in keys] == [(1, ritas), (2, ritas)]
    ninas = db.session.scalar(
        text("SELECT id FROM workspaces WHERE personal_user_id = 3")
    )
    assert ninas is not None and ninas != ritas
    assert (
        db.session.scalar(
            text(
                "SELECT role FROM memberships WHERE user_id = 3 AND workspace_id = :w"
            ),
            {"w": ninas},
        )
        == "owner"
    )
    endpoints = db.session.execute(
        text("SELECT id, workspace_id FROM webhook_endpoints ORDER BY id")
    ).all()
    assert [tuple(row) for row in endpoints] == [(1, ritas), (2, ninas)]
    # Oscar had no workspace of his own and got none.
    assert (
        db.session.scalar(
            text("SELECT count(*) FROM workspaces WHERE personal_user_id = 2")
        )
        == 0
    )
    db.session.rollback()  # release the reads' locks before altering the tables
    flask_migrate.downgrade(revision="0018_calibration")  # and back, data kept
    assert db.session.scalar(text("SELECT count(*) FROM api_keys")) == 2
    assert db.session.scalar(text("SELECT count(*) FROM webhook_endpoints")) == 2
