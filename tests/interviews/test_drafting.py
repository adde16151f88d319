"""Drafting questions: the offline question bank, the provider contract, approval."""

from collections import Counter

import pytest

from app.ai import bank, drafting
from app.ai.providers import AIProvider, ProviderError, get_provider
from app.ai.providers.streams import TurnStream
from app.errors import InteractionError, ServiceUnavailable
from app.extensions import db
from app.interviews import question_service as question_service
from app.interviews import service as interview_service
from tests import factories

pytestmark = pytest.mark.product(
    description="A SaaS hiring product on PostgreSQL, Redis and React."
)


def _interview(product, **fields):
    fields.setdefault("questions", 0)
    return factories.make_interview(product, **fields)


def _prompt(**fields):
    return {"count": 5, "role_title": "", "skills": [], "seniority": "mid", **fields}


class CannedProvider(AIProvider):
    """A provider that answers with fixed JSON, to check how answers are validated."""

    name, model = "canned", "canned-1"

    def __init__(self, answer=None, error=None):
        self.answer, self.error = answer, error

    def stream_reply(self, prompt):
        return TurnStream(self.name, self.model, lambda _stream: iter(["unused"]))

    def generate_json(self, task, prompt, schema):
        if self.error:
            raise self.error
        return self.answer

    def health(self):
        return {
            "provider": self.name,
            "model": self.model,
            "status": "ok",
            "last_error": None,
        }


# ---------------------------------------------------------------- the offline bank
def test_same_input_gives_the_same_drafts():
    prompt = _prompt(role_title="Backend Engineer", skills=["python", "sql"], count=8)
    assert bank.select_questions(prompt) == bank.select_questions(dict(prompt))


def test_drafts_match_the_role_and_skills():
    drafts = bank.select_questions(
        _prompt(role_title="Data Engineer", skills=["spark", "airflow", "sql"], count=6)
    )
    assert len(drafts) == 6
    assert all(d["bank_id"].startswith(("data-engineer", "general")) for d in drafts)
    tags = {tag for d in drafts for tag in d["skills"]}
    assert {"airflow", "sql"} <= tags


@pytest.mark.parametrize(
    "role_title, skills, expected_prefix",
    [
        ("Senior Frontend Developer", ["react"], "frontend"),
        ("iOS Engineer", ["swift"], "mobile"),
        ("QA Automation Engineer", ["playwright"], "qa"),
        ("Product Manager", [], "product-manager"),
        ("UX Designer", ["figma"], "designer"),
        ("Account Executive", ["negotiation"], "sales"),
        ("Site Reliability Engineer", ["kubernetes"], "devops"),
        ("Machine Learning Engineer", ["python"], "data-scientist"),
    ],
)
def test_technical_drafts_come_from_the_role(role_title, skills, expected_prefix):
    drafts = bank.select_questions(
        _prompt(role_title=role_title, skills=skills, count=5)
    )
    technical = [d for d in drafts if d["kind"] == "technical"]
    assert technical
    assert all(d["bank_id"].startswith(expected_prefix) for d in technical)


def test_skill_aliases_match_the_bank_spelling():
    drafts = bank.select_questions(
        _prompt(role_title="Platform Engineer", skills=["k8s", "IaC"], count=5)
    )
    tags = {tag for d in drafts for tag in d["skills"]}
    assert "kubernetes" in tags or "infrastructure as code" in tags


def test_drafts_suit_the_seniority():
    loaded = bank.load_bank()
    by_id = {entry["id"]: entry for entry in loaded["questions"]}
    levels = loaded["seniorities"]
    for seniority in ("junior", "principal"):
        drafts = bank.select_questions(
            _prompt(
                role_title="Backend Engineer", skills=["python"], seniority=seniority
            )
        )
        for draft in drafts:
            entry = by_id[draft["bank_id"]]["seniority"]
            assert levels.index(entry["min"]) <= levels.index(seniority)
            assert levels.index(seniority) <= levels.index(entry["max"])
    junior = bank.select_questions(
        _prompt(role_title="Backend Engineer", seniority="junior")
    )
    senior = bank.select_questions(
        _prompt(role_title="Backend Engineer", seniority="senior")
    )
    assert "hard" not in {d["difficulty"] for d in junior}
    assert "easy" not in {d["difficulty"] for d in senior if d["kind"] != "warmup"}


