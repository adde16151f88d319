"""Running one interviewer turn in one walk: plan (one read), stream, store (one write).

The conductor plans the turn as plain data and the database session is closed before
the provider streams, so no connection is held during the slow part; the conductor
then stores the turn in one transaction. No sockets here: the caller passes
`emit(event, payload)`; app/live/live.py sends those to the session's room. A provider
that fails before or during the stream never strands the candidate: the turn is worded
by the offline provider instead, and the failure is recorded on the message.
"""

import logging
import threading
import time
from collections.abc import Callable

from app.ai import prompts
from app.ai.providers import AIProvider, ProviderError, get_provider
from app.ai.providers.streams import TurnStream
from app.extensions import db
from app.live import conductor
from app.live.progress import session_progress
from app.models import InterviewSession, Message

log = logging.getLogger(__name__)

Emit = Callable[[str, dict], None]
DELTA_INTERVAL = 0.05


class InFlight:
    """Turns being generated in this process: one per session, with text so far; and
    how many turn tasks are running (started, perhaps still planning)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._turns: dict[int, dict] = {}
        self._tasks = 0

    def task_started(self) -> None:
        with self._lock:
            self._tasks += 1

    def task_ended(self) -> None:
        with self._lock:
            self._tasks -= 1

    def claim(self, session_id: int, seq: int) -> bool:
        with self._lock:
            if session_id in self._turns:
                return False
            self._turns[session_id] = {"seq": seq, "text": ""}
            return True

    def append(self, session_id: int, text: str) -> int:
        with self._lock:
            turn = self._turns[session_id]
            offset = len(turn["text"])
            turn["text"] += text
            return offset

    def restart(self, session_id: int, seq: int | None = None) -> None:
        with self._lock:
            self._turns[session_id]["text"] = ""
            if seq is not None:
                self._turns[session_id]["seq"] = seq

    def snapshot(self, session_id: int) -> dict | None:
        with self._lock:
            turn = self._turns.get(session_id)
            return dict(turn) if turn else None

    def release(self, session_id: int) -> None:
        with self._lock:
            self._turns.pop(session_id, None)

    def busy(self, session_id: int) -> bool:
        with self._lock:
            return session_id in self._turns

    def busy_any(self) -> bool:
        """True while any turn task of this process runs (for a clean shutdown)."""
        with self._lock:
            return bool(self._turns) or self._tasks > 0


IN_FLIGHT = InFlight()


class DeltaBatcher:
    """Send streamed text in batches (not a message per token), tagged with offsets."""

    def __init__(
        self, emit: Emit, session_id: int, seq: int, interval: float = DELTA_INTERVAL
    ):
        self.emit, self.session_id, self.seq, self.interval = (
            emit,
            session_id,
            seq,
            interval,
        )
        self.pending = ""
        self.offset = 0
        self.last_sent = 0.0

    def add(self, text: str) -> None:
        if not self.pending:
            self.offset = IN_FLIGHT.append(self.session_id, text)
        else:
            IN_FLIGHT.append(self.session_id, text)
        self.pending += text
        if time.monotonic() - self.last_sent >= self.interval:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.emit(
                "turn_delta",
                {"seq": self.seq, "offset": self.offset, "text": self.pending},
            )
            self.offset += len(self.pending)
            self.pending = ""
            self.last_sent = time.monotonic()


def _drain(stream: TurnStream, batcher: DeltaBatcher) -> tuple[str, dict]:
    """Send a stream's chunks on; its text and the usage to store with the turn."""
    parts: list[str] = []
    for chunk in stream:
        parts.append(chunk)
        batcher.add(chunk)
    text = "".join(parts).strip()
    if not text:
        raise ProviderError("The provider returned an empty turn")
    return text, {
        "provider": stream.provider,
        "model": stream.model,
        "prompt_tokens": stream.prompt_tokens,
        "output_tokens": stream.output_tokens,
        "latency_ms": stream.latency_ms,
        "fallback": False,
    }


def _stream_lead_in(
    provider: AIProvider,
    fallback: AIProvider,
    prompt: dict,
    batcher: DeltaBatcher,
    emit: Emit,
) -> tuple[str, dict]:
    """Stream the AI's part of the turn; on any failure, restart it with `fallback`."""
    stream = None
    try:
        stream = provider.stream_reply(prompt)
        return _drain(stream, batcher)
    except Exception as exc:  # whatever a provider raises, the candidate gets a turn
        if isinstance(exc, ProviderError):
            log.warning("Interviewer turn fell back to offline wording: %s", exc)
        else:
            log.exception("Interviewer turn fell back after an unexpected error")
        if stream is not None and stream.chunks_sent:
            batcher.pending = ""
            IN_FLIGHT.restart(batcher.session_id)
            emit("turn_start", {"seq": batcher.seq, "restart": True})
        text, meta = _drain(fallback.stream_reply(prompt), batcher)
        return text, {**meta, "fallback": True, "error": str(exc)[:200]}


def run_turn(
    session_id: int,
    provider: AIProvider,
    emit: Emit,
    fallback: AIProvider | None = None,
) -> Message | None:
    """Plan, stream and store a session's next interviewer turn, if one is due.

    `fallback` words the turn when `provider` fails (default: the offline provider)."""
    plan = conductor.plan_turn(session_id)
    if plan is None or not IN_FLIGHT.claim(session_id, plan.seq):
        db.session.close()
        return None
    try:
        # Planned before the claim: a turn another task stored meanwhile (and released)
        # makes the plan stale; while the claim is held nothing more is added here.
        if not conductor.plan_is_current(plan):
            plan = conductor.plan_turn(session_id)
            if plan is None:
                return None
            IN_FLIGHT.restart(session_id, plan.seq)
        db.session.close()  # the plan is plain data: no connection held while streaming
        fallback = fallback or get_provider(name="offline")
        emit("turn_start", {"seq": plan.seq, "kind": plan.kind})
        batcher = DeltaBatcher(emit, session_id, plan.seq)
        prompt = prompts.turn_prompt(plan.context)
        lead_in, meta = _stream_lead_in(provider, fallback, prompt, batcher, emit)
        text = plan.spoken(lead_in)
        if plan.verbatim:  # the planned question follows as written, in one piece
            batcher.add(text[len(lead_in) :])
        batcher.flush()
        message = conductor.store_turn(plan, text, meta)
        # Built before the commit, which expires every loaded row: reading them again
        # would check a connection out while the events go out.
        ended = {
            "seq": plan.seq,
            "kind": plan.kind,
            "message": message_payload(message),
            "state": plan.state_after,
        }
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    finally:
        # Before turn_end goes out: an answer sent the moment it arrives is welcome.
        IN_FLIGHT.release(session_id)
    emit("turn_end", ended)
    if plan.ends_interview:
        emit("completed", {"state": plan.state_after})
    return message


def message_payload(message: Message) -> dict:
    """A stored message as the page sees it."""
    return {
        "seq": message.seq,
        "role": message.role,
        "text": message.content,
        "follow_up": message.is_follow_up,
        "at": message.created_at.isoformat(),
    }


def state_payload(session: InterviewSession) -> dict:
    """Where the interview stands: phase, progress, remaining time."""
    return session_progress(session)
