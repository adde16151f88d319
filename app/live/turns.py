"""Running one interviewer turn: plan, prompt, stream from the provider, store.

No sockets here: the caller passes `emit(event, payload)`; app/interviews/live.py sends
those to the session's room. The database session is closed while the model streams, so
no connection is held during the slow part. A provider that fails before or during the
stream never strands the candidate: the turn falls back to the offline wording of the
same step.
"""

import logging
import threading
import time
from collections.abc import Callable, Iterable

from app.ai import prompts
from app.ai.providers import AIProvider, ProviderError
from app.ai.providers.offline import word_chunks
from app.ai.providers.streams import TurnStream
from app.extensions import db
from app.live import conductor
from app.models import Interview, InterviewSession, Message, Question

log = logging.getLogger(__name__)

Emit = Callable[[str, dict], None]
DELTA_INTERVAL = 0.05


class InFlight:
    """Turns being generated in this process: one per session, with text so far."""

    def __init__(self):
        self._lock = threading.Lock()
        self._turns: dict[int, dict] = {}

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

    def restart(self, session_id: int) -> None:
        with self._lock:
            self._turns[session_id]["text"] = ""

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
        with self._lock:
            return bool(self._turns)


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


def _paced(chunks: Iterable[str], delay: float) -> Iterable[str]:
    for index, chunk in enumerate(chunks):
        if index and delay:
            time.sleep(delay)
        yield chunk


def as_turn_stream(provider: AIProvider, result, pace: float) -> TurnStream:
    """Providers may return a TurnStream or plain chunks; offline chunks get paced."""
    if isinstance(result, TurnStream):
        return result
    return TurnStream(
        provider.name, provider.model, lambda _stream: _paced(result, pace)
    )


def _stream_lead_in(
    provider: AIProvider, prompt: dict, batcher: DeltaBatcher, emit: Emit, pace: float
):
    """Stream the AI's part of the turn; on failure, redo it in the offline wording."""
    stream = as_turn_stream(provider, provider.stream_reply(prompt), pace)
    parts: list[str] = []
    try:
        for chunk in stream:
            parts.append(chunk)
            batcher.add(chunk)
        if not "".join(parts).strip():
            raise ProviderError("The provider returned an empty turn")
        meta = {
            "provider": stream.provider,
            "model": stream.model,
            "prompt_tokens": stream.prompt_tokens,
            "output_tokens": stream.output_tokens,
            "latency_ms": stream.latency_ms,
            "fallback": False,
        }
        return "".join(parts).strip(), meta
    except ProviderError as exc:
        log.warning("Interviewer turn fell back to offline wording: %s", exc)
        if stream.chunks_sent:
            batcher.pending = ""
            IN_FLIGHT.restart(batcher.session_id)
            emit("turn_start", {"seq": batcher.seq, "restart": True})
        fallback = prompt["fallback"]
        for chunk in _paced(word_chunks(fallback), pace):
            batcher.add(chunk)
        meta = {
            "provider": "offline",
            "model": "fallback",
            "fallback": True,
            "error": str(exc)[:200],
        }
        return fallback, meta


def run_turn(
    session_id: int, provider: AIProvider, emit: Emit, pace: float = 0.0
) -> Message | None:
    """Generate, stream and store a session's next interviewer turn, if one is due."""
    session = db.session.get(InterviewSession, session_id)
    if session is None:
        return None
    # Read once and kept, also (detached) for after the stream: the transcript and the
    # questions cannot change while this turn is in flight. Holding `interview` keeps
    # it in the session's weak identity map, so the conductor's lookups cost nothing.
    interview = db.session.get(Interview, session.interview_id)
    questions = conductor.approved_questions(interview)
    messages = conductor.transcript(session)
    plan = conductor.plan_next_turn(session, messages=messages)
    if plan is None:
        return None
    seq = (messages[-1].seq if messages else 0) + 1
    if not IN_FLIGHT.claim(session_id, seq):
        return None
    try:
        prompt = prompts.turn_prompt(conductor.turn_context(session, plan, messages))
        plan_kind, question_id, verbatim, time_up = (
            plan.kind,
            plan.question.id if plan.question else None,
            plan.verbatim,
            plan.time_up,
        )
        db.session.close()  # no connection held while the model streams
        emit("turn_start", {"seq": seq, "kind": plan_kind})
        batcher = DeltaBatcher(emit, session_id, seq)
        lead_in, meta = _stream_lead_in(provider, prompt, batcher, emit, pace)
        text = lead_in
        if verbatim:
            text = f"{lead_in}\n\n{verbatim}" if lead_in else verbatim
            for chunk in _paced(word_chunks("\n\n" + verbatim), pace):
                batcher.add(chunk)
        batcher.flush()
        session = db.session.get(InterviewSession, session_id)
        question = db.session.get(Question, question_id) if question_id else None
        final_plan = conductor.TurnPlan(plan_kind, question, verbatim, time_up)
        message = conductor.complete_turn(session, final_plan, text, meta, messages)
        # Built before the commit, which expires every loaded row: reading them again
        # would check a connection out while the events go out.
        state = state_payload(session, interview, questions)
        ended = {
            "seq": message.seq,
            "kind": plan_kind,
            "message": message_payload(message),
            "state": state,
        }
        db.session.commit()
        emit("turn_end", ended)
        if state["status"] == "completed":
            emit("completed", {"state": state})
        return message
    except Exception:
        db.session.rollback()
        raise
    finally:
        IN_FLIGHT.release(session_id)


def message_payload(message: Message) -> dict:
    """A stored message as the page sees it."""
    return {
        "seq": message.seq,
        "role": message.role,
        "text": message.content,
        "follow_up": message.is_follow_up,
        "at": message.created_at.isoformat(),
    }


def state_payload(
    session: InterviewSession,
    interview: Interview | None = None,
    questions: list[Question] | None = None,
) -> dict:
    """Where the interview stands: phase, progress, remaining time."""
    interview = interview or db.session.get(Interview, session.interview_id)
    if questions is None:
        questions = conductor.approved_questions(interview)
    index = next(
        (i for i, q in enumerate(questions) if q.id == session.current_question_id),
        None,
    )
    return {
        "status": session.status,
        "phase": session.phase,
        "question_index": (index + 1) if index is not None else 0,
        "question_count": len(questions),
        "deadline": conductor.deadline(session, interview).isoformat(),
    }
