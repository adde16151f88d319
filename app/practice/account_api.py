"""JSON API of practising candidates' accounts: self-registration and the profile."""

from flask_jwt_extended import get_current_user

from app import tasks
from app.auth import recovery
from app.auth import service as accounts
from app.auth.decorators import role_required
from app.auth.schemas import RegisterSchema, UserSchema
from app.auth.signin import registered
from app.extensions import db
from app.openapi import operation
from app.practice import bp, profile
from app.practice.profile_schemas import (
    ProfilePatchSchema,
    ProfileReplaceSchema,
    ProfileSchema,
)
from app.ratelimits import limit_by_address

API = "/api/v1/practice"
TAGS = ["practice"]


@bp.post(f"{API}/register")
@limit_by_address("RATELIMIT_REGISTER", "register")
@operation(
    "Create a candidate account to practise interviews",
    tags=TAGS,
    body=RegisterSchema,
    responses={201: UserSchema},
    errors=(409, 429),
    description="Creates an account with the role `candidate` (same rules as "
    "recruiters) and emails a link to confirm the address. A taken email or username "
    "answers 409 naming the field. Log in with `POST /api/v1/auth/login`.",
)
def api_register_candidate(body):
    user = accounts.register_user(**body, role="candidate")
    token = registered(user)
    db.session.commit()
    tasks.email_account_link(recovery.VERIFY, user.id, token)
    return user, 201


@bp.get(f"{API}/profile")
@role_required("candidate")
@operation("Your practice profile", tags=TAGS, responses={200: ProfileSchema})
def api_profile():
    return profile.profile_view(get_current_user())


def _save(body):
    user = get_current_user()
    profile.update_profile(user, source="api", **body)
    db.session.commit()
    return profile.profile_view(user)


@bp.put(f"{API}/profile")
@role_required("candidate")
@operation(
    "Replace your practice profile",
    tags=TAGS,
    body=ProfileReplaceSchema,
    responses={200: ProfileSchema},
    errors=(409,),
    description="Every field is required; `target_role` and `experience_level` may "
    "be null, `preferred_tracks` empty. A taken username answers 409.",
)
def api_replace_profile(body):
    return _save(body)


@bp.patch(f"{API}/profile")
@role_required("candidate")
@operation(
    "Update part of your practice profile",
    tags=TAGS,
    body=ProfilePatchSchema,
    responses={200: ProfileSchema},
    errors=(409,),
)
def api_update_profile(body):
    return _save(body)
