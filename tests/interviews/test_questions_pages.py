"""The interview page's question editor: add, draft, approve, move, edit, delete."""

import pytest

from app.extensions import db
from app.models import Interview, Question
from tests import factories

pytestmark = [
    pytest.mark.product(description="Cloud storage for teams."),
    pytest.mark.interview(
        status="draft",
        questions=0,
        role_title="DevOps Engineer",
        skills=["kubernetes", "terraform"],
    ),
]

HTML = {"Accept": "text/html"}


@pytest.fixture
def csrf(client, recruiter):
    return factories.page_login(client, recruiter)


def _editor(client, interview) -> str:
    response = client.get(f"/portal/interviews/{interview.id}/edit", headers=HTML)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _order(interview) -> list[str]:
    db.session.expire_all()
    return [q.text for q in db.session.get(Interview, interview.id).questions]


def test_empty_editor_invites_drafting_or_writing(client, csrf, interview):
    html = _editor(client, interview)
    assert "No questions yet" in html
    assert "Add a question yourself" in html


def test_add_a_question_from_the_page(client, csrf, interview):
    response = client.post(
        f"/portal/interviews/{interview.id}/questions",
        data={
            "csrf_token": csrf,
            "text": "How do you roll back a bad deploy?",
            "kind": "situational",
            "difficulty": "medium",
            "follow_up_budget": "2",
            "skills": "ci/cd, reliability",
            "key_points": "Stop the rollout\n\nRoll back first\nInvestigate after\n",
            "model_answer": "",
        },
    )
    assert response.status_code == 302
    question = Question.query.one()
    assert (question.kind, question.follow_up_budget, question.approved) == (
        "situational",
        2,
        True,
    )
    assert question.skills == ["ci/cd", "reliability"]
    assert question.key_points == [
        "Stop the rollout",
        "Roll back first",
        "Investigate after",
    ]
    assert "Question added" in _editor(client, interview)


