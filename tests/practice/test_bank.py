"""The question bank: the shipped files are valid and cover every cell; the validator
catches what it must; `flask questions validate/load`; the coverage API; recruiter
drafting reads the same files."""

import json
import shutil
from collections import Counter

import pytest

from app.ai.bank import load_bank as recruiter_bank
from app.ai.bank_files import QUESTIONS_DIR, read_bank, validate_bank
from app.extensions import db
from app.models import COMPANY_STYLES, PRACTICE_DIFFICULTIES, TRACKS, BankQuestion
from app.practice import bank
from tests import factories
from tests.support.asserts import assert_error


@pytest.fixture
def bank_copy(tmp_path):
    root = tmp_path / "questions"
    shutil.copytree(QUESTIONS_DIR, root)
    return root


def _cell(root, track="backend", company="amazon", difficulty="easy"):
    return root / track / company / f"{difficulty}.json"


def _edit(path, change):
    document = json.loads(path.read_text())
    change(document["questions"])
    path.write_text(json.dumps(document))


def test_the_shipped_bank_is_valid_and_fills_every_cell():
    assert validate_bank() == []
    questions = read_bank()
    cells = Counter((q["track"], q["company"], q["difficulty"]) for q in questions)
    for track in TRACKS:
        for company in COMPANY_STYLES:
            for difficulty in PRACTICE_DIFFICULTIES:
                assert cells[(track, company, difficulty)] >= 2
    assert len(questions) >= 580
    assert Counter(q["kind"] for q in questions).keys() == {
        "warmup",
        "behavioral",
        "technical",
        "situational",
    }


def test_every_company_style_has_a_warmup_in_every_track():
    questions = read_bank()
    for track in TRACKS:
        for company in COMPANY_STYLES:
            kinds = {
                q["kind"]
                for q in questions
                if (q["track"], q["company"]) == (track, company)
            }
            assert "warmup" in kinds, (track, company)


def test_a_copy_of_the_bank_validates(bank_copy):
    assert validate_bank(bank_copy) == []


def test_a_duplicate_id_fails(bank_copy):
    first = json.loads(_cell(bank_copy).read_text())["questions"][0]["id"]
    _edit(_cell(bank_copy, "frontend"), lambda qs: qs[0].update(id=first))
    assert f"duplicate id {first}" in validate_bank(bank_copy)


def test_a_bad_difficulty_fails(bank_copy):
    _cell(bank_copy).rename(_cell(bank_copy, difficulty="extreme"))
    problems = validate_bank(bank_copy)
    assert any("backend/amazon/extreme.json: not <track>" in p for p in problems)
    assert "backend/amazon/easy: empty cell" in problems


def test_an_empty_cell_fails(bank_copy):
    _edit(_cell(bank_copy, "data_science", "meta", "hard"), lambda qs: qs.clear())
    assert validate_bank(bank_copy) == ["data_science/meta/hard: empty cell"]


def test_a_near_duplicate_text_fails(bank_copy):
    def reword(questions):
        questions[0]["text"] = questions[0]["text"].replace("?", ", please?")

    original = json.loads(_cell(bank_copy).read_text())["questions"][0]
    _edit(_cell(bank_copy, "frontend"), lambda qs: qs.append({**original, "id": "x-1"}))
    _edit(_cell(bank_copy, "frontend"), lambda qs: reword(qs[-1:]))
    problems = validate_bank(bank_copy)
    assert f"near-duplicate texts: {original['id']} and x-1" in problems


@pytest.mark.parametrize(
    "change, message",
    [
        ({"kind": "trivia"}, "kind 'trivia' is not one of"),
        ({"key_points": ["only one"]}, "key_points must be a list of 2-6 items"),
        ({"text": "Too short?"}, "text must be 20-400 characters"),
        ({"follow_ups": []}, "follow_ups must be a list of 1-4 items"),
        ({"tags": ["Not A Tag!"]}, "tags must be short lower-case words"),
        ({"colour": "red"}, "unknown fields colour"),
    ],
)
def test_bad_fields_fail(bank_copy, change, message):
    _edit(_cell(bank_copy), lambda qs: qs[0].update(change))
    problems = validate_bank(bank_copy)
    assert len(problems) == 1 and message in problems[0], problems


def test_validate_command_exit_codes(app, bank_copy):
    runner = app.test_cli_runner()
    good = runner.invoke(args=["questions", "validate", "--root", str(bank_copy)])
    assert good.exit_code == 0 and "The question bank is valid" in good.output
    _edit(_cell(bank_copy), lambda qs: qs[0].update(kind="trivia"))
    bad = runner.invoke(args=["questions", "validate", "--root", str(bank_copy)])
    assert bad.exit_code == 1 and "kind 'trivia'" in bad.output


def test_load_is_idempotent_updates_and_retires(app, bank_copy):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["questions", "load", "--root", str(bank_copy)])
    assert first.exit_code == 0, first.output
    total = len(read_bank(bank_copy))
    assert BankQuestion.query.count() == total
    again = runner.invoke(args=["questions", "load", "--root", str(bank_copy)])
    assert f"Loaded {total} questions; 0 retired." in again.output
    assert BankQuestion.query.count() == total
    removed = {}

    def change(questions):
        removed.update(questions.pop())
        questions[0]["text"] = "What would you change first in this design, and why?"

    _edit(_cell(bank_copy), change)
    edited_id = json.loads(_cell(bank_copy).read_text())["questions"][0]["id"]
    runner.invoke(args=["questions", "load", "--root", str(bank_copy)])
    db.session.expire_all()
    assert db.session.get(BankQuestion, removed["id"]).retired is True
    assert db.session.get(BankQuestion, edited_id).text.startswith("What would you")
    assert BankQuestion.query.filter_by(retired=False).count() == total - 1


def test_load_refuses_an_invalid_bank(app, bank_copy):
    _edit(_cell(bank_copy), lambda qs: qs[0].update(kind="trivia"))
    result = app.test_cli_runner().invoke(
        args=["questions", "load", "--root", str(bank_copy)]
    )
    assert result.exit_code == 1
    assert BankQuestion.query.count() == 0


def test_coverage_counts_the_loaded_bank(api):
    bank.load_bank()
    db.session.commit()
    api.login(factories.make_user(role="candidate"))
    body = api.get("/api/v1/practice/questions/coverage").get_json()
    questions = read_bank()
    assert body["total"] == len(questions)
    assert body["tracks"] == dict(Counter(q["track"] for q in questions))
    assert sum(body["difficulties"].values()) == len(questions)
    assert len(body["cells"]) == len(TRACKS) * len(COMPANY_STYLES) * 3
    cell = next(
        c
        for c in body["cells"]
        if (c["track"], c["company"], c["difficulty"]) == ("backend", "amazon", "easy")
    )
    assert cell["count"] == len(
        json.loads(_cell(QUESTIONS_DIR).read_text())["questions"]
    )
    assert body["tags"]["customer-obsession"] == sum(
        "customer-obsession" in q["tags"] for q in questions
    )


def test_coverage_needs_a_login(client):
    assert_error(client.get("/api/v1/practice/questions/coverage"), 401, "AUTH_ERROR")


def test_recruiter_drafting_reads_the_moved_questions():
    drafted = recruiter_bank()
    assert len(drafted["questions"]) == 173  # the 163 moved, 10 payments questions
    assert {"backend", "general", "payments", "sales"} <= set(drafted["roles"])
    ids = {q["id"] for q in read_bank() if "roles" in q}
    assert {q["id"] for q in drafted["questions"]} == ids
