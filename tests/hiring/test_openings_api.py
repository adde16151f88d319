"""Openings CRUD through the API, and the public board: filters, drafts and closed
openings never shown."""

from app.extensions import db
from app.models import AuditEvent
from tests.support.asserts import assert_error
from tests.support.hiring import OPENING, make_opening


def test_recruiter_creates_edits_publishes_and_deletes_an_opening(
    api, recruiter, product, interview
):
    api.login(recruiter)
    body = {**OPENING, "product_id": product.id, "interview_id": interview.id}
    created = api.post("/api/v1/openings", json=body)
    assert created.status_code == 201, created.get_json()
    opening = created.get_json()
    assert opening["status"] == "draft"
    assert opening["required_skills"] == OPENING["required_skills"]
    assert opening["interview_id"] == interview.id
    assert api.get(f"/api/v1/jobs/{opening['id']}").status_code == 404

    changed = api.patch(
        f"/api/v1/openings/{opening['id']}", json={"status": "open", "title": "SRE"}
    )
    assert changed.status_code == 200
    assert changed.get_json()["published_at"] is not None
    public = api.get(f"/api/v1/jobs/{opening['id']}").get_json()
    assert public["title"] == "SRE"
    assert "status" not in public and "product_id" not in public
    assert AuditEvent.query.filter_by(action="opening.status_changed").count() == 1

    assert api.delete(f"/api/v1/openings/{opening['id']}").status_code == 204
    assert api.get(f"/api/v1/openings/{opening['id']}").status_code == 404


def test_salary_range_must_be_ordered_and_interview_of_the_same_product(
    api, recruiter, product, other_recruiter
):
    api.login(recruiter)
    body = {**OPENING, "product_id": product.id, "salary_min": 9, "salary_max": 1}
    error = assert_error(
        api.post("/api/v1/openings", json=body), 422, "VALIDATION_ERROR"
    )
    assert "salary_min" in error["details"]
    body = {**OPENING, "product_id": product.id, "job_type": "gig"}
    error = assert_error(
        api.post("/api/v1/openings", json=body), 422, "VALIDATION_ERROR"
    )
    assert "job_type" in error["details"]


def test_an_opening_can_draft_its_own_screening_interview(api, recruiter, product):
    api.login(recruiter)
    body = {**OPENING, "product_id": product.id, "draft_interview_now": True}
    opening = api.post("/api/v1/openings", json=body).get_json()
    interview = api.get(f"/api/v1/interviews/{opening['interview_id']}").get_json()
    assert interview["role_title"] == OPENING["title"]
    assert interview["status"] == "draft"
    questions = api.get(f"/api/v1/interviews/{opening['interview_id']}/questions")
    assert len(questions.get_json()["items"]) >= 1


def test_public_board_hides_drafts_and_closed_and_filters(client, recruiter, product):
    make_opening(recruiter, product, title="Backend Engineer")
    make_opening(
        recruiter,
        product,
        title="Designer",
        location="Paris",
        work_mode="remote",
        job_type="contract",
        experience_level="mid",
        description="Design systems in Figma.",
    )
    make_opening(recruiter, product, title="Secret draft", status="draft")
    make_opening(recruiter, product, title="Old closed", status="closed")

    def titles(path):
        response = client.get(path)
        assert response.status_code == 200
        return sorted(item["title"] for item in response.get_json()["items"])

    assert titles("/api/v1/jobs") == ["Backend Engineer", "Designer"]
    assert titles("/api/v1/jobs/search?q=figma") == ["Designer"]
    assert titles("/api/v1/jobs/search?location=berl") == ["Backend Engineer"]
    assert titles("/api/v1/jobs/search?work_mode=remote") == ["Designer"]
    assert titles("/api/v1/jobs/search?job_type=full_time") == ["Backend Engineer"]
    assert titles("/api/v1/jobs/search?level=senior") == ["Backend Engineer"]
    assert titles("/api/v1/jobs/search?q=secret") == []
    assert titles("/api/v1/jobs/search?q=100%25") == []
    page = client.get("/api/v1/jobs?per_page=1&page=2").get_json()
    assert page["meta"] == {"page": 2, "per_page": 1, "total": 2}
    assert len(page["items"]) == 1
    assert_error(
        client.get("/api/v1/jobs/search?work_mode=moon"), 422, "VALIDATION_ERROR"
    )


def test_closed_and_draft_openings_answer_404_publicly(client, recruiter, product):
    draft = make_opening(recruiter, product, status="draft")
    closed = make_opening(recruiter, product, status="closed")
    for opening in (draft, closed):
        assert_error(client.get(f"/api/v1/jobs/{opening.id}"), 404, "NOT_FOUND")
        assert client.get(f"/jobs/{opening.id}").status_code == 404
    db.session.rollback()
