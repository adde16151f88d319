"""The invited candidate's optional warm-up, at /i/<token>/warm-up: two practice
questions before the real interview, with no account (the invitation's link is the
key). It reads the invitation and changes nothing: no session, no stored answer, no
score, nothing a recruiter or analytics could see (app/practice/warmup.py)."""

from flask import redirect, render_template, request, url_for

from app.errors import NotFound
from app.invitations import links
from app.invitations.tokens import consent_form_token, consent_form_token_valid
from app.models.practice import TRACK_LABELS
from app.practice import bp, warmup
from app.web import commit_if_changed

# As on every page of the candidate's link: the token stays out of Referer headers,
# caches and search engines.
LINK_PAGE_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
}
MAX_ANSWER_CHARS = 20_000


def _step(raw, count: int) -> int:
    try:
        return min(max(int(raw), 0), count)
    except (TypeError, ValueError):
        return 0


def _answer_errors(invitation) -> tuple[dict, str]:
    """The typed answer, or why it cannot be shown back."""
    answer = (request.form.get("answer") or "").strip()
    if not consent_form_token_valid(
        invitation.token_hash, request.form.get("csrf_token")
    ):
        return {"_form": ["This page was open too long. Please try again."]}, answer
    if not answer:
        return {"answer": ["Type an answer, or skip this question."]}, answer
    if len(answer) > MAX_ANSWER_CHARS:
        return {"answer": ["Please keep your answer under 20,000 characters."]}, ""
    return {}, answer


@bp.route("/i/<token>/warm-up", methods=["GET", "POST"])
def warmup_page(token):
    """One warm-up question (GET ?step=n), or the question with the answer shown back
    next to what a strong answer covers (POST). Nothing is stored."""
    invitation = links.find_by_token(token)
    if invitation is None:
        raise NotFound("This interview link is not valid.")
    problem = links.link_problem(invitation)
    commit_if_changed()  # a lapsed link is marked expired
    if problem:
        return redirect(url_for("invitations.candidate_link", token=token))
    interview = invitation.interview
    questions = warmup.warmup_questions(interview, f"warmup:{invitation.id}")
    source = request.form if request.method == "POST" else request.args
    step = _step(source.get("step"), len(questions))
    errors, answer = {}, ""
    if request.method == "POST" and step < len(questions):
        errors, answer = _answer_errors(invitation)
    page = render_template(
        "candidate/warmup.html",
        token=token,
        interview=interview,
        company=interview.product.name,
        track_label=TRACK_LABELS[warmup.closest_track(interview)],
        questions=questions,
        step=step,
        question=questions[step] if step < len(questions) else None,
        answer=answer,
        reviewed=request.method == "POST" and not errors,
        errors=errors,
        form_token=consent_form_token(invitation.token_hash),
    )
    return page, 422 if errors.get("answer") else 200, LINK_PAGE_HEADERS
