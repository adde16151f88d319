"""Static CSS and JS are served compressed; pages with tokens in them are not (BREACH).

Static files are streamed, which Flask-Compress encodes with brotli, zstd or deflate
(browsers send "br" over https)."""

from pathlib import Path

import brotli
import pytest

STATIC = Path(__file__).resolve().parents[1] / "static"


@pytest.mark.parametrize(
    "path", ["css/base.css", "js/app.js", "vendor/chart.js/chart.umd.min.js"]
)
def test_static_files_go_out_compressed(client, path):
    response = client.get(f"/static/{path}", headers={"Accept-Encoding": "br"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response.headers["Vary"]
    body = response.get_data()
    assert brotli.decompress(body) == (STATIC / path).read_bytes()
    assert len(body) < (STATIC / path).stat().st_size / 2


def test_pages_and_json_are_not_compressed(client):
    for path in ("/login", "/api/v1/health"):
        response = client.get(path, headers={"Accept-Encoding": "gzip, br, zstd"})
        assert "Content-Encoding" not in response.headers


def test_without_accept_encoding_files_are_sent_as_they_are(client):
    response = client.get("/static/css/base.css")
    assert "Content-Encoding" not in response.headers
    assert response.get_data() == (STATIC / "css/base.css").read_bytes()
