"""Links in the candidate's emails, built outside any request (jobs send them)."""

from flask import current_app

from app.link_tokens import read_signed_value, sign_value

REVIEW_LINK_SALT = "viva.rights.review-request"
REVIEW_LINK_MAX_AGE = 30 * 24 * 3600


def public_url(path: str) -> str:
    """An absolute link to a path of this Viva: {PUBLIC_BASE_URL}{path}."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def flag_link(token: str) -> str:
    """The page where the candidate flags one answer."""
    return public_url(f"/receipt/flag/{token}")


def review_request_link(invitation_id: int) -> str:
    """The request-a-person form, from the receipt (signed, valid 30 days)."""
    signed = sign_value(REVIEW_LINK_SALT, invitation_id)
    return public_url(f"/receipt/request/{signed}")


def read_review_request_link(signed: str) -> int | None:
    """The invitation id a receipt's request link was signed for, else None."""
    value = read_signed_value(REVIEW_LINK_SALT, signed, REVIEW_LINK_MAX_AGE)
    return value if isinstance(value, int) else None
