"""JSON API of the interview room: text to speech for the interviewer's turns, and
the candidate's consent to voice.

`POST /api/v1/tts` answers audio/mpeg from the configured speech service; the room's
candidate (participant cookie) or a signed-in user may call it, rate-limited per
caller. Unconfigured or failing, it answers 503 in the envelope and the page speaks
with the browser's voice instead.
"""

from functools import wraps

from flask import Response, current_app, request
from flask_jwt_extended import get_current_user, verify_jwt_in_request
from marshmallow import Schema, fields, validate

from app import ratelimits
from app.ai import speech
from app.consent_records import consent_once
from app.extensions import db
from app.live import bp
from app.live.participants import COOKIE_NAME, participant_session
from app.models import InterviewSession
from app.openapi import operation
from app.schemas import MessageSchema

VOICE = r"^[A-Za-z0-9_.-]{1,40}$"
CALLER = "viva.speech_caller"


class SpeechRequestSchema(Schema):
    text = fields.String(
        required=True,
        validate=validate.Length(
            min=1,
            max=speech.MAX_TEXT_CHARS,
            error=f"Use 1-{speech.MAX_TEXT_CHARS:,} characters.",
        ),
        metadata={"example": "Tell me about a project you are proud of."},
    )
    voice = fields.String(
        validate=validate.Regexp(VOICE, error="Use a voice name such as alloy."),
        metadata={"description": "A voice of the service (default: TTS_VOICE)."},
    )


def speaker_required(view):
    """Let in the room's candidate (participant cookie) or a signed-in user, before
    the body is read; the caller's key goes to the view as `caller`."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        session = participant_session(request.cookies.get(COOKIE_NAME))
        if session is not None:
            caller = ("participant", session.id)
        else:
            verify_jwt_in_request()  # 401 in the envelope without a valid token
            caller = ("user", get_current_user().id)
        request.environ[CALLER] = caller
        return view(*args, **kwargs)

    wrapper.required_roles = ()  # documented as signed in (bearer or cookie)
    return wrapper


@bp.post("/api/v1/tts")
@speaker_required
@operation(
    "Read text aloud: MP3 from the configured text-to-speech service",
    tags=["interview room"],
    body=SpeechRequestSchema,
    responses={200: "audio/mpeg"},
    errors=(401, 429, 503),
    description="For the interview room's candidate (participant cookie) or a "
    "signed-in user. Calls an OpenAI-compatible /v1/audio/speech service (TTS_* "
    "settings). 503 when none is configured or it fails: use the browser's speech "
    "synthesis instead.",
)
def api_tts(body):
    ratelimits.hit("RATELIMIT_TTS", *request.environ[CALLER])
    settings = speech.SpeechSettings.from_config(current_app.config)
    audio = speech.synthesize(settings, body["text"], body.get("voice"))
    return Response(
        audio, mimetype="audio/mpeg", headers={"Cache-Control": "private, no-store"}
    )


@bp.post("/api/v1/consents/voice")
@speaker_required
@operation(
    "Record the candidate's consent to voice (read aloud, dictation)",
    tags=["interview room"],
    responses={200: MessageSchema},
    errors=(401,),
    description="The room calls this when the candidate turns on reading aloud or "
    "dictation: the consent is stored with the voice notice's text version, the "
    "time and the source (the interview room), once per text version. It is shown "
    "on the candidate's report, exported, and withdrawable "
    "(POST /api/v1/gdpr/consent).",
)
def api_voice_consent():
    kind, caller_id = request.environ[CALLER]
    if kind == "participant":
        session = db.session.get(InterviewSession, caller_id)
        consent_once("voice", "interview_room", invitation=session.invitation)
    else:
        consent_once("voice", "practice_page", user=get_current_user())
    db.session.commit()
    return {"message": "Your consent to voice is recorded."}
