"""The next round with a person: Zoom through a fake Zoom server, Jitsi without it,
a pasted link; .ics invitations parsed back; moves and cancellations sent as
updates of the same event."""

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from app.extensions import db
from app.live import conductor
from app.mail import Attachment, build_email
from app.mail.backends import build_mime
from app.models import AuditEvent, Meeting
from tests import factories
from tests.fakes.zoom_server import FakeZoom
from tests.support.asserts import assert_error

WHEN = datetime(2099, 3, 2, 15, 30, tzinfo=UTC)


@pytest.fixture
def session(recruiter):
    interview = factories.make_interview(
        factories.make_product(recruiter, name="Acme"),
        role_title="Backend Engineer",
        status="active",
    )
    invitation, _ = factories.make_invitation(
        interview, name="Casey Candidate", email="casey@example.com"
    )
    session = conductor.start_session(invitation)
    session.status = "completed"
    db.session.commit()
    return session


@pytest.fixture
def zoom(app, monkeypatch):
    with FakeZoom() as fake:
        for key, value in fake.config().items():
            monkeypatch.setitem(app.config, key, value)
        yield fake


def schedule(api, session, **body):
    body.setdefault("starts_at", WHEN.isoformat())
    return api.post(f"/api/v1/sessions/{session.id}/meetings", json=body)


def ics(api, meeting_id) -> Calendar:
    response = api.get(f"/api/v1/meetings/{meeting_id}/invite.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return Calendar.from_ical(response.data)


def event_of(calendar: Calendar):
    [event] = calendar.walk("VEVENT")
    return event


def attendees(event) -> list[str]:
    found = event.get("attendee")
    found = found if isinstance(found, list) else [found]
    return sorted(str(a).removeprefix("mailto:") for a in found)


def test_without_zoom_a_jitsi_room_and_an_ics_for_everyone(
    app, api, recruiter, session, capsys
):
    api.login(recruiter)
    response = schedule(api, session, interviewers=["lee@example.com"])
    assert response.status_code == 201
    meeting = response.json
    assert meeting["provider"] == "jitsi"
    assert meeting["join_url"].startswith("https://meet.jit.si/Viva-")
    assert meeting["duration_minutes"] == 45 and meeting["sequence"] == 0
    assert meeting["ends_at"].startswith("2099-03-02T16:15")

    event = event_of(calendar := ics(api, meeting["id"]))
    assert str(calendar["method"]) == "REQUEST"
    assert event.decoded("dtstart") == WHEN
    assert event.decoded("dtend") == WHEN + timedelta(minutes=45)
    assert str(event["location"]) == meeting["join_url"]
    assert "Backend Engineer at Acme" in str(event["summary"])
    assert attendees(event) == ["casey@example.com", "lee@example.com"]
    assert int(event["sequence"]) == 0

    printed = capsys.readouterr().out
    recipients = [line for line in printed.splitlines() if line.startswith("To: ")]
    assert recipients == [
        "To: Casey Candidate <casey@example.com>",
        "To: lee@example.com",
    ]
    assert printed.count("Attachment: invite.ics (text/calendar; method=REQUEST)") == 2
    assert meeting["join_url"] in printed
    assert AuditEvent.query.filter_by(action="meeting.scheduled").count() == 1


def test_zoom_creates_moves_and_cancels_the_same_event(
    api, recruiter, session, zoom, capsys
):
    api.login(recruiter)
    created = schedule(api, session, duration_minutes=60).json
    assert created["provider"] == "zoom"
    [(zoom_id, zoom_meeting)] = zoom.meetings.items()
    assert created["join_url"] == f"https://zoom.example/j/{zoom_id}"
    assert zoom_meeting["start_time"] == "2099-03-02T15:30:00Z"
    assert zoom_meeting["duration"] == 60 and zoom_meeting["type"] == 2
    uid = str(event_of(ics(api, created["id"]))["uid"])

    later = (WHEN + timedelta(days=1)).isoformat()
    moved = api.patch(f"/api/v1/meetings/{created['id']}", json={"starts_at": later})
    assert moved.status_code == 200 and moved.json["sequence"] == 1
    assert zoom.meetings[zoom_id]["start_time"] == "2099-03-03T15:30:00Z"
    event = event_of(ics(api, created["id"]))
    assert (str(event["uid"]), int(event["sequence"])) == (uid, 1)
    assert "Subject: Moved: Backend Engineer at Acme" in capsys.readouterr().out

    cancelled = api.delete(f"/api/v1/meetings/{created['id']}")
    assert cancelled.status_code == 200 and cancelled.json["status"] == "cancelled"
    assert zoom_id not in zoom.meetings
    calendar = ics(api, created["id"])
    assert str(calendar["method"]) == "CANCEL"
    assert str(event_of(calendar)["status"]) == "CANCELLED"
    assert int(event_of(calendar)["sequence"]) == 2
    out = capsys.readouterr().out
    assert "Attachment: cancel.ics (text/calendar; method=CANCEL)" in out
    again = api.delete(f"/api/v1/meetings/{created['id']}")
    assert again.status_code == 200 and again.json["sequence"] == 2  # idempotent
    assert zoom.tokens_issued == 1  # the token is reused until it expires
    assert ("DELETE", f"/v2/meetings/{zoom_id}") in zoom.calls


def test_a_zoom_failure_answers_503_and_saves_nothing(api, recruiter, session, zoom):
    api.login(recruiter)
    zoom.fail_next(500)
    response = schedule(api, session)
    error = assert_error(response, 503, "SERVICE_UNAVAILABLE")
    assert "Zoom refused to create the meeting (HTTP 500)" in error["message"]
    assert Meeting.query.count() == 0 and zoom.meetings == {}


def test_wrong_zoom_credentials_never_leak(app, api, recruiter, session, zoom):
    app.config["ZOOM_CLIENT_SECRET"] = "not-the-secret"
    api.login(recruiter)
    response = schedule(api, session)
    error = assert_error(response, 503, "SERVICE_UNAVAILABLE")
    assert "get a token" in error["message"]
    assert "not-the-secret" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "body, field",
    [
        ({"provider": "url"}, "url"),
        ({"provider": "url", "url": "http://meet.example/x"}, "url"),
        ({"provider": "zoom"}, "provider"),
        ({"starts_at": "2001-01-01T10:00:00Z"}, "starts_at"),
        ({"duration_minutes": 5}, "duration_minutes"),
        ({"interviewers": ["not-an-email"]}, "interviewers"),
    ],
)
def test_bad_requests_say_which_field(api, recruiter, session, body, field):
    api.login(recruiter)
    response = schedule(api, session, **body)
    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert field in error["details"]
    assert Meeting.query.count() == 0


