"""Drafted questions fit the role: the bank picks by skills, seniority and the domain
words of the job description (a senior payments engineer never gets a to-do list)."""

from app.ai import bank


def _prompt(**fields):
    return {"count": 5, "role_title": "", "skills": [], "seniority": "mid", **fields}


# ---------------------------------------------------------------- fit to the role
PAYMENTS_ROLE = _prompt(
    role_title="Senior Payments Engineer",
    seniority="senior",
    skills=["python", "postgresql", "payments", "api design"],
    job_description="Own card payments, refunds, reconciliation and the ledger. "
    "Design reliable APIs for merchants; on call for incidents.",
    count=6,
)


def _roles_of(drafts):
    entries = {entry["id"]: entry for entry in bank.load_bank()["questions"]}
    return [set(entries[d["bank_id"]]["roles"]) for d in drafts]


def test_a_senior_payments_engineer_gets_payments_questions_not_a_to_do_list():
    drafts = bank.select_questions(PAYMENTS_ROLE)
    assert len(drafts) == 6
    assert "backend-002" not in {d["bank_id"] for d in drafts}  # the to-do list API
    roles = _roles_of(drafts)
    assert sum("payments" in r for r in roles) >= 4
    assert all(r & {"payments", "backend", "general"} for r in roles)
    assert all(d["difficulty"] != "easy" or d["kind"] == "warmup" for d in drafts)


def test_an_engineering_title_never_draws_designer_questions_from_the_word_design():
    prompt = _prompt(
        role_title="Platform Engineer",
        job_description="Design and build our platform; design reviews weekly.",
        count=6,
    )
    for roles in _roles_of(bank.select_questions(prompt)):
        assert "designer" not in roles and "product_manager" not in roles


def test_a_payments_domain_in_the_description_adds_payments_questions():
    prompt = _prompt(
        role_title="Backend Engineer",
        seniority="senior",
        skills=["python"],
        job_description="Build billing and payments APIs: invoices, card payments.",
        count=6,
    )
    roles = _roles_of(bank.select_questions(prompt))
    assert any("payments" in r for r in roles)
    assert sum("backend" in r for r in roles) >= 3


def test_a_junior_frontend_developer_gets_frontend_questions_of_their_level():
    prompt = _prompt(
        role_title="Junior Frontend Developer",
        seniority="junior",
        skills=["react", "css"],
        count=5,
    )
    drafts = bank.select_questions(prompt)
    assert all(d["difficulty"] != "hard" for d in drafts)
    assert sum("frontend" in r for r in _roles_of(drafts)) >= 4
