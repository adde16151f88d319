"""The work of a data subject request, run by the run_privacy_request job.

Export: everything the registered kinds of records hold about the person, as one ZIP
(data.json, and a CSV per kind of row) in DATA_EXPORT_DIR, fetched once through an
emailed link that expires. Erasure: every registered record erased (anonymized where
analytics need the numbers), the person's export files deleted, a receipt emailed;
refused, with the reason, while a legal hold applies.
"""

import contextlib
import csv
import io
import json
import logging
import os
import zipfile
from pathlib import Path

from flask import current_app
from sqlalchemy import select, update

from app.audit import record_event
from app.errors import Gone
from app.extensions import db
from app.link_tokens import hash_token, new_link_token
from app.models import PrivacyRequest, User, utcnow
from app.privacy import (  # noqa: F401  (register the kinds of records)
    accounts,
    applicants,
    subjects,
)
from app.privacy.anonymize import scrub_copies
from app.privacy.holds import active_hold
from app.privacy.registry import SUBJECT_RECORDS
from app.privacy.requests import export_expiry

log = logging.getLogger("viva.privacy")


def _actor(request: PrivacyRequest) -> User | None:
    if request.requested_by_id is None:
        return None
    return db.session.get(User, request.requested_by_id)


def _records(request: PrivacyRequest) -> dict[str, list]:
    actor = _actor(request)
    return {kind.name: kind.find(request, actor) for kind in SUBJECT_RECORDS}


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    k: json.dumps(v) if isinstance(v, dict | list) else v
                    for k, v in row.items()
                }
            )
    return out.getvalue()


def _flat_rows(exported: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """CSV tables from the export: one row per invitation, turn, score, consent,
    audit row."""
    tables = {"invitations": [], "transcript": [], "scores": [], "consents": []}
    tables["audit"] = []
    tables["applications"] = [
        {k: v for k, v in item.items() if k not in ("resume", "decisions", "opening")}
        | {"opening": item["opening"]["title"], "resume_text": item["resume"]["text"]}
        for item in exported.get("applications", [])
    ]
    for item in exported.get("invitations", []):
        session = item.get("session") or {}
        tables["invitations"].append(
            {
                k: item[k]
                for k in ("invitation_id", "name", "email", "status", "invited_at")
            }
            | {"role": item["interview"]["role"], "stage": session.get("stage")}
        )
        for turn in session.get("transcript", []):
            tables["transcript"].append({"invitation_id": item["invitation_id"]} | turn)
        for score in session.get("scores", []):
            tables["scores"].append({"invitation_id": item["invitation_id"]} | score)
        for key in ("consents", "audit"):
            for row in item[key]:
                tables[key].append({"invitation_id": item["invitation_id"]} | row)
    return tables


def export_zip(request: PrivacyRequest) -> bytes:
    """The ZIP of everything about the request's person."""
    records = _records(request)
    exported = {
        name: [kind.export(r) for r in records[name]]
        for kind in SUBJECT_RECORDS
        for name in [kind.name]
    }
    document = {
        "about": request.email,
        "exported_at": utcnow().isoformat(),
        "records": exported,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(document, indent=2))
        for name, rows in _flat_rows(exported).items():
            archive.writestr(f"{name}.csv", _csv(rows))
    return buffer.getvalue()


def _export_dir() -> Path:
    folder = Path(current_app.config["DATA_EXPORT_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def build_export(request: PrivacyRequest) -> str:
    """Write the ZIP, arm a single-use download link; returns the link token."""
    token, token_hash = new_link_token()
    file_name = f"export-{request.id}-{token_hash[:16]}.zip"
    (_export_dir() / file_name).write_bytes(export_zip(request))
    request.file_name = file_name
    request.download_token_hash = token_hash
    request.expires_at = utcnow() + export_expiry()
    request.status = "ready"
    record_event("privacy.export_built", target=request)
    return token


def download(token: str) -> tuple[bytes, str]:
    """Spend a download link: the ZIP's bytes and a file name; the file is deleted."""
    request = db.session.scalar(
        select(PrivacyRequest).where(
            PrivacyRequest.download_token_hash == hash_token(token)
        )
    )
    if request is None or request.status != "ready":
        raise Gone("This download link was used already or is not one of ours.")
    path = _export_dir() / request.file_name
    if request.expires_at <= utcnow() or not path.exists():
        _forget_file(request)
        raise Gone("This download link has expired. Please ask for a new export.")
    content = path.read_bytes()
    _forget_file(request)
    request.status = "done"
    request.completed_at = utcnow()
    record_event("privacy.export_downloaded", target=request)
    return content, "viva-data-export.zip"


def _forget_file(request: PrivacyRequest) -> None:
    if request.file_name:
        with contextlib.suppress(FileNotFoundError):
            os.remove(_export_dir() / request.file_name)
    request.file_name = None
    request.download_token_hash = None


def holds_in_the_way(request: PrivacyRequest) -> list[int]:
    """Invitations of the person under a legal hold (an erasure is refused then)."""
    records = _records(request)
    found = {i.id for i in records.get("invitations", [])}
    found |= {a.invitation_id for a in records.get("applications", [])}
    return sorted(i for i in found if i and active_hold(i) is not None)


def erase(request: PrivacyRequest) -> dict:
    """Erase everything registered about the person; counts per kind of record."""
    records = _records(request)
    counts = {
        "copies": scrub_copies(
            records.get("invitations", []), records.get("applications", [])
        )
    }
    for kind in SUBJECT_RECORDS:
        for record in records[kind.name]:
            kind.erase(record)
        counts[kind.name] = len(records[kind.name])
    for earlier in db.session.scalars(
        select(PrivacyRequest).where(
            PrivacyRequest.email_hash == request.email_hash,
            PrivacyRequest.id != request.id,
        )
    ):
        _forget_file(earlier)
    db.session.execute(
        update(PrivacyRequest)
        .where(PrivacyRequest.email_hash == request.email_hash)
        .values(email="", email_hash=f"erased:{request.id}")
    )
    return counts
