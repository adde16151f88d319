"""Interview pages: create, edit (settings, rubric), detail and the status actions."""

import re

import pytest

from app.extensions import db
from app.models import AuditEvent, Interview, utcnow
from tests import factories

pytestmark = [
    pytest.mark.product(name="Acme Payments"),
    pytest.mark.interview(status="draft", questions=1),
]

HTML = {"Accept": "text/html"}


@pytest.fixture
def csrf(client, recruiter):
    return factories.page_login(client, recruiter)


def _settings_form(csrf, **changes):
    form = {
        "csrf_token": csrf,
        "role_title": "Backend Engineer",
        "seniority": "mid",
        "language": "en",
        "skills": "python, sql",
        "job_description": "APIs and data.",
        "persona_name": "Alex",
        "persona_tone": "warm and professional",
        "extra_instructions": "",
        "time_limit_minutes": "30",
        "follow_up_depth": "1",
        "invite_expiry_days": "7",
        "advance_threshold": "7.5",
        "consider_threshold": "5",
    }
    rows = [
        ("relevance", "Relevance", "30"),
        ("completeness", "Completeness", "25"),
        ("accuracy", "Accuracy", "30"),
        ("clarity", "Clarity", "15"),
    ]
    for index, (key, name, weight) in enumerate(rows):
        form.update(
            {
                f"rubric-{index}-key": key,
                f"rubric-{index}-name": name,
                f"rubric-{index}-weight": weight,
                f"rubric-{index}-anchor1": "Poor",
                f"rubric-{index}-anchor3": "Fair",
                f"rubric-{index}-anchor5": "Great",
            }
        )
    form.update(changes)
    return form


# ---------------------------------------------------------------- access
@pytest.mark.parametrize(
    "path",
    [
        "/portal/products/{product}/interviews/new",
        "/portal/interviews/{interview}",
        "/portal/interviews/{interview}/edit",
    ],
)
def test_pages_need_a_login(client, interview, path):
    url = path.format(product=interview.product_id, interview=interview.id)
    response = client.get(url, headers=HTML)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize(
    "path",
    [
        "/portal/products/{product}/interviews/new",
        "/portal/interviews/{interview}",
        "/portal/interviews/{interview}/edit",
    ],
)
def test_another_recruiters_pages_are_not_found(
    client, other_recruiter, interview, path
):
    factories.page_login(client, other_recruiter)
    url = path.format(product=interview.product_id, interview=interview.id)
    assert client.get(url, headers=HTML).status_code == 404


@pytest.mark.parametrize("action", ["activate", "close", "duplicate", "delete"])
def test_another_recruiters_interview_cannot_be_changed(
    client, other_recruiter, interview, action
):
    csrf = factories.page_login(client, other_recruiter)
    response = client.post(
        f"/portal/interviews/{interview.id}/{action}", data={"csrf_token": csrf}
    )
    assert response.status_code == 404
    db.session.expire_all()
    assert Interview.query.count() == 1
    assert db.session.get(Interview, interview.id).status == "draft"


def test_forms_need_the_csrf_token(client, csrf, product, interview):
    response = client.post(
        f"/portal/products/{product.id}/interviews/new", data=_settings_form("")
    )
    assert response.status_code == 403
    response = client.post(f"/portal/interviews/{interview.id}/activate", data={})
    assert response.status_code == 403
    assert Interview.query.count() == 1


# ---------------------------------------------------------------- create
def test_new_interview_page_renders_with_defaults(client, csrf, product):
    response = client.get(f"/portal/products/{product.id}/interviews/new", headers=HTML)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "New interview" in html and "Acme Payments" in html
    assert 'value="Alex"' in html and 'value="7.5"' in html
    # No generic rubric: it is drafted from the role unless one is typed.
    assert 'name="rubric-0-name"' in html and 'value="Relevance"' not in html
    assert "drafted from the role when you create the interview" in html
    assert "js/interview_form.js" in html
    assert "<script>" not in html


def test_create_interview_from_the_page(client, csrf, product):
    response = client.post(
        f"/portal/products/{product.id}/interviews/new",
        data=_settings_form(
            csrf, role_title="Site Reliability Engineer", skills="k8s, go"
        ),
    )
    interview = Interview.query.one()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/portal/interviews/{interview.id}/edit"
    assert interview.role_title == "Site Reliability Engineer"
    assert interview.skills == ["k8s", "go"]
    assert interview.status == "draft"
    assert [item["key"] for item in interview.rubric] == [
        "relevance",
        "completeness",
        "accuracy",
        "clarity",
    ]
    page = client.get(response.headers["Location"], headers=HTML).get_data(as_text=True)
    assert "Interview created as a draft" in page


