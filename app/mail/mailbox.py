"""The development mailbox: what the console backend sent, kept as files for a page.

Like Ruby's letter_opener: in development (DEV_MAILBOX_DIR set), each email the console
backend prints is also written to one JSON file, so `/dev/mailbox` can list it with its
links. Files, not memory, because the sender may be another process (a job worker).
Only the newest MAX_MESSAGES are kept.
"""

import json
import os
import re
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

MAX_MESSAGES = 200
LINK_PATTERN = re.compile(r"https?://[^\s<>\"')]+")
NAME_PATTERN = re.compile(r"^[0-9]{19}-[0-9a-f]{32}\.json$")


@dataclass(frozen=True)
class StoredEmail:
    """One email as the mailbox page shows it."""

    id: str
    sent_at: str
    to: str
    to_name: str
    subject: str
    text: str

    @property
    def links(self) -> list[str]:
        """Every distinct link in the plain-text part, in order."""
        return list(dict.fromkeys(LINK_PATTERN.findall(self.text)))

    @property
    def sent(self) -> datetime:
        return datetime.fromisoformat(self.sent_at)


def save_message(directory: str | os.PathLike, message) -> None:
    """Write one OutgoingEmail to the mailbox (atomically), then prune the oldest."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{time.time_ns():019d}-{uuid.uuid4().hex}"
    record = StoredEmail(
        id=name,
        sent_at=datetime.now(UTC).isoformat(timespec="seconds"),
        to=message.to,
        to_name=message.to_name,
        subject=message.subject,
        text=message.text,
    )
    partial = folder / f".{name}.tmp"
    partial.write_text(json.dumps(asdict(record)), encoding="utf-8")
    partial.replace(folder / f"{name}.json")
    for old in _files(folder)[MAX_MESSAGES:]:
        old.unlink(missing_ok=True)


def list_messages(directory: str | os.PathLike) -> list[StoredEmail]:
    """The stored emails, newest first; unreadable files are skipped."""
    messages = []
    for path in _files(Path(directory)):
        try:
            messages.append(StoredEmail(**json.loads(path.read_text("utf-8"))))
        except (OSError, ValueError, TypeError):
            continue
    return messages


def clear(directory: str | os.PathLike) -> None:
    """Delete every stored email."""
    for path in _files(Path(directory)):
        path.unlink(missing_ok=True)


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    names = [path for path in folder.iterdir() if NAME_PATTERN.match(path.name)]
    return sorted(names, key=lambda path: path.name, reverse=True)
