"""Products and categories through the API and the service layer."""

import pytest

from app.extensions import db
from app.models import Category, InterviewSession, Invitation, Product, utcnow
from app.products import service
from tests import factories
from tests.support.asserts import assert_error


@pytest.fixture
def signed_in(api, recruiter):
    api.login(recruiter)
    return api


def test_create_product_with_an_inline_category(signed_in, recruiter):
    response = signed_in.post(
        "/api/v1/products",
        json={
            "name": " Payments ",
            "description": "Card payments team",
            "category_name": "Fintech",
        },
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["name"] == "Payments"
    assert body["category"]["name"] == "Fintech"
    assert body["archived"] is False and body["owner_id"] == recruiter.id
    again = signed_in.post(
        "/api/v1/products", json={"name": "Lending", "category_name": "fintech"}
    )
    assert again.get_json()["category"]["id"] == body["category"]["id"]
    assert Category.query.count() == 1


@pytest.mark.parametrize(
    "payload, field",
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"name": "Ok", "description": "x" * 5001}, "description"),
        ({"name": "Ok", "category_id": 0}, "category_id"),
        ({"name": "Ok", "category_id": 1, "category_name": "New"}, "category_name"),
        ({"name": "Ok", "owner_id": 5}, "owner_id"),
        # PostgreSQL cannot store NUL in text: refused up front on every backend.
        ({"name": "Ok", "description": "a\x00b"}, "description"),
    ],
)
def test_create_product_validation(signed_in, payload, field):
    error = assert_error(
        signed_in.post("/api/v1/products", json=payload), 422, "VALIDATION_ERROR"
    )
    assert field in error["details"]
    assert Product.query.count() == 0


def test_duplicate_product_name_is_a_conflict(signed_in, recruiter):
    factories.make_product(recruiter, name="Payments")
    error = assert_error(
        signed_in.post("/api/v1/products", json={"name": "payments"}), 409, "CONFLICT"
    )
    assert "name" in error["details"]


def test_another_recruiters_category_cannot_be_used(signed_in, other_recruiter):
    foreign = factories.make_category(other_recruiter)
    response = signed_in.post(
        "/api/v1/products", json={"name": "Mine", "category_id": foreign.id}
    )
    assert_error(response, 404, "NOT_FOUND")
    assert Product.query.count() == 0


def test_list_search_filter_and_paginate(signed_in, recruiter, other_recruiter):
    tools = factories.make_category(recruiter, name="Tools")
    for name in ["Alpha tools", "Beta", "Gamma tools", "Delta"]:
        factories.make_product(
            recruiter, name=name, category_id=tools.id if "tools" in name else None
        )
    factories.make_product(other_recruiter, name="Alpha tools elsewhere")
    body = signed_in.get("/api/v1/products?q=TOOLS").get_json()
    assert [p["name"] for p in body["items"]] == ["Alpha tools", "Gamma tools"]
    assert body["meta"] == {"page": 1, "per_page": 20, "total": 2}
    by_category = signed_in.get(f"/api/v1/products?category_id={tools.id}").get_json()
    assert by_category["meta"]["total"] == 2
    page2 = signed_in.get("/api/v1/products?per_page=3&page=2").get_json()
    assert [p["name"] for p in page2["items"]] == ["Gamma tools"]
    assert page2["meta"]["total"] == 4


def test_search_treats_wildcards_literally(signed_in, recruiter):
    factories.make_product(recruiter, name="100% remote")
    factories.make_product(recruiter, name="Onsite")
    body = signed_in.get("/api/v1/products?q=%25").get_json()
    assert [p["name"] for p in body["items"]] == ["100% remote"]


def test_list_query_validation(signed_in):
    error = assert_error(
        signed_in.get("/api/v1/products?per_page=500"), 422, "VALIDATION_ERROR"
    )
    assert "per_page" in error["details"]