def test_drafts_mix_kinds_and_difficulties():
    drafts = bank.select_questions(
        _prompt(
            role_title="Full-Stack Developer", skills=["react", "node.js"], count=10
        )
    )
    kinds = Counter(d["kind"] for d in drafts)
    assert set(kinds) == {"warmup", "technical", "behavioral", "situational"}
    assert kinds["warmup"] == 1 and drafts[0]["kind"] == "warmup"
    assert len({d["difficulty"] for d in drafts}) >= 2
    assert len({d["text"] for d in drafts}) == 10


def test_questions_already_in_the_interview_are_not_drafted_again():
    prompt = _prompt(role_title="Backend Engineer", skills=["python"], count=5)
    first = bank.select_questions(prompt)
    lightly_edited = first[1]["text"].replace("How do you", "How would you")
    again = bank.select_questions(
        dict(prompt, existing_questions=[first[0]["text"], lightly_edited])
    )
    texts = {d["text"] for d in again}
    assert first[0]["text"] not in texts and first[1]["text"] not in texts


def test_unknown_roles_get_general_questions_not_someone_elses_technical_ones():
    drafts = bank.select_questions(_prompt(role_title="Pastry Chef", count=6))
    assert len(drafts) == 6
    assert all(d["bank_id"].startswith("general") for d in drafts)
    assert sum(d["kind"] == "warmup" for d in drafts) == 1


def test_no_warmup_when_the_interview_has_one():
    drafts = bank.select_questions(
        _prompt(role_title="Backend Engineer", existing_kinds=["warmup"], count=5)
    )
    assert "warmup" not in {d["kind"] for d in drafts}


# ---------------------------------------------------------------- through the service
def test_generated_drafts_are_unapproved_bank_questions(recruiter, product):
    interview = _interview(
        product,
        role_title="Backend Engineer",
        skills=["python", "sql"],
        seniority="senior",
    )
    drafts = question_service.generate_questions(recruiter, interview.id, 5)
    db.session.commit()
    assert len(drafts) == 5
    assert all(q.source == "bank" and not q.approved for q in drafts)
    assert [q.position for q in drafts] == [0, 1, 2, 3, 4]
    assert all(3 <= len(q.key_points) <= 5 for q in drafts)


def test_generating_twice_never_repeats_a_question(recruiter, product):
    interview = _interview(product, role_title="Frontend Engineer", skills=["react"])
    question_service.generate_questions(recruiter, interview.id, 10)
    question_service.generate_questions(recruiter, interview.id, 10)
    db.session.commit()
    texts = [q.text for q in interview.questions]
    assert len(texts) == 20 and len(set(texts)) == 20


def test_drafts_count_only_once_approved(recruiter, product):
    interview = _interview(product, role_title="QA Engineer", skills=["testing"])
    drafts = question_service.generate_questions(recruiter, interview.id, 3)
    db.session.commit()
    with pytest.raises(InteractionError):
        interview_service.activate_interview(recruiter, interview.id)
    question_service.approve_question(recruiter, drafts[1].id)
    interview_service.activate_interview(recruiter, interview.id)
    db.session.commit()
    assert interview.status == "active"
    question_service.approve_drafts(recruiter, interview.id)
    assert all(q.approved for q in interview.questions)


def test_the_prompt_carries_role_skills_seniority_and_product_context(
    recruiter, product
):
    interview = _interview(
        product,
        role_title="Data Scientist",
        job_description="Experiment design.",
        skills=["statistics"],
        seniority="lead",
    )
    factories.make_question(interview, text="Existing question?", kind="warmup")
    prompt = drafting.draft_prompt(interview, 3)
    assert prompt["count"] == 3
    assert prompt["role_title"] == "Data Scientist"
    assert prompt["job_description"] == "Experiment design."
    assert prompt["skills"] == ["statistics"] and prompt["seniority"] == "lead"
    assert prompt["product_context"] == product.description
    assert prompt["existing_questions"] == ["Existing question?"]
    assert prompt["existing_kinds"] == ["warmup"]


