"""Build a ready-to-take interview on a running Viva server, through its JSON API.

Browser tests talk to a server process with its own database, so their data is made the
way a recruiter's API client would make it: register, log in, create a product and an
interview, add questions, activate, invite. Every call must succeed; a failure names the
step and shows the server's answer.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import uuid4

import requests

from tests.support.mailbox import console_link

API = "/api/v1"
PASSWORD = "Sunrise2026ok"
TIMEOUT = 10


@dataclass
class Scenario:
    """What a test needs to take the interview: the candidate's link and the plan."""

    link: str
    token: str
    interview_id: int
    invitation_id: int
    questions: list[str]
    company: str
    role_title: str
    candidate_name: str
    persona_name: str
    access_token: str = field(repr=False)
    recruiter_email: str = ""
    recruiter_password: str = field(default=PASSWORD, repr=False)


def _call(http: requests.Session, method: str, url: str, step: str, **kwargs) -> dict:
    response = http.request(method, url, timeout=TIMEOUT, **kwargs)
    if response.status_code not in (200, 201):
        raise AssertionError(
            f"{step}: {method} {url} answered {response.status_code}: {response.text}"
        )
    return response.json()


def create_interview_with_invite(
    base_url: str,
    questions: list[str],
    *,
    server_log: Callable[[], str],
    follow_up_budget: int = 0,
    candidate_name: str = "Sam Candidate",
    company: str = "Acme Robotics",
    role_title: str = "Backend Engineer",
    persona_name: str = "Alex",
    time_limit_minutes: int = 30,
    language: str = "en",
) -> Scenario:
    """Register a recruiter, confirm their email from the link the server printed
    (console email backend; `server_log` reads the server's output), create an active
    interview with `questions` (in order, each with `follow_up_budget`) and invite one
    candidate; return the link and plan."""
    suffix = uuid4().hex[:10]
    http = requests.Session()
    _call(
        http,
        "POST",
        f"{base_url}{API}/auth/register",
        "register",
        json={
            "email": f"rita.{suffix}@example.com",
            "username": f"rita-{suffix}",
            "password": PASSWORD,
            "full_name": "Rita Recruiter",
        },
    )
    verify = console_link(server_log(), f"rita.{suffix}@example.com", "/verify-email/")
    confirmed = http.get(verify, allow_redirects=False, timeout=TIMEOUT)
    assert confirmed.status_code == 302, f"verify email: {confirmed.status_code}"
    login = _call(
        http,
        "POST",
        f"{base_url}{API}/auth/login",
        "log in",
        json={"email": f"rita.{suffix}@example.com", "password": PASSWORD},
    )
    http.headers["Authorization"] = f"Bearer {login['access_token']}"
    product = _call(
        http,
        "POST",
        f"{base_url}{API}/products",
        "create product",
        json={"name": company, "description": "Warehouse robots and their fleet API."},
    )
    interview = _call(
        http,
        "POST",
        f"{base_url}{API}/products/{product['id']}/interviews",
        "create interview",
        json={
            "role_title": role_title,
            "skills": ["python", "sql"],
            "persona_name": persona_name,
            "time_limit_minutes": time_limit_minutes,
            "follow_up_depth": follow_up_budget,
            "language": language,
        },
    )
    for text in questions:
        _call(
            http,
            "POST",
            f"{base_url}{API}/interviews/{interview['id']}/questions",
            "add question",
            json={
                "text": text,
                "kind": "technical",
                "follow_up_budget": follow_up_budget,
            },
        )
    _call(
        http,
        "POST",
        f"{base_url}{API}/interviews/{interview['id']}/activate",
        "activate interview",
    )
    invited = _call(
        http,
        "POST",
        f"{base_url}{API}/interviews/{interview['id']}/invitations",
        "invite candidate",
        json={"email": f"sam.{suffix}@example.com", "name": candidate_name},
    )
    invitation = invited["invitations"][0]
    link = invitation["link"]
    return Scenario(
        link=link,
        token=link.rstrip("/").rsplit("/", 1)[-1],
        interview_id=interview["id"],
        invitation_id=invitation["id"],
        questions=list(questions),
        company=company,
        role_title=role_title,
        candidate_name=candidate_name,
        persona_name=persona_name,
        access_token=login["access_token"],
        recruiter_email=f"rita.{suffix}@example.com",
    )
