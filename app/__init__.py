"""Viva: a self-hostable AI interview platform; create_app() builds the Flask app."""

import importlib
import logging
import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import BASE_DIR, INSTANCE_DIR, BaseConfig, config_for

__version__ = "0.1.0"


def create_app(config: str | type[BaseConfig] | None = None, **overrides) -> Flask:
    """Build the app: config, extensions, blueprints, errors, CLI, docs, sockets."""
    config_class = (
        config
        if isinstance(config, type)
        else config_for(config or os.environ.get("APP_ENV"))
    )
    app = Flask(
        __name__,
        template_folder=str(BASE_DIR / "templates"),
        static_folder=str(BASE_DIR / "static"),
        instance_path=str(INSTANCE_DIR),
    )
    configure(app, config_class, overrides)
    register_extensions(app)
    register_blueprints(app)
    register_listeners(app)
    register_jobs(app)
    register_error_handlers(app)
    register_template_context(app)
    register_security(app)
    register_idempotency(app)
    register_cli(app)
    register_docs(app)
    register_socketio(app)
    return app


def configure(app: Flask, config_class: type[BaseConfig], overrides: dict) -> None:
    """Load the configuration class and refuse to start on an unsafe one."""
    app.config.from_object(config_class)
    app.config.update(overrides)
    app.config["APP_VERSION"] = __version__
    problems = (
        config_class.problems() if not overrides else _problems_with(app, config_class)
    )
    if problems:
        raise SystemExit(f"viva: refusing to start: {'; '.join(problems)}")
    logging.basicConfig(
        level=app.config["LOG_LEVEL"],
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    # The Gemini SDK and its HTTP client log a line per call at INFO.
    for noisy in ("google_genai", "httpx2"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # Authlib logs the PKCE code verifier at DEBUG: keep it out of the logs.
    logging.getLogger("authlib").setLevel(logging.INFO)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        os.makedirs(app.instance_path, exist_ok=True)
        # SQLite's pools take no sizing; those options are for PostgreSQL.
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        for key in ("pool_size", "max_overflow"):
            options.pop(key, None)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    proxies = int(app.config.get("PROXY_FIX_HOPS") or 0)
    if proxies:
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )


def _problems_with(app: Flask, config_class: type[BaseConfig]) -> list[str]:
    """Re-check a configuration after overrides (tests override settings this way)."""
    merged = type(
        "Merged",
        (config_class,),
        {
            k: app.config[k]
            for k in (
                "SECRET_KEY",
                "JWT_SECRET_KEY",
                "EVAL_CRITERIA_WEIGHTS",
                "PII_ENCRYPTION_KEYS",
                "PII_HASH_KEY",
            )
        },
    )
    return merged.problems()


def register_extensions(app: Flask) -> None:
    from app.extensions import compress, db, jwt, limiter, migrate
    from app.i18n import register_i18n

    db.init_app(app)
    register_i18n(app)
    compress.init_app(app)
    migrate.init_app(
        app, db, directory=str(BASE_DIR / "migrations"), render_as_batch=True
    )
    jwt.init_app(app)
    app.config.setdefault(
        "RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://"
    )
    limiter.init_app(app)
    _say_when_pii_keys_are_dev_keys(app)

    from app.auth.portal import register_jwt_callbacks

    register_jwt_callbacks(app)


_told_about_dev_pii_keys = False


def _say_when_pii_keys_are_dev_keys(app: Flask) -> None:
    """Log once per process that personal data is under the public development key."""
    global _told_about_dev_pii_keys
    from config import DEV_PII_ENCRYPTION_KEY

    keys = app.config.get("PII_ENCRYPTION_KEYS") or ""
    if DEV_PII_ENCRYPTION_KEY in keys and not _told_about_dev_pii_keys:
        _told_about_dev_pii_keys = True
        logging.getLogger("viva.privacy").warning(
            "Personal data is encrypted with the fixed development key; set "
            "PII_ENCRYPTION_KEYS and PII_HASH_KEY for real data."
        )


# The modules that declare routes, socket handlers, template helpers and commands.
# Package __init__s hold only their blueprint, so importing a service or model never
# loads pages; this list is the one place that wires the edges.
EDGE_MODULES = (
    "app.main.views",
    "app.main.api",
    "app.main.mailbox_views",
    "app.auth.views",
    "app.auth.api",
    "app.auth.google_views",
    "app.auth.recovery_views",
    "app.auth.recovery_api",
    "app.products.views",
    "app.products.api",
    "app.products.brand_api",
    "app.products.brand_views",
    "app.interviews.views",
    "app.interviews.api",
    "app.interviews.question_views",
    "app.interviews.questions_api",
    "app.calibration.views",
    "app.calibration.api",
    "app.live.views",
    "app.live.live",
    "app.live.api",
    "app.results.views",
    "app.results.api",
    "app.results.sessions_api",
    "app.invitations.views",
    "app.invitations.api",
    "app.invitations.candidate",
    "app.ai.views",
    "app.ai.api",
    "app.admin.views",
    "app.admin.api",
    "app.admin.account_views",
    "app.analytics.views",
    "app.analytics.api",
    "app.analytics.commands",
    "app.modelcards.views",
    "app.modelcards.api",
    "app.fairness.views",
    "app.rights.views",
    "app.rights.api",
    "app.rights.settings_views",
    "app.fairness.api",
    "app.integrations.api",
    "app.integrations.views",
    "app.practice.views",
    "app.practice.account_views",
    "app.practice.account_api",
    "app.practice.bank_api",
    "app.practice.api",
    "app.practice.jd_api",
    "app.practice.stats_api",
    "app.practice.insight_views",
    "app.practice.jd_views",
    "app.meetings.api",
    "app.meetings.views",
    "app.dashboard.views",
    "app.practice.warmup_views",
    "app.hiring.views",
    "app.hiring.api",
    "app.hiring.board_views",
    "app.hiring.board_api",
    "app.privacy.commands",
    "app.privacy.api",
    "app.privacy.views",
    "app.workspaces.api",
    "app.workspaces.views",
    "app.experts.api",
    "app.experts.views",
)


def register_blueprints(app: Flask) -> None:
    """Import every edge module (routes register on their blueprints), mount them."""
    for module in EDGE_MODULES:
        importlib.import_module(module)

    from app.admin import bp as admin_bp
    from app.ai import bp as ai_bp
    from app.analytics import bp as analytics_bp
    from app.auth import bp as auth_bp
    from app.calibration import bp as calibration_bp
    from app.dashboard import bp as dashboard_bp
    from app.experts import bp as experts_bp
    from app.fairness import bp as fairness_bp
    from app.hiring import bp as hiring_bp
    from app.integrations import bp as integrations_bp
    from app.interviews import bp as interviews_bp
    from app.invitations import bp as invitations_bp
    from app.live import bp as live_bp
    from app.main import bp as main_bp
    from app.meetings import bp as meetings_bp
    from app.modelcards import bp as modelcards_bp
    from app.practice import bp as practice_bp
    from app.privacy import bp as privacy_bp
    from app.products import bp as products_bp
    from app.results import bp as results_bp
    from app.rights import bp as rights_bp
    from app.workspaces import bp as workspaces_bp

    blueprints = (
        main_bp,
        auth_bp,
        products_bp,
        interviews_bp,
        live_bp,
        results_bp,
        invitations_bp,
        ai_bp,
        admin_bp,
        analytics_bp,
        fairness_bp,
        integrations_bp,
        practice_bp,
        meetings_bp,
        dashboard_bp,
        modelcards_bp,
        calibration_bp,
        rights_bp,
        hiring_bp,
        privacy_bp,
        workspaces_bp,
        experts_bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)


def register_listeners(app: Flask) -> None:
    """SQLAlchemy listeners, registered in one explicit step: analytics totals follow
    every evaluation write, and commits that queued scoring enqueue its jobs."""
    from app.analytics.totals import register_listeners as keep_totals
    from app.practice.engine import register_hooks as register_practice_hooks
    from app.tasks import register_listeners as enqueue_scoring

    keep_totals()
    enqueue_scoring()
    register_practice_hooks()


def register_jobs(app: Flask) -> None:
    """Bind the job queue (app/background.py) and declare the tasks (app/tasks.py).
    Consumers start elsewhere, explicitly: run.py, gunicorn's post_worker_init,
    `flask jobs worker`."""
    from app.background import jobs

    importlib.import_module("app.tasks")  # declares every task and periodic sweep
    jobs.init_app(app)


def register_error_handlers(app: Flask) -> None:
    from app.errors import register_error_handlers as register

    register(app)


def register_template_context(app: Flask) -> None:
    """Values every template can use."""
    from app.branding import product_brand

    # A global, not a context processor: emails render outside a request too.
    app.jinja_env.globals["product_brand"] = product_brand

    @app.context_processor
    def _app_context():
        return {"app_name": app.config["APP_NAME"], "app_version": __version__}


def register_security(app: Flask) -> None:
    """Security headers (CSP with nonces, ...) on every response; 429 answers."""
    from app.ratelimits import register_rate_limits
    from app.security import register_security as register

    register(app)
    register_rate_limits(app)


def register_idempotency(app: Flask) -> None:
    """Idempotency-Key on every POST under /api/v1."""
    from app.integrations.idempotency import register_idempotency as register

    register(app)


def register_cli(app: Flask) -> None:
    from app.cli import register_commands

    register_commands(app)


def register_docs(app: Flask) -> None:
    from app.docs import register_docs as register

    register(app)


def register_socketio(app: Flask) -> None:
    """Bind Socket.IO last, after every namespace is registered."""
    from app.extensions import socketio
    from app.live import arrivals
    from app.realtime import ResilientRedisManager
    from app.security import secure_socketio_responses

    arrivals.install(app)  # around Flask, inside Socket.IO's middleware

    queue = app.config.get("SOCKETIO_MESSAGE_QUEUE")
    manager = (
        ResilientRedisManager(queue, channel=app.config["SOCKETIO_CHANNEL"])
        if queue
        else None
    )
    socketio.init_app(
        app,
        async_mode=app.config.get("SOCKETIO_ASYNC_MODE") or _async_mode(),
        client_manager=manager,
        cors_allowed_origins=app.config.get("SOCKETIO_CORS_ORIGINS")
        or [app.config["PUBLIC_BASE_URL"]],
    )
    secure_socketio_responses(app)  # Socket.IO answers before Flask's after_request


def _async_mode() -> str:
    """gevent under gunicorn's gevent worker (it monkey-patches), threads otherwise."""
    try:
        from gevent import monkey
    except ImportError:
        return "threading"
    return "gevent" if monkey.is_module_patched("socket") else "threading"
