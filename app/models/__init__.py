"""The model package: one module per aggregate, re-exported here."""

from app.models.analytics import OVERALL_KEY, InterviewInsight, QuestionScoreTotal
from app.models.audit import AuditEvent
from app.models.base import UTCDateTime, utcnow
from app.models.fairness import (
    PREFER_NOT,
    SELF_ID_CHOICES,
    SELF_ID_FIELDS,
    SelfIdentification,
)
from app.models.interview import (
    DEFAULT_RUBRIC,
    DIFFICULTIES,
    INTERVIEW_STATUSES,
    QUESTION_KINDS,
    QUESTION_SOURCES,
    SENIORITIES,
    Interview,
    Question,
    RubricVersion,
    default_rubric,
)
from app.models.invitation import INVITATION_STATUSES, Invitation
from app.models.product import Category, Product
from app.models.session import (
    CRITERIA,
    EVALUATION_STATUSES,
    MESSAGE_ROLES,
    RECOMMENDATIONS,
    SCORING_STATUSES,
    SESSION_PHASES,
    SESSION_STATUSES,
    STAGES,
    Evaluation,
    InterviewSession,
    Message,
)
from app.models.user import (
    ACCOUNT_TOKEN_PURPOSES,
    ROLES,
    AccountToken,
    RevokedToken,
    User,
)

__all__ = [
    "SELF_ID_CHOICES",
    "SELF_ID_FIELDS",
    "SelfIdentification",
    "ACCOUNT_TOKEN_PURPOSES",
    "AccountToken",
    "AuditEvent",
    "CRITERIA",
    "Category",
    "DEFAULT_RUBRIC",
    "DIFFICULTIES",
    "EVALUATION_STATUSES",
    "Evaluation",
    "INTERVIEW_STATUSES",
    "INVITATION_STATUSES",
    "Interview",
    "InterviewInsight",
    "InterviewSession",
    "Invitation",
    "MESSAGE_ROLES",
    "Message",
    "OVERALL_KEY",
    "PREFER_NOT",
    "Product",
    "QUESTION_KINDS",
    "QUESTION_SOURCES",
    "Question",
    "QuestionScoreTotal",
    "RECOMMENDATIONS",
    "ROLES",
    "RevokedToken",
    "RubricVersion",
    "SCORING_STATUSES",
    "SENIORITIES",
    "SESSION_PHASES",
    "SESSION_STATUSES",
    "STAGES",
    "UTCDateTime",
    "User",
    "default_rubric",
    "utcnow",
]