def test_create_with_only_a_title_uses_the_defaults(client, csrf, product):
    response = client.post(
        f"/portal/products/{product.id}/interviews/new",
        data={"csrf_token": csrf, "role_title": "Designer"},
    )
    assert response.status_code == 302
    interview = Interview.query.one()
    assert interview.time_limit_minutes == 30 and interview.rubric_version == 1


def test_create_errors_are_shown_and_input_kept(client, csrf, product):
    form = _settings_form(
        csrf,
        role_title="X",
        skills="python, graphql",
        time_limit_minutes="500",
        advance_threshold="11",
        job_description="Typed <b>text</b> stays",
    )
    response = client.post(f"/portal/products/{product.id}/interviews/new", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Use 2-120 characters." in html
    assert "Use 5-240 minutes." in html
    assert "Use a score from 0 to 10." in html
    assert 'value="X"' in html
    assert 'value="python, graphql"' in html
    assert 'value="500"' in html
    assert "Typed &lt;b&gt;text&lt;/b&gt; stays" in html
    assert 'aria-invalid="true"' in html
    assert Interview.query.count() == 0


def test_rubric_errors_point_at_the_row(client, csrf, product):
    form = _settings_form(csrf, **{"rubric-1-weight": "abc", "rubric-2-anchor3": ""})
    response = client.post(f"/portal/products/{product.id}/interviews/new", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Row 2, weight: Enter a whole number." in html
    assert "Row 3, score 3 description:" in html
    assert re.search(r'name="rubric-1-weight"[^>]*aria-invalid="true"', html)
    assert 'value="abc"' in html


def test_rubric_weights_must_add_up(client, csrf, product):
    form = _settings_form(csrf, **{"rubric-0-weight": "50"})
    response = client.post(f"/portal/products/{product.id}/interviews/new", data=form)
    assert response.status_code == 422
    assert "Weights must add up to 100 (they add up to 120)." in response.get_data(
        as_text=True
    )


def test_rubric_rows_can_be_added_and_removed(client, csrf, product):
    form = _settings_form(
        csrf,
        **{
            "rubric-3-remove": "1",
            "rubric-4-name": "Problem solving",
            "rubric-4-weight": "15",
            "rubric-4-anchor1": "Stuck",
            "rubric-4-anchor3": "Gets there",
            "rubric-4-anchor5": "Elegant",
            "rubric-5-name": "",
        },
    )
    response = client.post(f"/portal/products/{product.id}/interviews/new", data=form)
    assert response.status_code == 302
    rubric = Interview.query.one().rubric
    assert [item["key"] for item in rubric] == [
        "relevance",
        "completeness",
        "accuracy",
        "problem_solving",
    ]
    assert rubric[3]["anchors"] == {"1": "Stuck", "3": "Gets there", "5": "Elegant"}


def test_no_interviews_under_an_archived_product(client, csrf, product):
    product.archived_at = utcnow()
    db.session.commit()
    response = client.post(
        f"/portal/products/{product.id}/interviews/new", data=_settings_form(csrf)
    )
    assert response.status_code == 422
    assert "This product is archived" in response.get_data(as_text=True)


# ---------------------------------------------------------------- edit settings
def test_edit_page_shows_settings_questions_and_the_ai_badge(client, csrf, interview):
    response = client.get(f"/portal/interviews/{interview.id}/edit", headers=HTML)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Backend Engineer"' in html
    assert "Question 1?" in html
    assert "AI: offline" in html
    assert "Generate questions" in html
    assert "js/question_editor.js" in html
    assert (
        f'data-reorder-url="/api/v1/interviews/{interview.id}/questions/reorder"'
        in html
    )


def test_saving_settings_bumps_the_rubric_version(client, csrf, interview):
    form = _settings_form(
        csrf,
        role_title="Platform Engineer",
        **{"rubric-0-weight": "25", "rubric-3-weight": "20"},
    )
    response = client.post(f"/portal/interviews/{interview.id}/edit", data=form)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/portal/interviews/{interview.id}/edit#settings"
    )
    db.session.expire_all()
    stored = db.session.get(Interview, interview.id)
    assert stored.role_title == "Platform Engineer"
    assert stored.rubric_version == 2
    assert [item["weight"] for item in stored.rubric] == [25, 25, 30, 20]


def test_settings_errors_keep_the_input(client, csrf, interview):
    form = _settings_form(
        csrf, persona_name="", consider_threshold="9", role_title="Kept title"
    )
    response = client.post(f"/portal/interviews/{interview.id}/edit", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Use 1-60 characters." in html
    assert 'value="Kept title"' in html and 'value="9"' in html
    db.session.expire_all()
    assert db.session.get(Interview, interview.id).role_title == "Backend Engineer"


def test_thresholds_out_of_order_are_shown_on_the_field(client, csrf, interview):
    response = client.post(
        f"/portal/interviews/{interview.id}/edit",
        data=_settings_form(csrf, advance_threshold="6", consider_threshold="6.5"),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "The consider threshold cannot be above the advance threshold." in html


# ---------------------------------------------------------------- detail and status
def test_detail_page_shows_status_questions_and_panels(client, csrf, interview):
    factories.make_question(
        interview,
        text="A draft?",
        approved=False,
        source="bank",
        key_points=["first point"],
    )
    response = client.get(f"/portal/interviews/{interview.id}", headers=HTML)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Backend Engineer" in html and "Acme Payments" in html
    assert "Question 1?" in html and "A draft?" in html
    assert "first point" in html
    assert "From question bank" in html and "Draft · not asked" in html
    assert "Activate" in html and "Duplicate" in html and "Delete" in html
    assert "Invitations" in html
    assert "Candidate sessions" in html
    assert "Relevance" in html and "30%" in html


def test_activate_close_and_reopen_from_the_page(client, csrf, interview):
    url = f"/portal/interviews/{interview.id}"
    response = client.post(f"{url}/activate", data={"csrf_token": csrf})
    assert response.status_code == 302 and response.headers["Location"] == url
    assert "is active" in client.get(url, headers=HTML).get_data(as_text=True)
    client.post(f"{url}/close", data={"csrf_token": csrf})
    page = client.get(url, headers=HTML).get_data(as_text=True)
    assert "closed to new candidates" in page and "Reopen" in page
    client.post(f"{url}/activate", data={"csrf_token": csrf, "next": f"{url}/edit"})
    db.session.expire_all()
    assert db.session.get(Interview, interview.id).status == "active"
    assert AuditEvent.query.filter(AuditEvent.action.like("interview.%")).count() == 3


def test_activation_without_approved_questions_explains_why(client, csrf, product):
    interview = factories.make_interview(product, questions=0)
    factories.make_question(interview, approved=False)
    url = f"/portal/interviews/{interview.id}"
    response = client.post(f"{url}/activate", data={"csrf_token": csrf})
    assert response.status_code == 302
    page = client.get(url, headers=HTML).get_data(as_text=True)
    assert "Approve at least one question before activating this interview." in page
    assert db.session.get(Interview, interview.id).status == "draft"


def test_actions_only_go_back_to_safe_places(client, csrf, interview):
    response = client.post(
        f"/portal/interviews/{interview.id}/activate",
        data={"csrf_token": csrf, "next": "https://evil.example/"},
    )
    assert response.headers["Location"] == f"/portal/interviews/{interview.id}"


def test_duplicate_from_the_page_opens_the_copy(client, csrf, interview):
    response = client.post(
        f"/portal/interviews/{interview.id}/duplicate", data={"csrf_token": csrf}
    )
    copy = Interview.query.filter(Interview.id != interview.id).one()
    assert response.headers["Location"] == f"/portal/interviews/{copy.id}/edit"
    assert copy.role_title == "Backend Engineer (copy)"
    assert [q.text for q in copy.questions] == ["Question 1?"]


def test_delete_a_draft_from_the_page(client, csrf, interview):
    response = client.post(
        f"/portal/interviews/{interview.id}/delete", data={"csrf_token": csrf}
    )
    assert response.headers["Location"] == f"/portal/products/{interview.product_id}"
    assert Interview.query.count() == 0


def test_an_active_interview_is_not_deleted(client, csrf, product):
    interview = factories.make_interview(product, status="active")
    response = client.post(
        f"/portal/interviews/{interview.id}/delete", data={"csrf_token": csrf}
    )
    assert response.headers["Location"] == f"/portal/interviews/{interview.id}"
    page = client.get(response.headers["Location"], headers=HTML).get_data(as_text=True)
    assert "cannot be deleted. Close it instead." in page
    assert Interview.query.count() == 1


def test_threshold_and_rubric_errors_are_reported_together(client, csrf, interview):
    form = _settings_form(csrf, consider_threshold="9", **{"rubric-0-weight": "50"})
    response = client.post(f"/portal/interviews/{interview.id}/edit", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The consider threshold cannot be above the advance threshold." in html
    assert "Weights must add up to 100 (they add up to 120)." in html
