"""Configuration: environments, refusing unsafe production settings, documented vars."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from config import (
    DEV_PII_ENCRYPTION_KEY,
    ProductionConfig,
    config_for,
    normalise_database_url,
)
from tests.support.production import PII_SECRETS

ROOT = Path(__file__).resolve().parents[1]
GOOD_SECRET = "x" * 48


def _production(**secrets):
    return type("Prod", (ProductionConfig,), {**PII_SECRETS, **secrets})


@pytest.mark.parametrize(
    "secrets, reason",
    [
        ({"SECRET_KEY": None, "JWT_SECRET_KEY": GOOD_SECRET}, "SECRET_KEY is missing"),
        (
            {"SECRET_KEY": GOOD_SECRET, "JWT_SECRET_KEY": None},
            "JWT_SECRET_KEY is missing",
        ),
        ({"SECRET_KEY": "change-me", "JWT_SECRET_KEY": GOOD_SECRET}, "known default"),
        (
            {
                "SECRET_KEY": "dev-secret-key-not-for-production-use",
                "JWT_SECRET_KEY": GOOD_SECRET,
            },
            "known default",
        ),
        ({"SECRET_KEY": "short", "JWT_SECRET_KEY": GOOD_SECRET}, "shorter than 32"),
        ({"PII_ENCRYPTION_KEYS": None}, "PII_ENCRYPTION_KEYS is missing"),
        ({"PII_ENCRYPTION_KEYS": "not-a-key"}, "is not a Fernet key"),
        ({"PII_ENCRYPTION_KEYS": DEV_PII_ENCRYPTION_KEY}, "is the development key"),
        ({"PII_HASH_KEY": None}, "PII_HASH_KEY is missing"),
        ({"PII_HASH_KEY": "short"}, "PII_HASH_KEY is shorter than 32"),
    ],
)
def test_production_refuses_unsafe_secrets(secrets, reason):
    secrets = {"SECRET_KEY": GOOD_SECRET, "JWT_SECRET_KEY": GOOD_SECRET, **secrets}
    with pytest.raises(SystemExit) as exc:
        create_app(_production(**secrets))
    message = str(exc.value)
    assert message.startswith("viva: refusing to start:")
    assert reason in message
    assert "\n" not in message


def test_production_starts_with_real_secrets():
    app = create_app(
        _production(
            SECRET_KEY=GOOD_SECRET,
            JWT_SECRET_KEY="y" * 48,
            SQLALCHEMY_DATABASE_URI="sqlite://",
        )
    )
    assert app.config["DOCS_ACCESS"] == "admin"
    assert app.config["JWT_COOKIE_SECURE"] is True


def test_unknown_app_env_is_refused():
    with pytest.raises(SystemExit, match="APP_ENV"):
        config_for("staging")


def test_app_env_picks_the_class():
    assert config_for(None).APP_ENV == "development"
    assert config_for("Testing").APP_ENV == "testing"


def test_postgres_urls_use_psycopg3():
    assert (
        normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    )
    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def _variables_read_by_the_code() -> set[str]:
    pattern = re.compile(
        r"""env(?:_bool|_int)?\(\s*["']([A-Z][A-Z0-9_]+)["']|environ(?:\.get)?[\[(]\s*["']([A-Z][A-Z0-9_]+)["']"""
    )
    names = set()
    for path in [
        ROOT / "config.py",
        ROOT / "run.py",
        *ROOT.joinpath("app").rglob("*.py"),
    ]:
        for match in pattern.finditer(path.read_text()):
            names.add(match.group(1) or match.group(2))
    return names - {"VIVA_NO_DOTENV"}


def test_every_variable_is_documented_in_env_example_and_readme():
    example = (ROOT / ".env.example").read_text()
    readme = (ROOT / "README.md").read_text()
    names = _variables_read_by_the_code()
    assert {"SECRET_KEY", "JWT_SECRET_KEY", "DATABASE_URL", "APP_ENV"} <= names
    undocumented = {
        name for name in names if not re.search(rf"^#?\s*{name}=", example, re.M)
    }
    assert not undocumented, f"missing from .env.example: {sorted(undocumented)}"
    missing_readme = {name for name in names if f"`{name}`" not in readme}
    assert not missing_readme, f"missing from README.md: {sorted(missing_readme)}"


@pytest.mark.parametrize(
    "env, expected",
    [
        ({"PORT": "5400"}, "http://127.0.0.1:5400"),
        ({"HOST": "0.0.0.0", "PORT": "8080"}, "http://127.0.0.1:8080"),
        ({"HOST": "viva.local"}, "http://viva.local:5000"),
        (
            {"PORT": "5400", "PUBLIC_BASE_URL": "https://viva.example.com"},
            "https://viva.example.com",
        ),
    ],
)
def test_links_follow_host_and_port_unless_public_base_url_is_set(env, expected):
    """`PORT=5400 make run` prints links to port 5400, not to the default 5000."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in ("HOST", "PORT", "PUBLIC_BASE_URL")
    }
    printed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import config; print(config.config_for('development').PUBLIC_BASE_URL)",
        ],
        cwd=ROOT,
        env={**clean, "VIVA_NO_DOTENV": "1", **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert printed == expected
