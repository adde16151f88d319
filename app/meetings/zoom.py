"""Zoom meetings through its REST API, with a Server-to-Server OAuth app.

A token comes from `POST {ZOOM_OAUTH_URL}?grant_type=account_credentials&account_id=`
with the client id and secret as HTTP Basic auth, and is reused until a minute before
it expires. Meetings: `POST /users/me/meetings`, `PATCH /meetings/{id}`,
`DELETE /meetings/{id}`. Any failure raises ZoomError with a reason safe to show
(never the secret or the token).
"""

import threading
import time
from dataclasses import dataclass
from datetime import datetime

import requests

TIMEOUT_SECONDS = 10
EARLY_REFRESH_SECONDS = 60


class ZoomError(Exception):
    """Zoom refused or could not be reached; str() says why, without secrets."""


@dataclass(frozen=True)
class ZoomMeeting:
    id: str
    join_url: str


_tokens: dict[tuple, tuple[str, float]] = {}
_lock = threading.Lock()


def configured(config) -> bool:
    return all(
        config.get(name)
        for name in ("ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET")
    )


class ZoomClient:
    def __init__(self, config):
        self.account_id = config["ZOOM_ACCOUNT_ID"]
        self.client_id = config["ZOOM_CLIENT_ID"]
        self.client_secret = config["ZOOM_CLIENT_SECRET"]
        self.api_url = config["ZOOM_API_URL"].rstrip("/")
        self.oauth_url = config["ZOOM_OAUTH_URL"]

    def _token(self) -> str:
        key = (self.oauth_url, self.account_id, self.client_id)
        with _lock:
            cached = _tokens.get(key)
            if cached and cached[1] > time.monotonic():
                return cached[0]
        response = self._call(
            "post",
            self.oauth_url,
            "get a token",
            params={"grant_type": "account_credentials", "account_id": self.account_id},
            auth=(self.client_id, self.client_secret),
        )
        body = response.json()
        token = body.get("access_token")
        if not token:
            raise ZoomError("Zoom gave no access token.")
        lifetime = float(body.get("expires_in") or 3600)
        with _lock:
            _tokens[key] = (token, time.monotonic() + lifetime - EARLY_REFRESH_SECONDS)
        return token

    def _call(self, method: str, url: str, doing: str, **kwargs) -> requests.Response:
        try:
            response = requests.request(method, url, timeout=TIMEOUT_SECONDS, **kwargs)
        except requests.RequestException as exc:
            raise ZoomError(
                f"Zoom could not be reached to {doing} ({type(exc).__name__})."
            ) from exc
        if response.status_code >= 400:
            raise ZoomError(f"Zoom refused to {doing} (HTTP {response.status_code}).")
        return response

    def _api(self, method: str, path: str, doing: str, **kwargs) -> requests.Response:
        headers = {"Authorization": f"Bearer {self._token()}"}
        return self._call(
            method, f"{self.api_url}{path}", doing, headers=headers, **kwargs
        )

    @staticmethod
    def _details(topic: str, starts_at: datetime, minutes: int) -> dict:
        return {
            "topic": topic[:200],
            "type": 2,  # scheduled
            "start_time": starts_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "duration": minutes,
            "timezone": "UTC",
            "settings": {"join_before_host": False, "waiting_room": True},
        }

    def create(self, topic: str, starts_at: datetime, minutes: int) -> ZoomMeeting:
        response = self._api(
            "post",
            "/users/me/meetings",
            "create the meeting",
            json=self._details(topic, starts_at, minutes),
        )
        body = response.json()
        if not body.get("id") or not body.get("join_url"):
            raise ZoomError("Zoom created no meeting link.")
        return ZoomMeeting(id=str(body["id"]), join_url=body["join_url"])

    def update(self, meeting_id: str, topic: str, starts_at: datetime, minutes: int):
        self._api(
            "patch",
            f"/meetings/{meeting_id}",
            "move the meeting",
            json=self._details(topic, starts_at, minutes),
        )

    def delete(self, meeting_id: str) -> None:
        try:
            self._api("delete", f"/meetings/{meeting_id}", "cancel the meeting")
        except ZoomError as error:
            if "HTTP 404" not in str(error):  # already gone: cancelled all the same
                raise
