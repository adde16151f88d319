"""A practising candidate's profile: their account fields plus what they aim for."""

from sqlalchemy import select

from app.auth import service as accounts
from app.consent_records import consent_once
from app.extensions import db
from app.models import CandidateProfile, User, utcnow
from app.practice.upsert import insert_ignoring_duplicates


def _timestamps() -> dict:
    now = utcnow()
    return {"created_at": now, "updated_at": now}


def get_profile(user: User) -> CandidateProfile:
    """The user's practice profile; an unsaved empty one when they have none yet."""
    profile = db.session.scalar(
        select(CandidateProfile).where(CandidateProfile.user_id == user.id)
    )
    return profile or CandidateProfile(user_id=user.id, preferred_tracks=[])


OPTIONAL_FIELDS = ("target_role", "experience_level", "preferred_tracks")


def update_profile(
    user: User, source: str = "practice_page", **changes
) -> CandidateProfile:
    """Change the account's name/username and the practice fields that are given;
    giving any optional practice data records the consent to keep it."""
    accounts.update_profile(
        user, full_name=changes.get("full_name"), username=changes.get("username")
    )
    insert_ignoring_duplicates(
        CandidateProfile,
        {"user_id": user.id, "preferred_tracks": [], **_timestamps()},
        ["user_id"],
    )
    profile = get_profile(user)
    for name in ("target_role", "experience_level"):
        if name in changes:
            setattr(profile, name, changes[name] or None)
    if "preferred_tracks" in changes:
        # Keep the candidate's order, drop repeats.
        profile.preferred_tracks = list(dict.fromkeys(changes["preferred_tracks"]))
    if any(changes.get(name) for name in OPTIONAL_FIELDS):
        consent_once("practice_data", source, user=user)
    db.session.flush()
    return profile


def consents_of(user: User) -> list:
    """The account's consent records, oldest first."""
    from app.models import ConsentRecord

    return list(
        db.session.scalars(
            select(ConsentRecord)
            .where(ConsentRecord.user_id == user.id)
            .order_by(ConsentRecord.id)
        )
    )


def withdraw_practice_data(user: User) -> bool:
    """The candidate withdraws the practice data consent: the optional fields are
    cleared and the consent marked withdrawn; False when none was in force."""
    from app.models import ConsentRecord

    given = db.session.scalars(
        select(ConsentRecord).where(
            ConsentRecord.user_id == user.id,
            ConsentRecord.kind == "practice_data",
            ConsentRecord.withdrawn_at.is_(None),
        )
    ).all()
    profile = get_profile(user)
    profile.target_role = profile.experience_level = None
    profile.preferred_tracks = []
    for consent in given:
        consent.withdrawn_at = utcnow()
    db.session.flush()
    return bool(given)


def profile_view(user: User) -> dict:
    """The profile as the API and the page show it."""
    profile = get_profile(user)
    return {
        "id": user.id,
        "email": user.email,
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role,
        "email_verified": user.email_verified_at is not None,
        "target_role": profile.target_role,
        "experience_level": profile.experience_level,
        "preferred_tracks": list(profile.preferred_tracks or []),
        "member_since": user.created_at,
    }
