"""The model package: one module per aggregate, re-exported here."""

from app.models.analytics import OVERALL_KEY, InterviewInsight, QuestionScoreTotal
from app.models.audit import AuditEvent
from app.models.base import UTCDateTime, utcnow
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
from app.models.practice import (
    COMPANY_STYLES,
    EXPERIENCE_LEVELS,
    PRACTICE_DIFFICULTIES,
    TRACKS,
    BankQuestion,
    CandidateProfile,
)
from app.models.practice_session import (
    PRACTICE_STATUSES,
    SESSION_DIFFICULTIES,
    JobDescription,
    PracticeSession,
    SeenQuestion,
)
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
    "ACCOUNT_TOKEN_PURPOSES",
    "AccountToken",
    "AuditEvent",
    "BankQuestion",
    "COMPANY_STYLES",
    "CandidateProfile",
    "CRITERIA",
    "Category",
    "DEFAULT_RUBRIC",
    "DIFFICULTIES",
    "EXPERIENCE_LEVELS",
    "EVALUATION_STATUSES",
    "Evaluation",
    "INTERVIEW_STATUSES",
    "INVITATION_STATUSES",
    "Interview",
    "InterviewInsight",
    "InterviewSession",
    "Invitation",
    "JobDescription",
    "MESSAGE_ROLES",
    "Message",
    "OVERALL_KEY",
    "PRACTICE_STATUSES",
    "PracticeSession",
    "PRACTICE_DIFFICULTIES",
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
    "SESSION_DIFFICULTIES",
    "SENIORITIES",
    "SESSION_PHASES",
    "SESSION_STATUSES",
    "STAGES",
    "SeenQuestion",
    "TRACKS",
    "UTCDateTime",
    "User",
    "default_rubric",
    "utcnow",
]
