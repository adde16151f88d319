"""Product pages in the portal."""

import pytest

from app.extensions import db
from app.models import Category, Product
from tests import factories

HTML = {"Accept": "text/html"}


@pytest.fixture
def portal(client, recruiter):
    response = client.post(
        "/login", data={"email": recruiter.email, "password": "Passw0rdOk"}
    )
    assert response.status_code == 302
    return client


def _csrf(client):
    return client.get_cookie("csrf_access_token").value


def test_products_empty_state(portal):
    html = portal.get("/portal/products", headers=HTML).get_data(as_text=True)
    assert "No products yet" in html
    assert "Create your first product" in html


def test_portal_home_says_nothing_needs_you_yet(portal):
    html = portal.get("/portal", headers=HTML).get_data(as_text=True)
    assert "Nothing needs you right now" in html
    assert 'href="/portal/products"' in html


def test_create_product_with_new_category(portal, recruiter):
    response = portal.post(
        "/portal/products/new",
        data={
            "name": "Payments",
            "description": "We move money.",
            "category_id": "",
            "category_name": "Fintech",
            "csrf_token": _csrf(portal),
        },
    )
    assert response.status_code == 302
    product = Product.query.one()
    assert response.headers["Location"] == f"/portal/products/{product.id}"
    assert product.category.name == "Fintech" and product.owner_id == recruiter.id
    html = portal.get("/portal/products", headers=HTML).get_data(as_text=True)
    assert "Payments" in html and "Fintech" in html


def test_create_product_errors_keep_input(portal, recruiter):
    factories.make_product(recruiter, name="Payments")
    response = portal.post(
        "/portal/products/new",
        data={
            "name": "payments",
            "description": "Typed text",
            "csrf_token": _csrf(portal),
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Already exists." in html
    assert "Typed text" in html
    assert Product.query.count() == 1


def test_create_product_needs_csrf(portal):
    response = portal.post("/portal/products/new", data={"name": "Sneaky"})
    assert response.status_code == 403
    assert Product.query.count() == 0


def test_edit_product_page(portal, recruiter):
    category = factories.make_category(recruiter, name="Ops")
    product = factories.make_product(recruiter, name="Old", category_id=category.id)
    page = portal.get(f"/portal/products/{product.id}/edit", headers=HTML).get_data(
        as_text=True
    )
    assert 'value="Old"' in page
    response = portal.post(
        f"/portal/products/{product.id}/edit",
        data={
            "name": "New name",
            "description": "",
            "category_id": "",
            "csrf_token": _csrf(portal),
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    product = db.session.get(Product, product.id)
    assert (product.name, product.category_id, product.description) == (
        "New name",
        None,
        "",
    )
    assert Category.query.count() == 1


def test_detail_archive_and_restore(portal, recruiter):
    product = factories.make_product(recruiter, name="Legacy", description="Old stack")
    html = portal.get(f"/portal/products/{product.id}", headers=HTML).get_data(
        as_text=True
    )
    assert "Old stack" in html and "No interviews yet" in html
    portal.post(
        f"/portal/products/{product.id}/archive",
        data={"archived": "1", "csrf_token": _csrf(portal)},
    )
    assert "This product is archived." in portal.get(
        f"/portal/products/{product.id}", headers=HTML
    ).get_data(as_text=True)
    listing = portal.get("/portal/products", headers=HTML).get_data(as_text=True)
    assert "No products yet" in listing
    archived = portal.get("/portal/products?archived=true", headers=HTML)
    assert "Legacy" in archived.get_data(as_text=True)
    portal.post(
        f"/portal/products/{product.id}/archive",
        data={"archived": "0", "csrf_token": _csrf(portal)},
    )
    db.session.expire_all()
    assert db.session.get(Product, product.id).archived_at is None


def test_detail_lists_interviews(portal, recruiter):
    product = factories.make_product(recruiter)
    factories.make_interview(product, role_title="Data Engineer", status="active")
    html = portal.get(f"/portal/products/{product.id}", headers=HTML).get_data(
        as_text=True
    )
    assert "Data Engineer" in html and "Active" in html


def test_search_and_category_filter(portal, recruiter):
    category = factories.make_category(recruiter, name="Clients")
    factories.make_product(recruiter, name="Acme", category_id=category.id)
    factories.make_product(recruiter, name="Globex")
    html = portal.get("/portal/products?q=acm", headers=HTML).get_data(as_text=True)
    assert "Acme" in html and "Globex" not in html
    url = f"/portal/products?category_id={category.id}"
    html = portal.get(url, headers=HTML).get_data(as_text=True)
    assert "Acme" in html and "Globex" not in html
    html = portal.get("/portal/products?q=zzz", headers=HTML).get_data(as_text=True)
    assert "No matching products" in html


def test_others_product_pages_are_404(portal, other_recruiter):
    foreign = factories.make_product(other_recruiter)
    for path in (
        f"/portal/products/{foreign.id}",
        f"/portal/products/{foreign.id}/edit",
    ):
        assert portal.get(path, headers=HTML).status_code == 404
    response = portal.post(
        f"/portal/products/{foreign.id}/archive", data={"csrf_token": _csrf(portal)}
    )
    assert response.status_code == 404