def test_add_question_errors_keep_the_input(client, csrf, interview):
    response = client.post(
        f"/portal/interviews/{interview.id}/questions",
        data={
            "csrf_token": csrf,
            "text": "Hm?",
            "kind": "technical",
            "difficulty": "medium",
            "follow_up_budget": "9",
            "skills": "x" * 41,
            "key_points": "kept point",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Use 5-2,000 characters." in html or "Use 5-2000 characters." in html
    assert "Use 0-3 follow-ups." in html
    assert "#1: Use 1-40 characters." in html
    assert 'href="#f-question_skills"' in html
    assert "kept point" in html and ">Hm?</textarea>" in html
    assert Question.query.count() == 0


def test_generate_drafts_and_approve_them_all(client, csrf, interview):
    response = client.post(
        f"/portal/interviews/{interview.id}/questions/generate",
        data={"csrf_token": csrf, "count": "4"},
    )
    assert response.status_code == 302
    drafts = Question.query.order_by(Question.position).all()
    assert len(drafts) == 4
    assert all(q.source == "bank" and not q.approved for q in drafts)
    html = _editor(client, interview)
    assert "Drafted 4 questions" in html
    assert "4 drafts are not approved yet." in html
    assert "Approve all drafts" in html
    assert html.count("Draft · not asked") == 4

    response = client.post(
        f"/portal/interviews/{interview.id}/questions/approve",
        data={"csrf_token": csrf},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert all(q.approved for q in Question.query)
    assert "Approve all drafts" not in _editor(client, interview)


@pytest.mark.parametrize("count", ["0", "11", "many"])
def test_generate_count_errors_are_shown(client, csrf, interview, count):
    response = client.post(
        f"/portal/interviews/{interview.id}/questions/generate",
        data={"csrf_token": csrf, "count": count},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Draft 1-10 questions." in html or "Enter a whole number." in html
    assert f'value="{count}"' in html
    assert Question.query.count() == 0


def test_an_unavailable_provider_is_explained_on_the_page(
    app, client, csrf, interview, monkeypatch
):
    monkeypatch.setitem(app.config, "AI_PROVIDER", "gemini")
    monkeypatch.setitem(app.config, "GEMINI_API_KEY", None)
    response = client.post(
        f"/portal/interviews/{interview.id}/questions/generate",
        data={"csrf_token": csrf, "count": "3"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "GEMINI_API_KEY" in html or "not available in this build" in html
    assert "AI: gemini (unavailable)" in html
    assert Question.query.count() == 0


def test_approve_one_draft(client, csrf, interview):
    draft = factories.make_question(interview, approved=False, source="ai")
    response = client.post(
        f"/portal/questions/{draft.id}/approve", data={"csrf_token": csrf}
    )
    assert response.headers["Location"].endswith(f"/edit#question-{draft.id}")
    db.session.expire_all()
    assert db.session.get(Question, draft.id).approved


def test_up_and_down_buttons_work_without_javascript(client, csrf, interview):
    first = factories.make_question(interview, text="First?")
    factories.make_question(interview, text="Second?")
    third = factories.make_question(interview, text="Third?")
    client.post(
        f"/portal/questions/{third.id}/move",
        data={"csrf_token": csrf, "direction": "up"},
    )
    assert _order(interview) == ["First?", "Third?", "Second?"]
    client.post(
        f"/portal/questions/{first.id}/move",
        data={"csrf_token": csrf, "direction": "down"},
    )
    assert _order(interview) == ["Third?", "First?", "Second?"]
    client.post(
        f"/portal/questions/{third.id}/move",
        data={"csrf_token": csrf, "direction": "up"},
    )
    client.post(
        f"/portal/questions/{third.id}/move",
        data={"csrf_token": csrf, "direction": "sideways"},
    )
    assert _order(interview) == ["Third?", "First?", "Second?"]
    html = _editor(client, interview)
    assert 'aria-label="Move question 1 up"' in html


def test_the_editor_reorders_through_the_api_with_the_cookie_and_csrf_header(
    client, csrf, interview
):
    a = factories.make_question(interview, text="A?")
    b = factories.make_question(interview, text="B?")
    url = f"/api/v1/interviews/{interview.id}/questions/reorder"
    refused = client.post(url, json={"question_ids": [b.id, a.id]})
    assert refused.status_code == 401
    response = client.post(
        url, json={"question_ids": [b.id, a.id]}, headers={"X-CSRF-TOKEN": csrf}
    )
    assert response.status_code == 200
    assert _order(interview) == ["B?", "A?"]


def test_edit_question_page(client, csrf, interview):
    question = factories.make_question(
        interview, text="Old text?", approved=False, key_points=["one", "two"]
    )
    page = client.get(f"/portal/questions/{question.id}/edit", headers=HTML)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert ">Old text?</textarea>" in html and "one\ntwo" in html
    response = client.post(
        f"/portal/questions/{question.id}/edit",
        data={
            "csrf_token": csrf,
            "text": "New text?",
            "kind": "behavioral",
            "difficulty": "hard",
            "follow_up_budget": "0",
            "skills": "",
            "key_points": "three",
            "model_answer": "An answer.",
            "approved": "1",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(Question, question.id)
    assert (stored.text, stored.kind, stored.difficulty, stored.approved) == (
        "New text?",
        "behavioral",
        "hard",
        True,
    )
    assert stored.key_points == ["three"] and stored.model_answer == "An answer."


def test_edit_question_errors_keep_the_input(client, csrf, interview):
    question = factories.make_question(interview, text="Old text?")
    response = client.post(
        f"/portal/questions/{question.id}/edit",
        data={"csrf_token": csrf, "text": "", "kind": "quiz", "key_points": "typed"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose one of: warmup, behavioral, technical, situational." in html
    assert "typed" in html
    db.session.expire_all()
    assert db.session.get(Question, question.id).text == "Old text?"


def test_unapproving_the_last_question_of_an_active_interview_is_refused(
    client, csrf, interview
):
    question = factories.make_question(interview, text="Only one?")
    interview.status = "active"
    db.session.commit()
    response = client.post(
        f"/portal/questions/{question.id}/edit",
        data={
            "csrf_token": csrf,
            "text": "Only one?",
            "kind": "technical",
            "difficulty": "medium",
            "follow_up_budget": "1",
        },
    )
    assert response.status_code == 422
    assert (
        "An active interview needs at least one approved question"
        in response.get_data(as_text=True)
    )
    response = client.post(
        f"/portal/questions/{question.id}/delete", data={"csrf_token": csrf}
    )
    assert response.status_code == 302
    assert "An active interview needs at least one approved question" in _editor(
        client, interview
    )
    assert Question.query.count() == 1


def test_delete_a_question(client, csrf, interview):
    question = factories.make_question(interview)
    response = client.post(
        f"/portal/questions/{question.id}/delete", data={"csrf_token": csrf}
    )
    assert response.status_code == 302
    assert Question.query.count() == 0
    assert "Question deleted." in _editor(client, interview)


@pytest.mark.parametrize("action", ["approve", "move", "delete", "edit"])
def test_another_recruiters_questions_are_not_found(
    client, other_recruiter, interview, action
):
    question = factories.make_question(interview, approved=False)
    csrf = factories.page_login(client, other_recruiter)
    response = client.post(
        f"/portal/questions/{question.id}/{action}",
        data={"csrf_token": csrf, "direction": "up", "text": "Hijacked?"},
    )
    assert response.status_code == 404
    db.session.expire_all()
    stored = db.session.get(Question, question.id)
    assert stored is not None and not stored.approved


def test_another_recruiters_editor_actions_are_not_found(
    client, other_recruiter, interview
):
    csrf = factories.page_login(client, other_recruiter)
    for path in ("questions", "questions/generate", "questions/approve"):
        response = client.post(
            f"/portal/interviews/{interview.id}/{path}",
            data={"csrf_token": csrf, "text": "Hijacked question?", "count": "2"},
        )
        assert response.status_code == 404, path
    assert Question.query.count() == 0
