"""Google sign-in through Authlib (OpenID Connect): the client, checking the ID token,
and matching Google identities to accounts.

Accounts are matched by Google's subject id, never by email alone: a Google identity
whose email belongs to an existing account does not sign into it; its owner connects
Google from the profile while signed in. New accounts are recruiters with a verified
email and no password (they may set one later).

The client is built per configuration (client id, secret, discovery URL) on first use:
Authlib caches the provider's metadata and keys on the client, so a client built once
would keep talking to an old provider after the configuration changed.
"""

import re
import secrets
from dataclasses import dataclass

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client.errors import MismatchingStateError
from authlib.integrations.flask_client import OAuth
from flask import current_app
from joserfc.errors import ExpiredTokenError, JoseError
from requests import RequestException
from sqlalchemy import func

from app.audit import record_event
from app.auth.service import find_user_by_email, normalise_email
from app.errors import AuthError, Conflict, InteractionError
from app.extensions import db
from app.models import User, utcnow

SCOPES = "openid email profile"
GOOGLE_ISSUER = "https://accounts.google.com"
HTTP_TIMEOUT_SECONDS = 10
_REFUSED = "Google's answer could not be verified, so you were not signed in."


class GoogleSignInError(AuthError):
    """Google sign-in did not prove who the user is; `reason` goes to the audit log."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


class GoogleEmailInUse(Conflict):
    """The Google identity is new, but its email belongs to an existing account."""


@dataclass(frozen=True)
class GoogleIdentity:
    subject: str
    email: str
    email_verified: bool
    name: str


def google_enabled() -> bool:
    """True when a Google client id and secret are configured."""
    config = current_app.config
    return bool(config.get("GOOGLE_CLIENT_ID") and config.get("GOOGLE_CLIENT_SECRET"))


def google_client():
    """The Authlib client for the configured Google app (state, nonce and PKCE)."""
    config = current_app.config
    key = (
        config["GOOGLE_CLIENT_ID"],
        config["GOOGLE_CLIENT_SECRET"],
        config["GOOGLE_DISCOVERY_URL"],
    )
    clients = current_app.extensions.setdefault("viva_google_clients", {})
    if key not in clients:
        oauth = OAuth(current_app._get_current_object())
        clients[key] = oauth.register(
            "google",
            client_id=key[0],
            client_secret=key[1],
            server_metadata_url=key[2],
            client_kwargs={
                "scope": SCOPES,
                "code_challenge_method": "S256",
                "default_timeout": HTTP_TIMEOUT_SECONDS,
            },
        )
    return clients[key]


def callback_url() -> str:
    """The redirect URI registered with Google: PUBLIC_BASE_URL/auth/google/callback."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + "/auth/google/callback"


def claims_options(client) -> dict:
    """What the ID token must say: issued by the provider, to this client.

    Authlib skips the audience check when `azp` is present, so it is spelled out;
    Google's tokens name their issuer with or without https://.
    """
    issuer = client.load_server_metadata()["issuer"]
    issuers = [issuer] + (["accounts.google.com"] if issuer == GOOGLE_ISSUER else [])
    return {
        "iss": {"essential": True, "values": issuers},
        "aud": {"essential": True, "value": current_app.config["GOOGLE_CLIENT_ID"]},
        "sub": {"essential": True},
        "exp": {"essential": True},
    }


def fetch_identity() -> GoogleIdentity:
    """Finish the authorization-code flow of this callback request and return the
    checked identity: state, PKCE, and the ID token's signature, issuer, audience,
    expiry and nonce. Raises GoogleSignInError saying why it failed."""
    client = google_client()
    try:
        token = client.authorize_access_token(claims_options=claims_options(client))
    except MismatchingStateError as exc:
        raise GoogleSignInError(
            "Google sign-in expired or did not start here. Please try again.",
            "bad_state",
        ) from exc
    except ExpiredTokenError as exc:
        raise GoogleSignInError(_REFUSED, "expired_id_token") from exc
    except JoseError as exc:
        claim = getattr(exc, "claim", None)
        reason = f"invalid_id_token:{exc.error}" + (f":{claim}" if claim else "")
        raise GoogleSignInError(_REFUSED, reason) from exc
    except AuthlibBaseError as exc:
        raise GoogleSignInError(
            "Google sign-in was cancelled or refused.", f"provider:{exc.error}"
        ) from exc
    except (RequestException, ValueError, KeyError) as exc:
        raise GoogleSignInError(
            "Google could not be reached. Please try again in a moment.",
            "unavailable",
        ) from exc
    claims = token.get("userinfo")
    if not claims or not claims.get("sub") or not claims.get("email"):
        raise GoogleSignInError(_REFUSED, "missing_claims")
    return GoogleIdentity(
        subject=str(claims["sub"]),
        email=normalise_email(str(claims["email"])),
        email_verified=claims.get("email_verified") is True,
        name=" ".join(str(claims.get("name") or "").split())[:120],
    )


