"""Uploaded files under UPLOAD_DIR (instance/uploads by default), never under static/.

Files are named by a random key, never by the uploader's file name, and are read back
only through the recruiter-only download route. They are personal data (resumes), so
they are stored encrypted as Fernet tokens under the newest PII_ENCRYPTION_KEYS key;
`flask pii rotate-keys` re-encrypts them with rotate_file().
"""

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from flask import current_app

from app.models.crypto import keyring

# Every Fernet token starts with its version byte 0x80, base64: "gAAAAA".
TOKEN_PREFIX = b"gAAAAA"


def _root() -> Path:
    root = Path(current_app.config["UPLOAD_DIR"])
    root.mkdir(parents=True, exist_ok=True)
    return root


def _resolve(key: str) -> Path:
    """The path of a stored key, refusing anything that leaves the upload folder."""
    root = _root().resolve()
    path = (root / key).resolve()
    if root not in path.parents:
        raise ValueError("Stored file key outside the upload folder")
    return path


def save_file(folder: str, data: bytes, extension: str) -> str:
    """Store bytes (encrypted) under a new random name; the key to read them back."""
    key = f"{folder}/{secrets.token_hex(16)}.{extension}"
    path = _resolve(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as handle:
        handle.write(keyring().encrypt_bytes(data))
    return key


def read_file(key: str) -> bytes:
    """The bytes stored under a key, decrypted (FileNotFoundError when gone). A file
    stored before encryption arrived is returned as it is."""
    stored = _resolve(key).read_bytes()
    if not stored.startswith(TOKEN_PREFIX):
        return stored
    return keyring().decrypt_bytes(stored)


def delete_file(key: str) -> None:
    """Remove a stored file; a missing one is fine."""
    with contextlib.suppress(FileNotFoundError):
        os.remove(_resolve(key))


def rotate_file(key: str) -> bool | None:
    """Re-encrypt one stored file under the newest key (a clear one gets encrypted);
    True when rewritten, False when already current, None when the file is gone."""
    try:
        path = _resolve(key)
        stored = path.read_bytes()
    except FileNotFoundError:
        return None
    keys = keyring()
    if stored.startswith(TOKEN_PREFIX):
        if keys.is_current(stored.decode("ascii")):
            return False
        rewritten = keys.multi.rotate(stored)
    else:
        rewritten = keys.encrypt_bytes(stored)
    partial = path.with_suffix(path.suffix + ".rotating")
    partial.write_bytes(rewritten)
    os.replace(partial, path)  # atomic: a crash leaves the old or the new file
    return True


def stored_files() -> Iterator[Path]:
    """Every file in the upload folder (the erasure scans search them)."""
    yield from (p for p in _root().rglob("*") if p.is_file())
