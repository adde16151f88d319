"""Candidate answers: stored once per client id, and refused, never cut, when they
cannot be stored as they were sent. Every answer is flushed here and committed by the
edge before it is acknowledged."""

from sqlalchemy import func, or_, select

from app.errors import InteractionError, ValidationError
from app.extensions import db
from app.integrations import events as webhook_events
from app.integrity.signals import cleaned, mostly_pasted
from app.models import InterviewSession, Message, utcnow
from app.upsert import insert_unless_taken

# Called as hook(session, answer_message) after a new candidate answer is stored, in
# the same transaction (so what a hook flushes is committed with the answer). Practice
# sessions use it to append their next question, chosen from the answer.
ANSWER_HOOKS: list = []

MAX_ANSWER_CHARS = 20_000
MAX_CLIENT_ID_CHARS = 64  # Message.client_id
NUL_MESSAGE = "Must not contain the NUL character."
TOO_LONG_MESSAGE = "Your answer is longer than {max:,} characters. Please shorten it."
CLIENT_ID_MESSAGE = "An answer's client_id has 1 to {max} characters."
WAIT_MESSAGE = "Please wait until the interviewer has finished speaking."


def find_answer(session_id: int, client_id: str) -> Message | None:
    """The answer already stored under this client id, if any."""
    return db.session.scalars(
        select(Message).where(
            Message.session_id == session_id, Message.client_id == client_id
        )
    ).first()


def _stored_and_last(session_id: int, client_id: str):
    """In one read: the answer already stored under this client id (or None) and the
    transcript's last message (or None)."""
    last_seq = (
        select(func.max(Message.seq))
        .where(Message.session_id == session_id)
        .scalar_subquery()
    )
    rows = db.session.scalars(
        select(Message).where(
            Message.session_id == session_id,
            or_(Message.client_id == client_id, Message.seq == last_seq),
        )
    ).all()
    existing = next((m for m in rows if m.client_id == client_id), None)
    return existing, max(rows, key=lambda m: m.seq, default=None)


def _checked_answer(client_id: str, text: str) -> str:
    """The answer's text, stripped; refuses what cannot be stored as it was sent."""
    if not client_id or len(client_id) > MAX_CLIENT_ID_CHARS:
        message = CLIENT_ID_MESSAGE.format(max=MAX_CLIENT_ID_CHARS)
        raise ValidationError(message, details={"client_id": [message]})
    for field, value in (("client_id", client_id), ("text", text)):
        if "\x00" in value:  # PostgreSQL text cannot hold it
            raise ValidationError(NUL_MESSAGE, details={field: [NUL_MESSAGE]})
    text = text.strip()
    if len(text) > MAX_ANSWER_CHARS:
        message = TOO_LONG_MESSAGE.format(max=MAX_ANSWER_CHARS)
        raise ValidationError(message, details={"text": [message]})
    if not text:
        raise InteractionError("Your answer is empty.")
    return text


def record_answer(
    session: InterviewSession,
    client_id: str,
    text: str,
    integrity: dict | None = None,
    *,
    hold: bool = False,
) -> tuple[Message, bool]:
    """Store a candidate answer once per client id; returns (message, newly stored).

    Text that cannot be stored whole (too long, NUL) is refused, never cut. The
    page's integrity signals (validated by the socket schema) are stored with it;
    a mostly pasted answer sends `integrity.flagged`, and nothing else follows.
    With hold, the interviewer waits for more messages (release_answer() ends the
    wait); the messages written meanwhile are one answer."""
    text = _checked_answer(client_id, text)  # before any query uses client_id
    existing, last = _stored_and_last(session.id, client_id)
    if existing is not None:
        return existing, False
    if session.status != "in_progress":
        raise InteractionError("This interview has ended.")
    if last is None or (last.role == "candidate" and not session.answer_held):
        raise InteractionError(WAIT_MESSAGE)
    session.last_activity_at = utcnow()
    session.answer_held = hold
    # The same answer sent twice at once (a retry racing the first send), or two
    # answers racing for one turn: the unique (session, client_id) and (session, seq)
    # let one in; the other is a duplicate or has to wait.
    values = {
        "session_id": session.id,
        "seq": last.seq + 1,
        "role": "candidate",
        "question_id": last.question_id,
        "is_follow_up": last.is_follow_up,
        "content": text,
        "client_id": client_id,
    }
    if cleaned(integrity):
        values["integrity"] = cleaned(integrity)
    message = insert_unless_taken(Message, values)
    if message is not None:
        if mostly_pasted(message.integrity, len(text)):
            webhook_events.integrity_flagged(session, message)
        for hook in ANSWER_HOOKS:
            hook(session, message)
        return message, True
    existing = find_answer(session.id, client_id)
    if existing is not None:
        return existing, False
    raise InteractionError(WAIT_MESSAGE)


def release_answer(session: InterviewSession) -> bool:
    """The candidate is done writing: the interviewer may reply (flushes). True when
    an answer was held and is now released."""
    if not session.answer_held:
        return False
    session.answer_held = False
    db.session.flush()
    return True
