"""Factories for models and small helpers to act as users in tests."""

import itertools

from app.auth.passwords import hash_password
from app.extensions import db
from app.models import (
    Category,
    Interview,
    Membership,
    Product,
    Question,
    User,
    Workspace,
    utcnow,
)
from app.ownership import current_workspace

DEFAULT_PASSWORD = "Passw0rdOk"
_counter = itertools.count(1)


def make_user(
    *, password: str | None = DEFAULT_PASSWORD, verified: bool = True, **fields
) -> User:
    """A committed user; unique email and username unless given.

    Verified (email confirmed) by default, as most tests act as an established
    recruiter; `verified=False` makes one who has not opened the emailed link yet.
    """
    n = next(_counter)
    fields.setdefault("email", f"user{n}@example.com")
    fields.setdefault("username", f"user{n}")
    fields.setdefault("full_name", f"User Number {n}")
    fields.setdefault("role", "recruiter")
    fields.setdefault("email_verified_at", utcnow() if verified else None)
    user = User(password_hash=hash_password(password) if password else None, **fields)
    db.session.add(user)
    db.session.commit()
    return user


def workspace_id_of(user: User, session=None) -> int:
    """The user's first workspace, made as the app makes it when missing; `session`
    for data written through another database session (a live server's)."""
    if session is None or session is db.session:
        return current_workspace(user).id
    membership = (
        session.query(Membership)
        .filter_by(user_id=user.id)
        .order_by(Membership.id)
        .first()
    )
    if membership is None:
        workspace = Workspace(name=user.full_name, personal_user_id=user.id)
        membership = Membership(workspace=workspace, user_id=user.id, role="owner")
        session.add(membership)
        session.flush()
    return membership.workspace_id


def make_product(owner: User, **fields) -> Product:
    n = next(_counter)
    fields.setdefault("name", f"Product {n}")
    fields.setdefault("description", "A product used in tests.")
    if owner.role != "candidate":  # practice products belong to no workspace
        fields.setdefault("workspace_id", current_workspace(owner).id)
    product = Product(owner_id=owner.id, **fields)
    db.session.add(product)
    db.session.commit()
    return product


def make_category(owner: User, **fields) -> Category:
    n = next(_counter)
    fields.setdefault("name", f"Category {n}")
    fields.setdefault("workspace_id", current_workspace(owner).id)
    category = Category(owner_id=owner.id, **fields)
    db.session.add(category)
    db.session.commit()
    return category


def make_interview(
    product: Product, *, questions: int | list[dict] = 2, **fields
) -> Interview:
    """An interview with approved questions: `questions` is a count or their fields."""
    fields.setdefault("role_title", "Backend Engineer")
    interview = Interview(product_id=product.id, **fields)
    if isinstance(questions, int):
        questions = [{"text": f"Question {n + 1}?"} for n in range(questions)]
    for position, question in enumerate(questions):
        interview.questions.append(
            Question(position=position, **{"approved": True, **question})
        )
    db.session.add(interview)
    db.session.commit()
    return interview


class ApiClient:
    """Calls the JSON API as a given user (or anonymously) via the Flask test client."""

    def __init__(self, client):
        self.client = client
        self.token = None

    def login(self, user: User, password: str = DEFAULT_PASSWORD) -> dict:
        response = self.client.post(
            "/api/v1/auth/login", json={"email": user.email, "password": password}
        )
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        self.token = body["access_token"]
        return body

    def headers(self, token: str | None = None) -> dict:
        token = token or self.token
        return {"Authorization": f"Bearer {token}"} if token else {}

    def request(self, method: str, path: str, token: str | None = None, **kwargs):
        headers = {**self.headers(token), **kwargs.pop("headers", {})}
        return self.client.open(path, method=method, headers=headers, **kwargs)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.request("POST", path, **kwargs)

    def patch(self, path, **kwargs):
        return self.request("PATCH", path, **kwargs)

    def put(self, path, **kwargs):
        return self.request("PUT", path, **kwargs)

    def delete(self, path, **kwargs):
        return self.request("DELETE", path, **kwargs)


def make_invitation(interview: Interview, *, token: str | None = None, **fields):
    """A committed invitation and its plaintext link token: (invitation, token)."""
    from datetime import timedelta

    from app.invitations.tokens import hash_token, new_link_token
    from app.models import Invitation, utcnow

    n = next(_counter)
    token = token or new_link_token()[0]
    fields.setdefault("email", f"candidate{n}@example.com")
    fields.setdefault("name", f"Candidate {n}")
    fields.setdefault("status", "sent")
    fields.setdefault("expires_at", utcnow() + timedelta(days=7))
    invitation = Invitation(
        interview_id=interview.id, token_hash=hash_token(token), **fields
    )
    db.session.add(invitation)
    db.session.commit()
    return invitation, token


def page_login(client, user: User, password: str = DEFAULT_PASSWORD) -> str:
    """Log a browser-like client in through the login form; returns its CSRF value."""
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client.get_cookie("csrf_access_token").value


def make_question(interview: Interview, **fields) -> Question:
    """A committed question appended to an interview (approved, manual by default)."""
    fields.setdefault("text", f"Question number {next(_counter)}?")
    fields.setdefault("position", len(interview.questions))
    question = Question(interview_id=interview.id, **fields)
    db.session.add(question)
    db.session.commit()
    db.session.refresh(interview)
    return question
