"""`flask pii rotate-keys`: every token moves to the newest key, resumably."""

import base64

import pytest
from sqlalchemy import text

from app.extensions import db
from app.models import Invitation
from app.models.crypto import Keyring
from app.privacy.keys import rotate_keys
from tests import factories

OLD_KEY = base64.urlsafe_b64encode(b"o" * 32).decode()
NEW_KEY = base64.urlsafe_b64encode(b"n" * 32).decode()


class Interrupted(Exception):
    pass


@pytest.fixture
def written_under_the_old_key(app, monkeypatch, interview):
    monkeypatch.setitem(app.config, "PII_ENCRYPTION_KEYS", OLD_KEY)
    people = [
        factories.make_invitation(
            interview, email=f"person{n}@example.org", name=f"Person {n}"
        )[0]
        for n in range(5)
    ]
    return {p.id: (p.email, p.name) for p in people}


def _tokens() -> list[str]:
    return [
        token
        for row in db.session.execute(text("SELECT email, name FROM invitations"))
        for token in row
    ]


def _readable_with_new_key_only(app, monkeypatch, expected):
    monkeypatch.setitem(app.config, "PII_ENCRYPTION_KEYS", NEW_KEY)
    db.session.expire_all()
    shown = {i.id: (i.email, i.name) for i in db.session.scalars(db.select(Invitation))}
    assert shown == expected


def test_rotation_moves_everything_and_the_old_key_can_go(
    app, monkeypatch, written_under_the_old_key
):
    monkeypatch.setitem(app.config, "PII_ENCRYPTION_KEYS", f"{NEW_KEY},{OLD_KEY}")
    result = app.test_cli_runner().invoke(args=["pii", "rotate-keys"])
    assert result.exit_code == 0, result.output
    assert "invitations.email: 5 re-encrypted, 0 already on the newest key" in (
        result.output
    )
    assert "Done: 10 re-encrypted, 0 already current." in result.output
    newest = Keyring(NEW_KEY, "unused")
    assert all(newest.is_current(token) for token in _tokens())
    again = rotate_keys()
    assert (again.total_rotated, again.total_current) == (0, 10)
    _readable_with_new_key_only(app, monkeypatch, written_under_the_old_key)


def test_an_interrupted_rotation_resumes_where_it_stopped(
    app, monkeypatch, written_under_the_old_key
):
    monkeypatch.setitem(app.config, "PII_ENCRYPTION_KEYS", f"{NEW_KEY},{OLD_KEY}")

    def crash_after_the_first_batch(column, done):
        raise Interrupted(column)

    with pytest.raises(Interrupted):
        rotate_keys(batch_size=2, after_batch=crash_after_the_first_batch)
    db.session.rollback()
    newest = Keyring(NEW_KEY, "unused")
    moved = [token for token in _tokens() if newest.is_current(token)]
    assert len(moved) == 2  # the first batch (two emails) committed, nothing else

    resumed = rotate_keys(batch_size=2)
    assert resumed.rotated["invitations.email"] == 3
    assert resumed.current["invitations.email"] == 2
    assert resumed.rotated["invitations.name"] == 5
    _readable_with_new_key_only(app, monkeypatch, written_under_the_old_key)