def _unique_username(email: str) -> str:
    base = re.sub(r"[^A-Za-z0-9_-]+", "-", email.split("@")[0]).strip("-")[:40]
    base = base if len(base) >= 3 else f"user-{base}".rstrip("-")
    candidate = base
    while User.query.filter(func.lower(User.username) == candidate.lower()).first():
        candidate = f"{base}-{secrets.token_hex(3)}"
    return candidate


def _display_name(identity: GoogleIdentity) -> str:
    name = identity.name if len(identity.name) >= 2 else identity.email.split("@")[0]
    return name if len(name) >= 2 else identity.email


def sign_in_with_google(identity: GoogleIdentity, *, origin: dict | None = None):
    """The account for a Google identity, created when new: (user, created).

    Matched by subject only. A new identity whose email already has an account raises
    GoogleEmailInUse; an unverified Google email cannot open an account.
    """
    now = utcnow()
    user = User.query.filter_by(google_subject=identity.subject).first()
    if user is not None:
        if not user.is_active:
            raise GoogleSignInError(
                "This account is deactivated. Contact your administrator.",
                "deactivated",
            )
        if identity.email_verified and identity.email == user.email:
            user.email_verified_at = user.email_verified_at or now
        user.last_login_at = now
        db.session.flush()
        return user, False
    if find_user_by_email(identity.email) is not None:
        raise GoogleEmailInUse(
            f"An account with {identity.email} already exists. Log in with its "
            "password, then connect Google from your profile."
        )
    if not identity.email_verified:
        raise GoogleSignInError(
            "Google has not verified this email address, so it cannot open an account.",
            "email_unverified",
        )
    return _open_account(identity, now, origin), True


def _open_account(identity: GoogleIdentity, now, origin: dict | None) -> User:
    """A new recruiter for a Google identity: email verified, no password."""
    user = User(
        email=identity.email,
        username=_unique_username(identity.email),
        full_name=_display_name(identity),
        password_hash=None,
        role="recruiter",
        email_verified_at=now,
        google_subject=identity.subject,
        last_login_at=now,
    )
    db.session.add(user)
    db.session.flush()
    record_event(
        "user.registered",
        actor=user,
        target=user,
        details={"method": "google"},
        **(origin or {}),
    )
    return user


def record_google_login(user: User, *, origin: dict | None = None) -> None:
    """Audit a successful Google sign-in."""
    record_event(
        "auth.login",
        actor=user,
        target=user,
        details={"method": "google"},
        **(origin or {}),
    )


def link_google(
    user: User, identity: GoogleIdentity, *, origin: dict | None = None
) -> User:
    """Connect a Google identity to a signed-in user's account."""
    holder = User.query.filter_by(google_subject=identity.subject).first()
    if holder is not None and holder.id != user.id:
        raise Conflict("This Google account is already connected to another account.")
    if user.google_subject not in (None, identity.subject):
        raise Conflict(
            "Your account is connected to another Google account. Disconnect it first."
        )
    user.google_subject = identity.subject
    if identity.email_verified and identity.email == user.email:
        user.email_verified_at = user.email_verified_at or utcnow()
    record_event(
        "user.google_linked",
        actor=user,
        target=user,
        details={"google_email": identity.email},
        **(origin or {}),
    )
    db.session.flush()
    return user


def unlink_google(user: User, *, origin: dict | None = None) -> User:
    """Disconnect Google; only possible once the account has a password."""
    if user.google_subject is None:
        return user
    if user.password_hash is None:
        raise InteractionError(
            "Set a password first: without Google you could not sign in otherwise."
        )
    user.google_subject = None
    record_event("user.google_unlinked", actor=user, target=user, **(origin or {}))
    db.session.flush()
    return user
