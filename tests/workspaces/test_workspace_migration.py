"""Migration 0017_teams on existing data: every recruiter and admin becomes the owner
of a workspace of one holding their products and categories; candidates' practice
products stay outside workspaces. On SQLite, and PostgreSQL when it is configured."""

import flask_migrate
from sqlalchemy import text

from app.extensions import db
from tests.test_migrations import (  # noqa: F401 (fixtures)
    empty_database_url,
    migration_app,
)

NOW = "2026-11-01 10:00:00"


def _insert_users_and_products():
    users = [
        (1, "rita@example.com", "rita", "Rita Recruiter", "recruiter"),
        (2, "ada@example.com", "ada", "Ada Admin", "admin"),
        (3, "cara@example.com", "cara", "Cara Candidate", "candidate"),
    ]
    for user_id, email, username, name, role in users:
        db.session.execute(
            text(
                "INSERT INTO users (id, email, username, full_name, role, is_active, "
                "token_version, created_at, updated_at) VALUES (:id, :email, "
                ":username, :name, :role, true, 1, :now, :now)"
            ),
            {
                "id": user_id,
                "email": email,
                "username": username,
                "name": name,
                "role": role,
                "now": NOW,
            },
        )
    db.session.execute(
        text(
            "INSERT INTO categories (id, owner_id, name, created_at, updated_at) "
            "VALUES (1, 1, 'Engineering', :now, :now)"
        ),
        {"now": NOW},
    )
    for product_id, owner_id, name in ((1, 1, "Payments"), (2, 3, "Practice")):
        db.session.execute(
            text(
                "INSERT INTO products (id, owner_id, name, description, created_at, "
                "updated_at) VALUES (:id, :owner, :name, '', :now, :now)"
            ),
            {"id": product_id, "owner": owner_id, "name": name, "now": NOW},
        )
    db.session.commit()


def test_existing_accounts_become_workspaces_of_one(migration_app):  # noqa: F811
    flask_migrate.upgrade(revision="0016_privacy")
    _insert_users_and_products()
    flask_migrate.upgrade(revision="0017_teams")
    rows = db.session.execute(
        text(
            "SELECT w.personal_user_id, w.name, m.user_id, m.role FROM workspaces w "
            "JOIN memberships m ON m.workspace_id = w.id ORDER BY w.personal_user_id"
        )
    ).all()
    assert [tuple(r) for r in rows] == [
        (1, "Rita Recruiter", 1, "owner"),
        (2, "Ada Admin", 2, "owner"),
    ]
    rita_workspace = db.session.scalar(
        text("SELECT id FROM workspaces WHERE personal_user_id = 1")
    )
    products = db.session.execute(
        text("SELECT name, workspace_id, owner_id FROM products ORDER BY id")
    ).all()
    assert [tuple(p) for p in products] == [
        ("Payments", rita_workspace, 1),
        ("Practice", None, 3),  # practice stays personal
    ]
    assert (
        db.session.scalar(text("SELECT workspace_id FROM categories WHERE id = 1"))
        == rita_workspace
    )
    db.session.rollback()  # release the reads' locks before altering the tables
    flask_migrate.downgrade(revision="0016_privacy")  # and back, data kept
    assert db.session.scalar(text("SELECT count(*) FROM products")) == 2
