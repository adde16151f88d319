"""Personal data encrypted at rest: column types and the keys they use.

`EncryptedText` stores a Fernet token (AES-128-CBC + HMAC-SHA256, from the
`cryptography` library) instead of the value. Keys come from PII_ENCRYPTION_KEYS
(comma-separated, newest first): the newest encrypts, every one decrypts, so a key can
be retired after `flask pii rotate-keys` has re-encrypted every row with the newest.

`email_hash()` is the keyed hash (HMAC-SHA256 under PII_HASH_KEY) stored beside an
encrypted email so "is this address already invited?" stays one indexed lookup. The
hash key is separate from the encryption keys on purpose: rotating encryption keys
must not change any stored hash.
"""

import hashlib
import hmac
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app
from sqlalchemy import Text, TypeDecorator


class Keyring:
    """The Fernet keys of one configuration: newest first, plus the hash key."""

    def __init__(self, encryption_keys: str, hash_key: str):
        keys = [key.strip() for key in encryption_keys.split(",") if key.strip()]
        self.fernets = [Fernet(key) for key in keys]
        self.multi = MultiFernet(self.fernets)
        self.hash_key = hash_key.encode("utf-8")

    def encrypt(self, value: str) -> str:
        """A token of the value under the newest key."""
        return self.multi.encrypt(value.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        """The value of a token made under any configured key."""
        return self.multi.decrypt(token.encode("ascii")).decode("utf-8")

    def encrypt_bytes(self, data: bytes) -> bytes:
        """A token of a file's bytes under the newest key (files at rest)."""
        return self.multi.encrypt(data)

    def decrypt_bytes(self, token: bytes) -> bytes:
        """The bytes of a file token made under any configured key."""
        return self.multi.decrypt(token)

    def is_current(self, token: str) -> bool:
        """Whether the newest key alone opens this token (rotation skips it then)."""
        try:
            self.fernets[0].decrypt(token.encode("ascii"))
        except InvalidToken:
            return False
        return True

    def rotate(self, token: str) -> str:
        """The token re-encrypted under the newest key."""
        return self.multi.rotate(token.encode("ascii")).decode("ascii")


def keyring() -> Keyring:
    """The current app's keyring (built once per configuration of keys)."""
    config = current_app.config
    wanted = (config["PII_ENCRYPTION_KEYS"], config["PII_HASH_KEY"])
    cached = current_app.extensions.get("pii_keyring")
    if cached is None or cached[0] != wanted:
        cached = (wanted, Keyring(*wanted))
        current_app.extensions["pii_keyring"] = cached
    return cached[1]


def email_hash_with(keys: Keyring, email: str | None) -> str | None:
    """The keyed hash (hex) of a normalised email under one keyring's hash key."""
    if email is None:
        return None
    normalised = email.strip().lower().encode("utf-8")
    return hmac.new(keys.hash_key, normalised, hashlib.sha256).hexdigest()


def email_hash(email: str | None) -> str | None:
    """The keyed hash (hex) of a normalised email, for lookups without decrypting."""
    return email_hash_with(keyring(), email)


class EncryptedText(TypeDecorator):
    """A string stored as a Fernet token; empty strings and NULL stay as they are."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None or value == "":
            return value
        return keyring().encrypt(str(value))

    def process_result_value(self, value, dialect):
        if value is None or value == "":
            return value
        return keyring().decrypt(value)


class EncryptedJSON(TypeDecorator):
    """A JSON value stored as a Fernet token (webhook payloads naming a candidate)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return keyring().encrypt(json.dumps(value, separators=(",", ":")))

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return json.loads(keyring().decrypt(value))