def test_a_pasted_link_and_the_list(api, recruiter, other_recruiter, session):
    api.login(recruiter)
    url = "https://meet.example.com/abc-defg-hij"
    created = schedule(api, session, provider="url", url=url).json
    assert created["join_url"] == url
    listed = api.get("/api/v1/meetings").json
    assert [m["id"] for m in listed["items"]] == [created["id"]]
    api.delete(f"/api/v1/meetings/{created['id']}")
    assert api.get("/api/v1/meetings").json["items"] == []
    assert len(api.get("/api/v1/meetings?include_past=true").json["items"]) == 1
    api.login(other_recruiter)
    assert api.get("/api/v1/meetings?include_past=true").json["items"] == []


def test_the_ics_travels_as_an_attachment_over_smtp(app):
    with app.test_request_context():
        message = build_email(
            "casey@example.com",
            "Invitation",
            "Hello",
            attachments=(
                Attachment(
                    "invite.ics", b"BEGIN:VCALENDAR", "text/calendar; method=REQUEST"
                ),
            ),
        )
    mime = build_mime(message)
    [part] = list(mime.iter_attachments())
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "invite.ics"
    assert part.get_content() in (b"BEGIN:VCALENDAR", "BEGIN:VCALENDAR")


def test_the_pages_schedule_move_and_cancel(client, recruiter, session):
    csrf = factories.page_login(client, recruiter)
    report = client.get(f"/portal/sessions/{session.id}").get_data(as_text=True)
    assert f"/portal/sessions/{session.id}/meetings/new" in report
    form = {
        "csrf_token": csrf,
        "starts_at": "2099-03-02T15:30",
        "duration_minutes": "60",
        "interviewers": "lee@example.com\nsam@example.com",
        "provider": "jitsi",
    }
    bad = client.post(
        f"/portal/sessions/{session.id}/meetings/new", data={**form, "starts_at": ""}
    )
    assert bad.status_code == 422 and "Missing data for required field." in bad.text
    done = client.post(f"/portal/sessions/{session.id}/meetings/new", data=form)
    assert done.status_code == 302
    meeting = Meeting.query.one()
    assert meeting.starts_at == WHEN and meeting.interviewers == [
        "lee@example.com",
        "sam@example.com",
    ]
    listing = client.get("/portal/meetings").get_data(as_text=True)
    assert "Casey Candidate" in listing and "15:30–16:30 UTC" in listing
    moved = client.post(
        f"/portal/meetings/{meeting.id}/edit",
        data={**form, "starts_at": "2099-03-04T09:00"},
    )
    assert moved.status_code == 302
    db.session.refresh(meeting)
    assert meeting.starts_at == datetime(2099, 3, 4, 9, 0, tzinfo=UTC)
    assert meeting.sequence == 1
    client.post(f"/portal/meetings/{meeting.id}/cancel", data={"csrf_token": csrf})
    db.session.refresh(meeting)
    assert meeting.status == "cancelled"
