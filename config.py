"""Configuration: one class per environment, picked by APP_ENV.

Secrets come only from the environment. Development and testing get throwaway defaults
so a fresh clone runs with no keys; production refuses to start without real ones.
"""

import base64
import hashlib
import os
from datetime import timedelta
from pathlib import Path

from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent
# A developer's .env must not leak into the test suite, which sets VIVA_NO_DOTENV.
if not os.environ.get("VIVA_NO_DOTENV"):
    load_dotenv(BASE_DIR / ".env")
INSTANCE_DIR = BASE_DIR / "instance"

DEV_SECRET_KEY = "dev-secret-key-not-for-production-use"
DEV_JWT_SECRET_KEY = "dev-jwt-secret-key-not-for-production"
TEST_SECRET_KEY = "test-secret-key-not-for-production-use"
TEST_JWT_SECRET_KEY = "test-jwt-secret-key-not-for-production"
# Development and testing encrypt personal data under fixed, public keys derived
# from these labels (create_app() says so once at start); production needs real ones.
DEV_PII_ENCRYPTION_KEY = base64.urlsafe_b64encode(
    hashlib.sha256(b"viva-development-pii-encryption-key").digest()
).decode("ascii")
DEV_PII_HASH_KEY = hashlib.sha256(b"viva-development-pii-hash-key").hexdigest()
# Values that must never be used as production secrets (.env.example ships "change-me").
KNOWN_DEFAULT_SECRETS = {
    "",
    "change-me",
    "changeme",
    "secret",
    "dev",
    "development",
    DEV_SECRET_KEY,
    DEV_JWT_SECRET_KEY,
    TEST_SECRET_KEY,
    TEST_JWT_SECRET_KEY,
}


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean flag such as 1/0, true/false, yes/no from the environment."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    """Read an integer from the environment, falling back to the default when unset."""
    raw = os.environ.get(name)
    return int(raw) if raw and raw.strip() else default


def default_public_base_url() -> str:
    """Where `python run.py` listens (HOST, PORT), as a browser would address it."""
    host = (os.environ.get("HOST") or "127.0.0.1").strip()
    if host in ("0.0.0.0", "::", ""):  # every interface: this machine answers locally
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{env_int('PORT', 5000)}"


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgres:// and postgresql:// URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def weight_problems(text: str | None) -> list[str]:
    """Why EVAL_CRITERIA_WEIGHTS is unusable: four non-negative numbers, sum > 0."""
    try:
        values = [float(part) for part in (text or "30,25,30,15").split(",")]
    except ValueError:
        values = []
    if len(values) != 4 or min(values) < 0 or sum(values) <= 0:
        return [f"EVAL_CRITERIA_WEIGHTS={text!r} is not four weights like 30,25,30,15"]
    return []


def pii_key_problems(encryption_keys: str | None, hash_key: str | None) -> list[str]:
    """Why the personal-data keys are unusable (production refuses to start then)."""
    from cryptography.fernet import Fernet

    reasons = []
    keys = [key.strip() for key in (encryption_keys or "").split(",") if key.strip()]
    if not keys:
        reasons.append("PII_ENCRYPTION_KEYS is missing")
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except ValueError:
            reasons.append(
                f"PII_ENCRYPTION_KEYS key {position} is not a Fernet key "
                "(32 url-safe base64-encoded bytes)"
            )
        if key == DEV_PII_ENCRYPTION_KEY:
            reasons.append(f"PII_ENCRYPTION_KEYS key {position} is the development key")
    if not hash_key or hash_key == DEV_PII_HASH_KEY:
        reasons.append("PII_HASH_KEY is missing or the development key")
    elif len(hash_key) < 32:
        reasons.append("PII_HASH_KEY is shorter than 32 characters")
    return reasons


class BaseConfig:
    APP_NAME = "Viva"
    APP_ENV = "base"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    JWT_SECRET_KEY = os.environ.get("JWT_SECRET_KEY")

    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'viva.db'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL") or None
    # With Redis, every process relays every other process's Socket.IO emits.
    SOCKETIO_MESSAGE_QUEUE = REDIS_URL
    # Processes of one deployment share a channel; deployments sharing a Redis do not.
    SOCKETIO_CHANNEL = os.environ.get("SOCKETIO_CHANNEL") or "viva-socketio"
    # How often each process re-checks its recruiters' watch sockets (logout ends them);
    # 0: only when they send an event.
    WATCH_RECHECK_SECONDS = env_int("WATCH_RECHECK_SECONDS", 5)

    # Tokens: JWTs in HttpOnly cookies (portal) or the Authorization header (API
    # clients).
    JWT_TOKEN_LOCATION = ["headers", "cookies"]
    JWT_ACCESS_TOKEN_EXPIRES = timedelta(
        minutes=env_int("JWT_ACCESS_TOKEN_MINUTES", 15)
    )
    JWT_REFRESH_TOKEN_EXPIRES = timedelta(days=env_int("JWT_REFRESH_TOKEN_DAYS", 14))
    JWT_COOKIE_CSRF_PROTECT = True
    JWT_CSRF_CHECK_FORM = True
    JWT_REFRESH_COOKIE_PATH = "/"
    JWT_COOKIE_SAMESITE = "Lax"
    JWT_COOKIE_SECURE = env_bool("COOKIE_SECURE", False)
    # Lax on purpose: Strict would drop the login cookies when a recruiter follows a
    # link from an email, and the session cookie (Google sign-in state) on the way back
    # from Google.
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SECURE = env_bool("COOKIE_SECURE", False)
    PROXY_FIX_HOPS = env_int("PROXY_FIX_HOPS", 0)
    # Strict-Transport-Security max-age; 0 sends no header (production: one year).
    HSTS_SECONDS = env_int("HSTS_SECONDS", 0)

    # Account emails: verification and password reset links.
    EMAIL_VERIFICATION_HOURS = env_int("EMAIL_VERIFICATION_HOURS", 48)
    VERIFICATION_RESEND_COOLDOWN_SECONDS = env_int(
        "VERIFICATION_RESEND_COOLDOWN_SECONDS", 60
    )
    PASSWORD_RESET_MINUTES = env_int("PASSWORD_RESET_MINUTES", 60)

    # Google sign-in (OpenID Connect); the button shows only when both are set.
    GOOGLE_CLIENT_ID = os.environ.get("GOOGLE_CLIENT_ID") or None
    GOOGLE_CLIENT_SECRET = os.environ.get("GOOGLE_CLIENT_SECRET") or None
    GOOGLE_DISCOVERY_URL = (
        os.environ.get("GOOGLE_DISCOVERY_URL")
        or "https://accounts.google.com/.well-known/openid-configuration"
    )

    # Rate limits ("N per period", several separated by ";"). Counters live in Redis
    # when REDIS_URL is set, in process memory otherwise.
    RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_STRATEGY = "moving-window"
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # Failed sign-ins per account (any address) and per client address (any account).
    RATELIMIT_LOGIN_ACCOUNT = (
        os.environ.get("RATELIMIT_LOGIN_ACCOUNT") or "10 per 15 minutes"
    )
    RATELIMIT_LOGIN_ADDRESS = (
        os.environ.get("RATELIMIT_LOGIN_ADDRESS") or "30 per 15 minutes;100 per day"
    )
    RATELIMIT_REGISTER = os.environ.get("RATELIMIT_REGISTER") or "10 per hour"
    RATELIMIT_APPLY = os.environ.get("RATELIMIT_APPLY") or "30 per hour"
    RATELIMIT_PASSWORD_RESET = (
        os.environ.get("RATELIMIT_PASSWORD_RESET") or "5 per 15 minutes;20 per day"
    )
    RATELIMIT_VERIFY_RESEND = os.environ.get("RATELIMIT_VERIFY_RESEND") or "5 per hour"
    RATELIMIT_INVITATIONS = (
        os.environ.get("RATELIMIT_INVITATIONS") or "30 per minute;500 per day"
    )
    RATELIMIT_AI_DRAFTING = (
        os.environ.get("RATELIMIT_AI_DRAFTING") or "10 per minute;200 per day"
    )
    RATELIMIT_ANSWERS = os.environ.get("RATELIMIT_ANSWERS") or "20 per minute"
    # Data requests (export, erasure) asked on /privacy, per client address.
    RATELIMIT_PRIVACY_REQUESTS = (
        os.environ.get("RATELIMIT_PRIVACY_REQUESTS") or "5 per 15 minutes;20 per day"
    )

    # Shown to candidates on the welcome page: a link to your privacy notice, and how
    # long you keep their interview data (days; unset: until the team deletes it).
    PRIVACY_NOTICE_URL = os.environ.get("PRIVACY_NOTICE_URL") or None
    CANDIDATE_DATA_RETENTION_DAYS = env_int("CANDIDATE_DATA_RETENTION_DAYS", 0) or None

    # Personal data at rest (app/models/crypto.py): Fernet keys, newest first, and the
    # HMAC key of email lookups (never rotated: stored hashes depend on it).
    PII_ENCRYPTION_KEYS = os.environ.get("PII_ENCRYPTION_KEYS") or None
    PII_HASH_KEY = os.environ.get("PII_HASH_KEY") or None
    # Rows per transaction of `flask pii rotate-keys` and of the retention purge.
    PII_BATCH_SIZE = env_int("PII_BATCH_SIZE", 500)
    # Days candidates' interview data is kept before the retention job anonymizes it
    # (an account's own setting and an interview's override take precedence).
    DATA_RETENTION_DEFAULT_DAYS = env_int("DATA_RETENTION_DEFAULT_DAYS", 365)
    # How long a data export's single-use download link works.
    DATA_EXPORT_EXPIRY_HOURS = env_int("DATA_EXPORT_EXPIRY_HOURS", 48)
    # Where export ZIP files wait for their download (deleted once downloaded/expired).
    DATA_EXPORT_DIR = os.environ.get("DATA_EXPORT_DIR") or str(
        INSTANCE_DIR / "data-exports"
    )

    # Who may open Swagger UI at /docs: "public" or "admin".
    DOCS_ACCESS = os.environ.get("DOCS_ACCESS") or "public"
    # Unset, links follow HOST and PORT, so `PORT=5400 make run` prints working ones.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL") or default_public_base_url()
    LOG_LEVEL = os.environ.get("LOG_LEVEL") or "INFO"
    # Flask-Compress: static CSS, JS and SVG go out compressed (zstd, brotli or gzip,
    # as the browser accepts). Not HTML or JSON: those carry CSRF and session values
    # next to text a visitor can inject, which compression would leak (BREACH).
    COMPRESS_MIMETYPES = ["text/css", "text/javascript", "image/svg+xml"]
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # Where uploaded files (applicants' resumes) are kept: never under static/.
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR") or str(INSTANCE_DIR / "uploads")
    JSON_SORT_KEYS = False

    # Email: console (default; prints messages), smtp or sendgrid.
    MAIL_BACKEND = (os.environ.get("MAIL_BACKEND") or "console").lower()
    DEV_MAILBOX_DIR = None  # development only (DevelopmentConfig)
    MAIL_FROM = os.environ.get("MAIL_FROM") or "viva@localhost"
    MAIL_FROM_NAME = os.environ.get("MAIL_FROM_NAME") or "Viva"
    MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 5)
    MAIL_RETRY_BASE_SECONDS = env_int("MAIL_RETRY_BASE_SECONDS", 30)
    MAIL_TIMEOUT_SECONDS = env_int("MAIL_TIMEOUT_SECONDS", 10)
    # Recruiters' daily notification digest goes out at this hour (0-23, UTC), with
    # what arrived since the previous one (app/notifications/delivery.py).
    NOTIFY_DIGEST_HOUR = min(max(env_int("NOTIFY_DIGEST_HOUR", 8), 0), 23)
    SMTP_HOST = os.environ.get("SMTP_HOST") or "localhost"
    SMTP_PORT = env_int("SMTP_PORT", 587)
    SMTP_USERNAME = os.environ.get("SMTP_USERNAME") or None
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD") or None
    SMTP_STARTTLS = env_bool("SMTP_STARTTLS", True)
    SENDGRID_API_KEY = os.environ.get("SENDGRID_API_KEY") or None
    # Only for tests and proxies: where the SendGrid SDK sends its requests.
    SENDGRID_API_HOST = os.environ.get("SENDGRID_API_HOST") or None

    # Next-round meetings: Zoom (Server-to-Server OAuth app) when all three are set,
    # else a Jitsi Meet room at JITSI_BASE_URL, or a link the recruiter pastes.
    ZOOM_ACCOUNT_ID = os.environ.get("ZOOM_ACCOUNT_ID") or None
    ZOOM_CLIENT_ID = os.environ.get("ZOOM_CLIENT_ID") or None
    ZOOM_CLIENT_SECRET = os.environ.get("ZOOM_CLIENT_SECRET") or None
    # Only for tests and proxies: Zoom's API and OAuth addresses.
    ZOOM_API_URL = os.environ.get("ZOOM_API_URL") or "https://api.zoom.us/v2"
    ZOOM_OAUTH_URL = os.environ.get("ZOOM_OAUTH_URL") or "https://zoom.us/oauth/token"
    JITSI_BASE_URL = os.environ.get("JITSI_BASE_URL") or "https://meet.jit.si"

    # AI: "offline" (default without a key; deterministic, no network) or "gemini".
    GEMINI_API_KEY = os.environ.get("GEMINI_API_KEY") or None
    AI_PROVIDER = (
        os.environ.get("AI_PROVIDER")
        or ("gemini" if GEMINI_API_KEY else None)
        or ("openai" if os.environ.get("OPENAI_BASE_URL") else "offline")
    ).lower()
    GEMINI_MODEL = os.environ.get("GEMINI_MODEL") or "gemini-2.5-flash"
    # Only for tests and proxies: where the google-genai SDK sends its requests.
    GEMINI_BASE_URL = os.environ.get("GEMINI_BASE_URL") or None
    GEMINI_TIMEOUT_SECONDS = env_int("GEMINI_TIMEOUT_SECONDS", 20)
    # Pause between the offline interviewer's word chunks, so its turns stream like a
    # model's.
    AI_OFFLINE_CHUNK_DELAY_MS = env_int("AI_OFFLINE_CHUNK_DELAY_MS", 30)

    # Background jobs (app/background.py, app/tasks.py). The queue: redis://...,
    # sqlite:///path or memory://; unset: REDIS_URL if set, else instance/jobs.db.
    JOBS_QUEUE_URL = os.environ.get("JOBS_QUEUE_URL") or None
    # Several deployments may share one Redis: each needs a queue name of its own.
    JOBS_QUEUE_NAME = os.environ.get("JOBS_QUEUE_NAME") or "viva"
    # true: each web process also runs jobs in its background (one-process setups);
    # false: web processes only enqueue, `flask jobs worker` processes do the work.
    JOBS_IN_PROCESS = env_bool("JOBS_IN_PROCESS", True)
    # Jobs one consumer runs at a time (threads; greenlets in a gevent web process).
    JOBS_WORKERS = env_int("JOBS_WORKERS", 2)
    # Run every job at once in the caller, with no queue (the testing default).
    JOBS_IMMEDIATE = env_bool("JOBS_IMMEDIATE", False)

    # Scoring answers (app/scoring/service.py, run by the score_answer job).
    SCORING_MAX_ATTEMPTS = env_int("SCORING_MAX_ATTEMPTS", 3)
    SCORING_RETRY_SECONDS = env_int("SCORING_RETRY_SECONDS", 30)
    # A row left "running" this long by a process that died is claimed again.
    SCORING_CLAIM_TIMEOUT_SECONDS = env_int("SCORING_CLAIM_TIMEOUT_SECONDS", 180)
    # Text to speech for the room's voice option: an OpenAI-compatible
    # /v1/audio/speech service (app/ai/speech.py); unset, browsers speak themselves.
    TTS_BASE_URL = os.environ.get("TTS_BASE_URL") or None
    TTS_API_KEY = os.environ.get("TTS_API_KEY") or None
    TTS_MODEL = os.environ.get("TTS_MODEL") or "tts-1"
    TTS_VOICE = os.environ.get("TTS_VOICE") or "alloy"
    TTS_TIMEOUT_SECONDS = env_int("TTS_TIMEOUT_SECONDS", 20)
    RATELIMIT_TTS = os.environ.get("RATELIMIT_TTS") or "30 per minute;600 per day"
    # Interviews that stop (app/live/endings.py, the sweep_abandoned_sessions job): a
    # timed session idle this long past its time limit, or an untimed one idle this
    # long, is marked abandoned (its answers are still scored).
    SESSION_ABANDON_GRACE_MINUTES = env_int("SESSION_ABANDON_GRACE_MINUTES", 15)
    SESSION_UNTIMED_IDLE_MINUTES = env_int("SESSION_UNTIMED_IDLE_MINUTES", 120)
    # Arriving candidates (their link's pages and socket connect) worked on at once per
    # process (app/live/arrivals.py); the rest wait, so running interviews keep their
    # pace when many arrive together. 0: no limit.
    ARRIVAL_CONCURRENCY = env_int("ARRIVAL_CONCURRENCY", 8)
    # Weights of relevance, completeness, accuracy and clarity in an answer's overall.
    EVAL_CRITERIA_WEIGHTS = os.environ.get("EVAL_CRITERIA_WEIGHTS") or "30,25,30,15"

    # OpenAI-compatible servers (Ollama, vLLM, llama.cpp, DeepSeek, ...): AI_PROVIDER
    # becomes "openai" when OPENAI_BASE_URL is set (app/ai/providers/openai.py).
    OPENAI_BASE_URL = os.environ.get("OPENAI_BASE_URL") or None
    OPENAI_API_KEY = os.environ.get("OPENAI_API_KEY") or None
    OPENAI_MODEL = os.environ.get("OPENAI_MODEL") or None
    OPENAI_EVAL_MODEL = os.environ.get("OPENAI_EVAL_MODEL") or None
    OPENAI_JSON_MODE = (os.environ.get("OPENAI_JSON_MODE") or "json_schema").lower()
    OPENAI_EXTRA_BODY = os.environ.get("OPENAI_EXTRA_BODY") or None
    OPENAI_TIMEOUT_SECONDS = env_int("OPENAI_TIMEOUT_SECONDS", 30)
    OPENAI_MAX_RETRIES = env_int("OPENAI_MAX_RETRIES", 2)
    OPENAI_CONTEXT_TOKENS = env_int("OPENAI_CONTEXT_TOKENS", 0)

    # Webhooks (app/integrations): receivers on the inside network and plain HTTP
    # are refused in production.
    WEBHOOK_ALLOW_PRIVATE = env_bool("WEBHOOK_ALLOW_PRIVATE", True)
    WEBHOOK_ALLOW_HTTP = env_bool("WEBHOOK_ALLOW_HTTP", True)
    WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 10)
    WEBHOOK_RETRY_BASE_SECONDS = env_int("WEBHOOK_RETRY_BASE_SECONDS", 30)
    WEBHOOK_DISABLE_AFTER_FAILURES = env_int("WEBHOOK_DISABLE_AFTER_FAILURES", 15)
    # Idempotency-Key: how long a caller's key and its response are kept.
    IDEMPOTENCY_KEY_HOURS = env_int("IDEMPOTENCY_KEY_HOURS", 24)
    # Where keys are kept: auto (Redis when REDIS_URL is set, else the database),
    # database or redis (needs REDIS_URL).
    IDEMPOTENCY_STORE = os.environ.get("IDEMPOTENCY_STORE") or "auto"

    @classmethod
    def problems(cls) -> list[str]:
        """Reasons this configuration must not start; empty when it is fine."""
        reasons = weight_problems(cls.EVAL_CRITERIA_WEIGHTS)
        if cls.IDEMPOTENCY_STORE not in ("auto", "database", "redis"):
            reasons.append("IDEMPOTENCY_STORE must be auto, database or redis")
        elif cls.IDEMPOTENCY_STORE == "redis" and not cls.REDIS_URL:
            reasons.append("IDEMPOTENCY_STORE=redis needs REDIS_URL")
        return reasons


class DevelopmentConfig(BaseConfig):
    APP_ENV = "development"
    DEBUG = True
    SECRET_KEY = os.environ.get("SECRET_KEY") or DEV_SECRET_KEY
    JWT_SECRET_KEY = os.environ.get("JWT_SECRET_KEY") or DEV_JWT_SECRET_KEY
    PII_ENCRYPTION_KEYS = (
        os.environ.get("PII_ENCRYPTION_KEYS") or DEV_PII_ENCRYPTION_KEY
    )
    PII_HASH_KEY = os.environ.get("PII_HASH_KEY") or DEV_PII_HASH_KEY
    # The console backend keeps a copy of each email here for /dev/mailbox; set it
    # empty to turn the mailbox off. Never on outside development.
    DEV_MAILBOX_DIR = os.environ.get(
        "DEV_MAILBOX_DIR", str(INSTANCE_DIR / "dev-mailbox")
    )


class TestingConfig(BaseConfig):
    APP_ENV = "testing"
    TESTING = True
    SECRET_KEY = TEST_SECRET_KEY
    JWT_SECRET_KEY = TEST_JWT_SECRET_KEY
    PII_ENCRYPTION_KEYS = DEV_PII_ENCRYPTION_KEY
    PII_HASH_KEY = DEV_PII_HASH_KEY
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    REDIS_URL = None
    # Flask-SocketIO's test client refuses to work with a message queue.
    SOCKETIO_MESSAGE_QUEUE = None
    MAIL_BACKEND = "console"
    # Jobs run inline, in the caller; tests that look at the queue switch it off.
    JOBS_IMMEDIATE = True
    JOBS_QUEUE_URL = "memory://"
    SENDGRID_API_KEY = None
    ZOOM_ACCOUNT_ID = ZOOM_CLIENT_ID = ZOOM_CLIENT_SECRET = None
    GEMINI_API_KEY = None
    AI_PROVIDER = "offline"
    TTS_BASE_URL = None
    TTS_API_KEY = None
    OPENAI_BASE_URL = None
    OPENAI_API_KEY = None
    AI_OFFLINE_CHUNK_DELAY_MS = 0
    UPLOAD_DIR = str(INSTANCE_DIR / "uploads-test")
    # No background re-check of watch sockets in the in-process suite (it would share
    # the tests' connection); live-server tests switch it on.
    WATCH_RECHECK_SECONDS = 0
    # Argon2 at its production cost makes every test that logs in slow; tests use a
    # cheap cost.
    PASSWORD_HASH_FAST = True


class ProductionConfig(BaseConfig):
    APP_ENV = "production"
    HSTS_SECONDS = env_int("HSTS_SECONDS", 365 * 24 * 3600)
    DOCS_ACCESS = os.environ.get("DOCS_ACCESS") or "admin"
    WEBHOOK_ALLOW_PRIVATE = env_bool("WEBHOOK_ALLOW_PRIVATE", False)
    WEBHOOK_ALLOW_HTTP = env_bool("WEBHOOK_ALLOW_HTTP", False)
    JWT_COOKIE_SECURE = env_bool("COOKIE_SECURE", True)
    SESSION_COOKIE_SECURE = env_bool("COOKIE_SECURE", True)
    SQLALCHEMY_ENGINE_OPTIONS = {
        "pool_pre_ping": True,
        "pool_size": env_int("DB_POOL_SIZE", 10),
        "max_overflow": env_int("DB_MAX_OVERFLOW", 20),
    }

    @classmethod
    def problems(cls) -> list[str]:
        reasons = super().problems()
        for name in ("SECRET_KEY", "JWT_SECRET_KEY"):
            value = getattr(cls, name)
            if value is None or value.strip().lower() in KNOWN_DEFAULT_SECRETS:
                reasons.append(f"{name} is missing or a known default")
            elif len(value) < 32:
                reasons.append(f"{name} is shorter than 32 characters")
        reasons.extend(pii_key_problems(cls.PII_ENCRYPTION_KEYS, cls.PII_HASH_KEY))
        return reasons


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_for(name: str | None) -> type[BaseConfig]:
    """Return the configuration class for an APP_ENV name (development when unset)."""
    key = (name or "development").strip().lower()
    if key not in CONFIGS:
        raise SystemExit(
            f"viva: refusing to start: APP_ENV={name!r} is not one of {sorted(CONFIGS)}"
        )
    return CONFIGS[key]
