"""A fake OpenID Connect provider (Google-like) on 127.0.0.1, for sign-in tests.

It serves a discovery document, its JWKS, an authorize endpoint that redirects straight
back with a code (as Google does for someone who already agreed), and a token endpoint
that checks the client secret, the code, the redirect URI and the PKCE verifier, then
issues an RS256 ID token carrying the nonce of that authorization. Tests script who
signs in and what is wrong with the next ID token:

    with FakeOIDCProvider() as google:
        google.sign_in_as(sub="g-1", email="jane@example.com", name="Jane Doe")
        google.next_token(aud="someone-else")     # wrong audience
        google.next_token(iss="https://evil")     # wrong issuer
        google.next_token(expired=True)           # exp in the past
        google.next_token(replay_nonce=True)      # the nonce of the previous sign-in
        google.next_token(other_key=True)         # signed with a key not in the JWKS
        google.deny()                             # the user cancels (access_denied)

Point Viva at it with GOOGLE_DISCOVERY_URL=google.discovery_url and the client id and
secret from google.client_id / google.client_secret.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

CLIENT_ID = "viva-test-client.apps.example.com"
CLIENT_SECRET = "fake-google-client-secret"


@dataclass
class Identity:
    sub: str = "google-subject-1"
    email: str = "jane@example.com"
    email_verified: bool = True
    name: str = "Jane Doe"


@dataclass
class Grant:
    code: str
    client_id: str
    redirect_uri: str
    nonce: str | None
    code_challenge: str | None
    identity: Identity
    used: bool = False


@dataclass
class TokenScript:
    """What is wrong with one ID token (nothing, by default)."""

    claims: dict = field(default_factory=dict)
    expired: bool = False
    replay_nonce: bool = False
    other_key: bool = False


def _rsa_key(kid: str) -> RSAKey:
    parameters = {"kid": kid, "use": "sig", "alg": "RS256"}
    return RSAKey.generate_key(2048, parameters=parameters, private=True)


class FakeOIDCProvider:
    """Start with `with FakeOIDCProvider() as provider:` (or start()/stop())."""

    def __init__(self, client_id: str = CLIENT_ID, client_secret: str = CLIENT_SECRET):
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = _rsa_key("fake-key-1")
        # Same kid, different key: a token it signs fails signature checks.
        self.rogue_key = _rsa_key("fake-key-1")
        self.identity = Identity()
        self.authorize_requests: list[dict] = []
        self.token_requests: list[dict] = []
        self.issued_nonces: list[str] = []
        self._grants: dict[str, Grant] = {}
        self._scripts: list[TokenScript] = []
        self._deny = False
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # -- addresses ---------------------------------------------------------------
    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def issuer(self) -> str:
        return self.url

    @property
    def discovery_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def app_config(self) -> dict:
        """The Viva settings that point Google sign-in at this provider."""
        return {
            "GOOGLE_CLIENT_ID": self.client_id,
            "GOOGLE_CLIENT_SECRET": self.client_secret,
            "GOOGLE_DISCOVERY_URL": self.discovery_url,
        }

    # -- scripting ---------------------------------------------------------------
    def sign_in_as(self, **identity) -> Identity:
        """Who the next authorizations are for."""
        self.identity = Identity(**identity)
        return self.identity

    def next_token(
        self,
        *,
        expired: bool = False,
        replay_nonce: bool = False,
        other_key: bool = False,
        **claims,
    ) -> None:
        """Make the next ID token wrong in these ways (claims override the defaults)."""
        with self._lock:
            self._scripts.append(
                TokenScript(claims, expired, replay_nonce, other_key=other_key)
            )

    def deny(self) -> None:
        """The next authorization is refused by the user (error=access_denied)."""
        self._deny = True

    # -- lifecycle ---------------------------------------------------------------
    def start(self) -> "FakeOIDCProvider":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "FakeOIDCProvider":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- endpoints ---------------------------------------------------------------
    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "jwks_uri": f"{self.url}/jwks",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": [
                "client_secret_basic",
                "client_secret_post",
            ],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["sub", "email", "email_verified", "name", "nonce"],
        }

    def jwks(self) -> dict:
        return KeySet([self.key]).as_dict(private=False)

    def authorize(self, query: dict) -> tuple[int, dict]:
        """Check the request, then redirect back with a code (or an error)."""
        self.authorize_requests.append(query)
        redirect_uri = query.get("redirect_uri", "")
        problems = [
            name
            for name, ok in (
                ("client_id", query.get("client_id") == self.client_id),
                ("response_type", query.get("response_type") == "code"),
                ("scope", "openid" in query.get("scope", "").split()),
                ("state", bool(query.get("state"))),
                ("redirect_uri", redirect_uri.startswith("http")),
            )
            if not ok
        ]
        if problems:
            return 400, {"error": "invalid_request", "problems": problems}
        params = {"state": query["state"]}
        if self._deny:
            self._deny = False
            params["error"] = "access_denied"
        else:
            code = secrets.token_urlsafe(24)
            self._grants[code] = Grant(
                code=code,
                client_id=query["client_id"],
                redirect_uri=redirect_uri,
                nonce=query.get("nonce"),
                code_challenge=query.get("code_challenge")
                if query.get("code_challenge_method") == "S256"
                else None,
                identity=self.identity,
            )
            params["code"] = code
        separator = "&" if "?" in redirect_uri else "?"
        return 302, {"Location": f"{redirect_uri}{separator}{urlencode(params)}"}

    def _client_ok(self, headers, form: dict) -> bool:
        auth = headers.get("Authorization", "")
        if auth.startswith("Basic "):
            decoded = base64.b64decode(auth[6:]).decode()
            client_id, _, secret = decoded.partition(":")
        else:
            client_id = form.get("client_id", "")
            secret = form.get("client_secret", "")
        return client_id == self.client_id and secret == self.client_secret

    def token(self, headers, form: dict) -> tuple[int, dict]:
        """Exchange a code: checks client, code, redirect URI and PKCE verifier."""
        self.token_requests.append(form)
        if not self._client_ok(headers, form):
            return 401, {"error": "invalid_client"}
        grant = self._grants.get(form.get("code", ""))
        if (
            form.get("grant_type") != "authorization_code"
            or grant is None
            or grant.used
            or grant.redirect_uri != form.get("redirect_uri")
        ):
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        challenge = (
            base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            .rstrip(b"=")
            .decode()
        )
        if grant.code_challenge is None or challenge != grant.code_challenge:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        grant.used = True
        access_token = secrets.token_urlsafe(24)
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 3599,
            "scope": "openid email profile",
            "id_token": self._id_token(grant),
        }

    def _id_token(self, grant: Grant) -> str:
        with self._lock:
            script = self._scripts.pop(0) if self._scripts else TokenScript()
        now = int(time.time())
        nonce = grant.nonce
        if script.replay_nonce and self.issued_nonces:
            nonce = self.issued_nonces[-1]
        identity = grant.identity
        claims = {
            "iss": self.issuer,
            "azp": grant.client_id,
            "aud": grant.client_id,
            "sub": identity.sub,
            "email": identity.email,
            "email_verified": identity.email_verified,
            "name": identity.name,
            "iat": now - (7200 if script.expired else 0),
            "exp": now + (-3600 if script.expired else 3600),
        }
        if nonce is not None:
            claims["nonce"] = nonce
        claims.update(script.claims)
        if grant.nonce:
            self.issued_nonces.append(grant.nonce)
        key = self.rogue_key if script.other_key else self.key
        header = {"alg": "RS256", "kid": key.kid, "typ": "JWT"}
        return jwt.encode(header, claims, key)

    def _handler_class(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet test output
                pass

            def _send(self, status: int, body: dict | None, headers=None):
                payload = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                if body is not None:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self):
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                if parts.path == "/.well-known/openid-configuration":
                    self._send(200, provider.discovery())
                elif parts.path == "/jwks":
                    self._send(200, provider.jwks())
                elif parts.path == "/authorize":
                    status, result = provider.authorize(query)
                    if status == 302:
                        self._send(302, None, result)
                    else:
                        self._send(status, result)
                else:
                    self._send(404, {"error": "not_found"})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode()
                form = {k: v[0] for k, v in parse_qs(raw).items()}
                if urlsplit(self.path).path == "/token":
                    status, body = provider.token(self.headers, form)
                    self._send(status, body)
                else:
                    self._send(404, {"error": "not_found"})

        return Handler
