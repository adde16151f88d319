"""Uploaded files under UPLOAD_DIR (instance/uploads by default), never under static/.

Files are named by a random key, never by the uploader's file name, and are read back
only through the recruiter-only download route.
"""

import contextlib
import os
import secrets
from pathlib import Path

from flask import current_app


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
    """Store bytes under a new random name; the key to read them back."""
    key = f"{folder}/{secrets.token_hex(16)}.{extension}"
    path = _resolve(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as handle:
        handle.write(data)
    return key


def read_file(key: str) -> bytes:
    """The bytes stored under a key (FileNotFoundError when gone)."""
    return _resolve(key).read_bytes()


def delete_file(key: str) -> None:
    """Remove a stored file; a missing one is fine."""
    with contextlib.suppress(FileNotFoundError):
        os.remove(_resolve(key))
