"""The language notice: a candidate answering in another language than the interview's
is told so once, politely and in the interview's language, and may carry on."""

from flask_babel import force_locale, gettext
from sqlalchemy import select, update

from app.extensions import db
from app.i18n import SUPPORTED_LOCALES, language_name, locale_for
from app.i18n.detect import detect_language
from app.models import Interview, InterviewSession, utcnow


def language_notice(session: InterviewSession, answer: str) -> str | None:
    """The notice to show when `answer` is clearly in another shipped language than
    the interview's and the candidate was not told before; claims the session's one
    notice (flushed, so it commits with the answer). None otherwise."""
    detected = detect_language(answer)
    if detected is None:
        return None
    language = db.session.scalar(  # the one column, not the whole interview
        select(Interview.language).where(Interview.id == session.interview_id)
    )
    language = (language or "en").split("-")[0].lower()
    if language not in SUPPORTED_LOCALES or detected == language:
        return None
    claimed = db.session.execute(
        update(InterviewSession)
        .where(
            InterviewSession.id == session.id,
            InterviewSession.language_notice_at.is_(None),
        )
        .values(language_notice_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        return None
    locale = locale_for(language)
    with force_locale(locale):
        return gettext(
            "It looks like you answered in %(answer_language)s. This interview is "
            "in %(interview_language)s: please answer in %(interview_language)s if "
            "you can, but you are welcome to continue in the language you prefer.",
            answer_language=language_name(detected, locale),
            interview_language=language_name(language, locale),
        )
