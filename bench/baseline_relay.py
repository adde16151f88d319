"""The ceiling: a minimal Flask-SocketIO gevent app relaying the fake Gemini stream.

It speaks the live interview's protocol on /interview (state, answer with an ack,
turn_start, turn_delta with offsets, turn_end, completed) with no database, no
conductor, no prompts and no auth: each connection gets a greeting turn, and each
answer is acknowledged at once and followed by the next turn, streamed through the same
google-genai SDK from the same fake. bench/live_interviews.py runs the same workload
against it and against Viva. Serve it like Viva:

    GEMINI_BASE_URL=http://127.0.0.1:8765 QUESTIONS=4 \
        gunicorn -k gevent -w 1 --worker-connections 4000 bench.baseline_relay:app
"""

import os

from flask import Flask, request
from flask_socketio import SocketIO, join_room
from google import genai
from google.genai import types

NAMESPACE = "/interview"
QUESTIONS = int(os.environ.get("QUESTIONS") or 4)

app = Flask(__name__)
socketio = SocketIO(app, async_mode="gevent", cors_allowed_origins="*")
client = genai.Client(
    api_key=os.environ.get("GEMINI_API_KEY") or "test-gemini-key",
    http_options=types.HttpOptions(base_url=os.environ["GEMINI_BASE_URL"]),
)
CONFIG = types.GenerateContentConfig(
    temperature=0.7, thinking_config=types.ThinkingConfig(thinking_budget=0)
)
conversations: dict[str, dict] = {}  # sid -> {"seq", "answers"}


def stream_turn(sid: str, seq: int, last: bool) -> None:
    """Relay one streamed model reply to the client's room, then end the turn."""
    emit = socketio.emit
    emit("turn_start", {"seq": seq}, to=sid, namespace=NAMESPACE)
    text = ""
    for chunk in client.models.generate_content_stream(
        model="gemini-2.5-flash", contents="Say something.", config=CONFIG
    ):
        if chunk.text:
            emit(
                "turn_delta",
                {"seq": seq, "offset": len(text), "text": chunk.text},
                to=sid,
                namespace=NAMESPACE,
            )
            text += chunk.text
    state = {"status": "completed" if last else "in_progress"}
    message = {"seq": seq, "role": "interviewer", "text": text.strip()}
    emit("turn_end", {"message": message, "state": state}, to=sid, namespace=NAMESPACE)
    if last:
        emit("completed", {"state": state}, to=sid, namespace=NAMESPACE)


@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth=None):
    """A client joins; the greeting turn starts."""
    conversations[request.sid] = {"seq": 1, "answers": 0}
    join_room(request.sid)
    socketio.emit(
        "state",
        {"messages": [], "streaming": None, "state": {"status": "in_progress"}},
        to=request.sid,
        namespace=NAMESPACE,
    )
    socketio.start_background_task(stream_turn, request.sid, 1, False)


@socketio.on("answer", namespace=NAMESPACE)
def on_answer(data):
    """Acknowledge an answer at once and start the next turn."""
    conversation = conversations[request.sid]
    conversation["answers"] += 1
    answer_seq = conversation["seq"] + 1
    conversation["seq"] += 2
    last = conversation["answers"] >= QUESTIONS
    socketio.start_background_task(stream_turn, request.sid, conversation["seq"], last)
    return {"ok": True, "seq": answer_seq, "duplicate": False}


@socketio.on("disconnect", namespace=NAMESPACE)
def on_disconnect(*_args):
    conversations.pop(request.sid, None)


@app.get("/api/v1/health")
def health():
    return {"status": "ok"}
