"""A product's logo and accent colour through the API, and the logo route."""

import io

import pytest

from app.extensions import db
from app.models import AuditEvent, Product, ProductLogo
from tests import factories
from tests.support import images
from tests.support.asserts import assert_error


@pytest.fixture
def signed_in(api, recruiter):
    api.login(recruiter)
    return api


def _upload(api, product_id, data, filename):
    return api.put(
        f"/api/v1/products/{product_id}/logo",
        data={"logo": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def test_a_png_named_jpg_is_taken_for_what_it_is(signed_in, product, client):
    data = images.png(extra=[(b"tEXt", b"Comment\x00made by Jane Secret")])
    response = _upload(signed_in, product.id, data, "logo.jpg")
    assert response.status_code == 200, response.get_json()
    logo = response.get_json()["logo"]
    assert logo["media_type"] == "image/png"
    assert (logo["width"], logo["height"]) == (48, 32)
    stored = db.session.get(ProductLogo, product.id)
    assert logo["url"] == f"/brand/products/{product.id}/logo/{stored.digest[:32]}"
    served = client.get(logo["url"])
    assert served.status_code == 200 and served.mimetype == "image/png"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in served.headers["Cache-Control"]
    assert "max-age=31536000" in served.headers["Cache-Control"]
    assert served.data == stored.data and b"Jane Secret" not in served.data
    assert AuditEvent.query.filter_by(action="product.logo_set").count() == 1


@pytest.mark.parametrize(
    "data, filename, message",
    [
        (b"<html><script>alert(1)</script></html>", "logo.png", "PNG, JPEG or WebP"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "logo.svg", "SVG"),
        (images.bomb_png(), "bomb.png", "at most 2000×2000"),
        (images.png() + b"\0" * (1024 * 1024), "big.png", "larger than 1 MB"),
    ],
)
def test_bad_images_are_refused_and_nothing_is_stored(
    signed_in, product, data, filename, message
):
    response = _upload(signed_in, product.id, data, filename)
    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert message in error["details"]["logo"][0]
    assert ProductLogo.query.count() == 0
    assert db.session.get(Product, product.id).logo_digest is None


def test_a_missing_file_says_so(signed_in, product):
    response = signed_in.put(
        f"/api/v1/products/{product.id}/logo",
        data={},
        content_type="multipart/form-data",
    )
    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert error["details"] == {"logo": ["Choose an image file to upload."]}


def test_replacing_the_logo_changes_its_url_and_the_old_one_is_gone(
    signed_in, product, client
):
    first = _upload(signed_in, product.id, images.jpeg(), "a.jpg").get_json()["logo"]
    second = _upload(signed_in, product.id, images.webp(), "b.webp").get_json()["logo"]
    assert first["url"] != second["url"] and second["media_type"] == "image/webp"
    assert client.get(first["url"]).status_code == 404
    assert client.get(second["url"]).status_code == 200
    assert ProductLogo.query.count() == 1


def test_deleting_the_logo(signed_in, product, client):
    url = _upload(signed_in, product.id, images.jpeg(), "a.jpg").get_json()["logo"][
        "url"
    ]
    assert signed_in.delete(f"/api/v1/products/{product.id}/logo").status_code == 204
    assert client.get(url).status_code == 404
    body = signed_in.get(f"/api/v1/products/{product.id}").get_json()
    assert body["logo"] is None
    assert signed_in.delete(f"/api/v1/products/{product.id}/logo").status_code == 204


def test_a_guessed_digest_is_not_found(signed_in, product, client):
    _upload(signed_in, product.id, images.jpeg(), "a.jpg")
    assert (
        client.get(f"/brand/products/{product.id}/logo/{'0' * 32}").status_code == 404
    )
    assert client.get(f"/brand/products/{product.id}/logo/").status_code == 404


def test_the_accent_colour_in_the_products_patch(signed_in, product):
    url = f"/api/v1/products/{product.id}"
    response = signed_in.patch(url, json={"accent_color": "#0F766E"})
    body = response.get_json()
    assert response.status_code == 200 and body["accent_color"] == "#0f766e"
    assert body["brand_note"] == "Buttons use #0f766e with white text (5.5:1)."
    light = signed_in.patch(url, json={"accent_color": "#facc15"}).get_json()
    assert "dark text" in light["brand_note"]
    assert "links and labels use the darker" in light["brand_note"]
    cleared = signed_in.patch(url, json={"accent_color": None}).get_json()
    assert cleared["accent_color"] is None and cleared["brand_note"] is None


@pytest.mark.parametrize(
    "value, message",
    [("teal", "#rrggbb"), ("#fff", "#rrggbb"), ("#fcfcfc", "too close to white")],
)
def test_bad_colours_are_refused_with_the_reason(signed_in, product, value, message):
    response = signed_in.patch(
        f"/api/v1/products/{product.id}", json={"accent_color": value}
    )
    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert message in error["details"]["accent_color"][0]
    assert db.session.get(Product, product.id).accent_color is None


def test_another_workspace_cannot_upload_or_delete(api, product, other_recruiter):
    factories.make_product(other_recruiter)
    api.login(other_recruiter)
    response = _upload(api, product.id, images.png(), "logo.png")
    assert_error(response, 404, "NOT_FOUND")
    assert_error(api.delete(f"/api/v1/products/{product.id}/logo"), 404, "NOT_FOUND")
    assert ProductLogo.query.count() == 0
