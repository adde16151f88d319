"""Branding in Chromium: a recruiter sets a product's accent colour and uploads a
logo on its edit page; the candidate's welcome, ready, room and ending pages and the
public opening show them; the images we rewrite still decode; the opening's interview
quality page shows its figures. Screenshots at desktop and phone width."""

import base64
from datetime import timedelta

import pytest

from app import create_app
from app.branding.images import check_logo
from app.extensions import db
from app.live import conductor
from app.models import ExperienceRating, InterviewSession, utcnow
from tests import factories
from tests.support import images
from tests.support.hiring import make_opening, submit
from tests.support.live_server import LiveServer

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips or fails these tests, saying why
    expect = None

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ACCENT = "#0f766e"

# Past sessions from the opening: (status, minutes, question it stopped at, rating)
HISTORY = [
    ("completed", 18, None, "good"),
    ("completed", 24, None, "okay"),
    ("abandoned", None, 2, None),
    ("abandoned", None, 1, None),
]


def _seed(url: str) -> dict:
    seeding = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with seeding.app_context():
        db.create_all()
        recruiter = factories.make_user(email="brand.recruiter@example.com")
        product = factories.make_product(
            recruiter, name="Acme Robotics", description="Warehouse robots."
        )
        interview = factories.make_interview(
            product, questions=3, status="active", role_title="Robotics Engineer"
        )
        opening = make_opening(
            recruiter,
            product,
            title="Robotics Engineer",
            company="Acme Robotics",
            interview_id=interview.id,
        )
        application, _ = submit(opening, email="casey@example.org", name="Casey")
        invitation, token = factories.make_invitation(
            interview, email="casey@example.org", name="Casey Candidate"
        )
        application.invitation_id = invitation.id
        _history(opening, interview)
        db.session.commit()
        ids = {"product": product.id, "opening": opening.id, "token": token}
        ids["recruiter"] = recruiter.email
        db.engine.dispose()
    return ids


def _history(opening, interview):
    start = utcnow() - timedelta(days=2)
    for number, (status, minutes, stopped, rating) in enumerate(HISTORY):
        application, _ = submit(opening, email=f"past{number}@example.org")
        invitation, _ = factories.make_invitation(interview, email=application.email)
        application.invitation_id = invitation.id
        session = conductor.start_session(invitation)
        session.status, session.started_at = status, start
        if minutes:
            session.ended_at = start + timedelta(minutes=minutes)
        else:
            session.current_question_id = interview.questions[stopped - 1].id
        db.session.flush()
        if rating:
            db.session.add(
                ExperienceRating(
                    session_id=session.id,
                    interview_id=interview.id,
                    rating=rating,
                    comment="Fair questions." if rating == "good" else "",
                )
            )


@pytest.fixture(scope="module")
def live_server(app, tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("branding"))
    server.seeded = _seed(server.database_url)
    server.start()
    yield server
    server.stop()


def _end_sessions(url: str) -> None:
    """The candidate's interview ends (as if they answered the last question)."""
    ending = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with ending.app_context():
        for session in InterviewSession.query.filter_by(status="in_progress"):
            session.status, session.ended_at = "completed", utcnow()
        db.session.commit()
        db.engine.dispose()


def _logo_file(page, tmp_path):
    """A wordmark logo drawn by the browser, saved as a PNG to upload."""
    data_url = page.evaluate(
        """() => { const c = document.createElement('canvas');
        c.width = 400; c.height = 96; const x = c.getContext('2d');
        x.fillStyle = '#0f766e';
        x.beginPath(); x.arc(48, 48, 36, 0, 7); x.fill(); x.fillStyle = '#fff';
        x.fillRect(34, 30, 28, 36); x.fillStyle = '#0b1f1d';
        x.font = 'bold 40px sans-serif'; x.fillText('Acme Robotics', 96, 62);
        return c.toDataURL('image/png'); }"""
    )
    path = tmp_path / "acme-logo.png"
    path.write_bytes(base64.b64decode(data_url.split(",", 1)[1]))
    return path


def _shoot(page, screenshot, name):
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        screenshot(page, f"{name}-{label}")
    page.set_viewport_size(DESKTOP)


def _logo_shows(page):
    logo = page.locator("img.brand__logo, img.job-detail__logo").first
    expect(logo).to_be_visible()
    assert page.evaluate("(img) => img.naturalWidth", logo.element_handle()) > 0


def test_a_branded_product_from_upload_to_candidate_pages(
    page, live_server, screenshot, tmp_path
):
    seeded = live_server.seeded
    page.goto("/login")
    page.get_by_label("Email").fill(seeded["recruiter"])
    page.get_by_label("Password").fill(factories.DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/portal/products/{seeded['product']}/edit")
    page.get_by_label("Accent colour").fill(ACCENT)
    page.get_by_label("Logo").set_input_files(str(_logo_file(page, tmp_path)))
    page.get_by_role("button", name="Save branding").click()
    expect(page.get_by_text("Branding saved.")).to_be_visible()
    expect(page.locator("img.brand-preview__logo")).to_be_visible()
    screenshot(page, "edit-page")

    page.goto(f"/portal/openings/{seeded['opening']}/quality")
    expect(page.get_by_text("Drop-off by question")).to_be_visible()
    _shoot(page, screenshot, "quality")

    candidate = page.context.browser.new_context(base_url=live_server.url)
    visitor = candidate.new_page()
    visitor.set_viewport_size(DESKTOP)
    visitor.goto(f"/i/{seeded['token']}")
    _logo_shows(visitor)
    button = visitor.get_by_role("button", name="Continue")
    color = button.evaluate("(b) => getComputedStyle(b).backgroundColor")
    assert color == "rgb(15, 118, 110)"
    _shoot(visitor, screenshot, "welcome")
    visitor.get_by_role("checkbox").check()
    button.click()
    expect(visitor.get_by_role("button", name="Start the interview")).to_be_visible()
    _logo_shows(visitor)
    _shoot(visitor, screenshot, "ready")
    visitor.get_by_role("button", name="Start the interview").click()
    visitor.wait_for_url("**/interview")
    _logo_shows(visitor)
    _shoot(visitor, screenshot, "room")
    _end_sessions(live_server.database_url)
    visitor.goto("/interview/experience")
    _logo_shows(visitor)
    _shoot(visitor, screenshot, "ending")

    visitor.goto(f"/jobs/{seeded['opening']}")
    _logo_shows(visitor)
    _shoot(visitor, screenshot, "job")
    visitor.goto("/jobs")
    expect(visitor.locator("img.job-card__logo")).to_be_visible()
    _shoot(visitor, screenshot, "board")
    candidate.close()


@pytest.mark.parametrize(
    "kind, data",
    [
        ("png", images.png(extra=[(b"tEXt", b"Author\x00someone")])),
        ("jpeg", images.jpeg_with_exif()),
        ("webp", images.webp()),
    ],
)
def test_the_rewritten_images_still_decode_in_chromium(page, kind, data):
    logo = check_logo(data)
    encoded = base64.b64encode(logo.data).decode()
    size = page.evaluate(
        """async ([type, b64]) => {
            const blob = await (await fetch(`data:${type};base64,${b64}`)).blob();
            const bitmap = await createImageBitmap(blob);
            return [bitmap.width, bitmap.height];
        }""",
        [logo.media_type, encoded],
    )
    assert size == [logo.width, logo.height]
