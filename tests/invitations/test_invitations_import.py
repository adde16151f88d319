"""The invitations API's CSV import, and how the API document describes its bodies."""

import io

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Invitation
from tests import factories
from tests.support.asserts import assert_error

pytestmark = pytest.mark.product(name="Acme Robotics")

API = "/api/v1"


@pytest.fixture(autouse=True)
def manual_mail(queued_jobs):
    """Emails wait in the queue: nothing is sent here."""
    return queued_jobs


@pytest.fixture
def as_recruiter(api, recruiter):
    api.login(recruiter)
    return api


def upload(api, interview, content: bytes, filename="candidates.csv"):
    return api.post(
        f"{API}/interviews/{interview.id}/invitations/import",
        data={"file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


# CSV import ------------------------------------------------------------------------


def test_csv_import_with_header_reports_good_duplicate_and_bad_rows(
    as_recruiter, interview
):
    factories.make_invitation(interview, email="old@example.com")
    content = (
        "\ufeffName,Email,Team\n"
        "Jane Doe,jane@example.com,Core\n"
        "Old Timer,OLD@example.com,Core\n"
        '"Lee, Ann",ann@example.com,\n'
        "Jane Again,jane@example.com,\n"
        "No Mail,,\n"
        "\n"
        "Broken,broken@,x\n"
    ).encode()
    response = upload(as_recruiter, interview, content)
    assert response.status_code == 201
    body = response.get_json()
    assert [(r["row"], r["email"], r["name"], r["outcome"]) for r in body["rows"]] == [
        (2, "jane@example.com", "Jane Doe", "invited"),
        (3, "old@example.com", "Old Timer", "duplicate"),
        (4, "ann@example.com", "Lee, Ann", "invited"),
        (5, "jane@example.com", "Jane Again", "duplicate"),
        (6, "", "No Mail", "invalid"),
        (8, "broken@", "Broken", "invalid"),
    ]
    assert body["summary"] == {"total": 6, "invited": 2, "duplicates": 2, "invalid": 2}
    assert len(body["invitations"]) == 2


def test_csv_import_without_header(as_recruiter, interview):
    content = (
        b"jane@example.com,Jane Doe\nbob@example.com\nx@example.com,X,extra,more\n"
        b"nul@example.com,A\x00B\n"
    )
    body = upload(as_recruiter, interview, content).get_json()
    assert [
        (r["email"], r["name"], r["outcome"], r["reason"]) for r in body["rows"]
    ] == [
        ("jane@example.com", "Jane Doe", "invited", None),
        ("bob@example.com", "", "invited", None),
        ("x@example.com", "X", "invalid", "Expected two columns: email, name."),
        (
            "nul@example.com",
            "A\x00B",
            "invalid",
            "The name contains control characters.",
        ),
    ]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "The file holds no candidates."),
        (b"email,name\n", "The file holds no candidates."),
        ("ann@example.com,Zo\u00eb\n".encode("utf-16"), "The file is not UTF-8 text."),
        (b"a@example.com," + b"x" * 200_000, "The file could not be read as CSV."),
        (
            "\n".join(f"c{n}@example.com" for n in range(1001)).encode(),
            "Invite at most 1000 candidates at once (1001 given).",
        ),
    ],
)
def test_unreadable_csv_files_are_422_and_store_nothing(
    as_recruiter, interview, content, message
):
    error = assert_error(
        upload(as_recruiter, interview, content), 422, "VALIDATION_ERROR"
    )
    assert error["message"] == message
    assert "file" in error["details"]
    assert db.session.scalar(select(db.func.count(Invitation.id))) == 0


def test_csv_import_needs_a_file(as_recruiter, interview):
    response = as_recruiter.post(
        f"{API}/interviews/{interview.id}/invitations/import",
        data={"other": "x"},
        content_type="multipart/form-data",
    )
    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert error["details"] == {"file": ["Upload a CSV file in the form field `file`."]}
    response = as_recruiter.post(
        f"{API}/interviews/{interview.id}/invitations/import", json={"file": "x"}
    )
    assert_error(response, 422, "VALIDATION_ERROR")


# The OpenAPI document ---------------------------------------------------------------


def test_the_api_document_describes_both_body_shapes_and_the_upload(client):
    spec = client.get("/apispec.json").get_json()
    create_op = spec["paths"]["/api/v1/interviews/{interview_id}/invitations"]["post"]
    one_of = create_op["requestBody"]["content"]["application/json"]["schema"]["oneOf"]
    assert one_of == [
        {"$ref": "#/components/schemas/InviteOne"},
        {"$ref": "#/components/schemas/InviteMany"},
    ]
    assert set(create_op["responses"]) >= {
        "200",
        "201",
        "401",
        "403",
        "404",
        "409",
        "422",
    }
    upload_op = spec["paths"]["/api/v1/interviews/{interview_id}/invitations/import"][
        "post"
    ]
    form = upload_op["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert form["required"] == ["file"]
    assert form["properties"]["file"]["format"] == "binary"
    assert set(upload_op["responses"]) >= {"200", "201", "400", "409", "422"}
    extend_op = spec["paths"]["/api/v1/invitations/{invitation_id}/extend"]["post"]
    assert extend_op["requestBody"]["required"] is True