def test_archive_and_restore(signed_in, recruiter):
    product = factories.make_product(recruiter)
    archived = signed_in.patch(
        f"/api/v1/products/{product.id}", json={"archived": True}
    )
    assert archived.get_json()["archived"] is True
    assert signed_in.get("/api/v1/products").get_json()["meta"]["total"] == 0
    assert (
        signed_in.get("/api/v1/products?archived=true").get_json()["meta"]["total"] == 1
    )
    restored = signed_in.patch(
        f"/api/v1/products/{product.id}", json={"archived": False}
    )
    assert restored.get_json()["archived_at"] is None


def test_edit_product(signed_in, recruiter):
    product = factories.make_product(recruiter, name="Old")
    category = factories.make_category(recruiter, name="Cat")
    response = signed_in.patch(
        f"/api/v1/products/{product.id}",
        json={
            "name": "New",
            "description": "Now with context",
            "category_id": category.id,
        },
    )
    assert response.status_code == 200
    assert response.get_json()["category"] == {"id": category.id, "name": "Cat"}
    cleared = signed_in.patch(
        f"/api/v1/products/{product.id}", json={"category_id": None}
    )
    assert cleared.get_json()["category"] is None


def test_others_products_are_not_found(signed_in, other_recruiter):
    foreign = factories.make_product(other_recruiter)
    assert_error(signed_in.get(f"/api/v1/products/{foreign.id}"), 404, "NOT_FOUND")
    assert_error(
        signed_in.patch(f"/api/v1/products/{foreign.id}", json={"name": "Mine"}),
        404,
        "NOT_FOUND",
    )
    db.session.expire_all()
    assert db.session.get(Product, foreign.id).name != "Mine"


def test_admin_sees_every_product(api, admin, recruiter):
    product = factories.make_product(recruiter)
    api.login(admin)
    assert api.get(f"/api/v1/products/{product.id}").status_code == 200
    assert api.get("/api/v1/products").get_json()["meta"]["total"] == 1


def test_candidates_cannot_use_the_products_api(api):
    api.login(factories.make_user(role="candidate"))
    assert_error(api.get("/api/v1/products"), 403, "FORBIDDEN")


def test_products_api_requires_a_token(client):
    assert_error(client.get("/api/v1/products"), 401, "AUTH_ERROR")


def test_categories_with_counts_rename_and_delete(
    signed_in, recruiter, other_recruiter
):
    created = signed_in.post("/api/v1/categories", json={"name": "Design"})
    assert created.status_code == 201
    category_id = created.get_json()["id"]
    factories.make_product(recruiter, category_id=category_id)
    factories.make_product(recruiter, category_id=category_id, archived_at=utcnow())
    factories.make_category(other_recruiter, name="Hidden")
    listing = signed_in.get("/api/v1/categories").get_json()
    assert listing["items"] == [
        {"id": category_id, "name": "Design", "product_count": 1}
    ]
    assert_error(
        signed_in.post("/api/v1/categories", json={"name": "design"}), 409, "CONFLICT"
    )
    renamed = signed_in.patch(f"/api/v1/categories/{category_id}", json={"name": "UX"})
    assert renamed.get_json() == {"id": category_id, "name": "UX", "product_count": 1}
    assert signed_in.delete(f"/api/v1/categories/{category_id}").status_code == 204
    assert Product.query.filter(Product.category_id.is_not(None)).count() == 0
    assert Product.query.count() == 2


def test_interview_summaries_count_invites_and_completions(recruiter):
    product = factories.make_product(recruiter)
    interview = factories.make_interview(product, status="active")
    factories.make_interview(product)
    for n, status in enumerate(["completed", "in_progress", None]):
        invitation = Invitation(
            interview_id=interview.id,
            email=f"c{n}@example.com",
            token_hash=str(n) * 64,
            expires_at=utcnow(),
        )
        db.session.add(invitation)
        db.session.flush()
        if status:
            db.session.add(
                InterviewSession(
                    invitation_id=invitation.id,
                    interview_id=interview.id,
                    status=status,
                )
            )
    db.session.commit()
    rows = {row["interview"].id: row for row in service.interview_summaries(product)}
    assert (rows[interview.id]["invited"], rows[interview.id]["completed"]) == (3, 1)
    assert len(rows) == 2
    assert service.product_stats([product.id]) == {
        product.id: {"interviews": 2, "invited": 3}
    }
