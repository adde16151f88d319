"""Privacy: personal data encrypted at rest, key rotation, retention, export and
erasure of one person's data, consent records.

registry.py lists what is personal (encrypted columns, and every kind of record about
a person that export, erasure and retention walk); keys.py rotates encryption keys;
commands.py holds `flask pii ...`.
"""

from flask import Blueprint

bp = Blueprint("privacy", __name__, cli_group="pii")