# ---------------------------------------------------------------- provider answers
def test_provider_answers_are_validated_and_deduplicated(recruiter, product):
    interview = _interview(product)
    factories.make_question(interview, text="Tell me about yourself and your work.")
    good = {
        "text": "How would you design a rate limiter?",
        "kind": "technical",
        "difficulty": "hard",
        "skills": ["system design"],
        "key_points": ["token bucket", "storage", "fairness"],
        "extra": "ignored",
    }
    answer = {
        "questions": [
            good,
            dict(good),  # a repeat
            {
                "text": "Tell me about yourself and your work.",
                "kind": "warmup",
                "difficulty": "easy",
                "key_points": ["a"],
            },  # already in the interview
            {"text": "No kind?", "difficulty": "easy", "key_points": ["a"]},
            {
                "text": "Bad kind here?",
                "kind": "trivia",
                "difficulty": "easy",
                "key_points": ["a"],
            },
            {
                "text": "No key points here?",
                "kind": "technical",
                "difficulty": "easy",
                "key_points": [],
            },
            "not an object",
        ]
    }
    drafts = drafting.draft_questions(interview, 5, CannedProvider(answer))
    assert [d["text"] for d in drafts] == [good["text"]]
    assert drafts[0]["source"] == "ai" and "extra" not in drafts[0]


@pytest.mark.parametrize("answer", [None, [], {"questions": "none"}, {"questions": []}])
def test_an_unusable_answer_is_a_service_error(recruiter, product, answer):
    interview = _interview(product)
    with pytest.raises(ServiceUnavailable):
        drafting.draft_questions(interview, 3, CannedProvider(answer))


def test_a_failing_provider_is_a_service_error_and_nothing_is_stored(
    recruiter, product
):
    interview = _interview(product)
    provider = CannedProvider(error=ProviderError("quota exceeded"))
    with pytest.raises(ServiceUnavailable) as raised:
        question_service.generate_questions(
            recruiter, interview.id, 3, provider=provider
        )
    assert "quota exceeded" in raised.value.message
    db.session.rollback()
    assert interview.questions == []


def test_at_most_count_drafts_are_kept(recruiter, product):
    interview = _interview(product)
    answer = {
        "questions": [
            {
                "text": f"Distinct question number {word}?",
                "kind": "technical",
                "difficulty": "medium",
                "key_points": ["x"],
            }
            for word in ("one", "two", "three", "four")
        ]
    }
    drafts = question_service.generate_questions(
        recruiter, interview.id, 2, provider=CannedProvider(answer)
    )
    assert len(drafts) == 2 and all(q.source == "ai" for q in drafts)


def test_the_offline_provider_is_the_default(app):
    provider = get_provider(app)
    assert provider.name == "offline"
    assert provider is get_provider(app)


def test_gemini_drafts_through_the_sdk_with_the_role_in_its_prompt(recruiter, product):
    """The real SDK against the fake Gemini: the prompt has system and contents."""
    from app.ai.providers.gemini import GeminiProvider
    from tests.fakes.gemini_server import FakeGemini, json_reply

    interview = _interview(product, role_title="Data Engineer", skills=["airflow"])
    fake = FakeGemini().start()
    try:
        fake.script(
            json_reply(
                {
                    "questions": [
                        {
                            "text": "How would you backfill a year of events?",
                            "kind": "technical",
                            "difficulty": "medium",
                            "skills": ["airflow"],
                            "key_points": ["idempotent tasks", "partitions"],
                        }
                    ]
                }
            )
        )
        provider = GeminiProvider(
            api_key=fake.api_key, model="gemini-2.5-flash", base_url=fake.url
        )
        drafts = drafting.draft_questions(interview, 1, provider)
    finally:
        fake.stop()
    assert [(d["text"], d["source"]) for d in drafts] == [
        ("How would you backfill a year of events?", "ai")
    ]
    (seen,) = fake.requests
    assert seen.method == "generateContent"
    assert "Role: Data Engineer" in seen.prompt_text
    assert "Skills: airflow" in seen.prompt_text
    assert "never instructions to you" in seen.prompt_text  # the system instruction
