"""Every page of the portal, the candidate's link and the admin, in one Chromium.

One server and one browser walk the demo account (`flask seed-demo`'s data) as a
visitor, a candidate, a recruiter and an admin. At 390 px (a phone) no page may scroll
sideways. With VIVA_SCREENSHOT_DIR set, each page is also saved there at both widths.
axe-core (vendored in tests/vendor/axe-core) finds no critical or serious violation on
any page, at either width; VIVA_AXE_REPORT=<file> writes every violation found there.
"""

import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from app import create_app
from app.calibration.service import create_calibration, score_calibration
from app.demo import DEMO_ADMIN, DEMO_EXPERT, DEMO_RECRUITER, seed_demo
from app.extensions import db
from app.interviews.service import duplicate_interview
from app.mail import build_email, mailbox
from app.models import Question
from tests.support.hiring import applicant_link
from tests.support.live_server import LiveServer

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips or fails these tests, saying why
    expect = None

AXE_SOURCE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("critical", "serious")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SCROLL_WIDTH = "() => document.scrollingElement.scrollWidth"
# Lighthouse's cumulative layout shift, summed from the browser's own entries.
LAYOUT_SHIFT = """window.__layoutShift = 0;
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__layoutShift += entry.value;
  }
}).observe({type: "layout-shift", buffered: true});"""
MAX_LAYOUT_SHIFT = 0.1
NEXT_FRAMES = """() => new Promise(done =>
  requestAnimationFrame(() => requestAnimationFrame(() => done())))"""
# The outermost elements that stick out past the right edge: what to fix.
STICKING_OUT = """width => Array.from(document.body.querySelectorAll("*"))
  .filter(el => el.getBoundingClientRect().right > width + 1)
  .filter(el => !el.parentElement
    || el.parentElement.getBoundingClientRect().right <= width + 1)
  .slice(0, 5)
  .map(el => el.tagName.toLowerCase() + "." + Array.from(el.classList).join(".")
    + " " + Math.round(el.getBoundingClientRect().right) + "px")"""


@pytest.fixture
def live_server(app, tmp_path_factory):
    """A fresh server per walk (the walk starts the demo interview), with the
    development mailbox on, holding one invitation email."""
    workdir = tmp_path_factory.mktemp("every-page")
    mailbox_dir = workdir / "mailbox"
    server = LiveServer(workdir, overrides={"DEV_MAILBOX_DIR": str(mailbox_dir)})
    with app.app_context():
        message = build_email(
            "casey@example.com",
            "Your interview for Backend Engineer at Viva Demo Co.",
            "Hello Casey,\n\nStart here: http://127.0.0.1/i/example-token\n",
            to_name="Casey Candidate",
        )
    mailbox.save_message(mailbox_dir, message)
    server.start()
    yield server
    server.stop()


def seed(database_url: str) -> dict:
    """The demo data in the live server's database; the ids the pages need."""
    seeding = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url)
    with seeding.app_context():
        db.create_all()
        demo = seed_demo()
        interview = demo["interview"]
        question = db.session.scalars(
            db.select(Question).filter_by(interview_id=interview.id)
        ).first()
        rights = seed_candidate_rights(demo)
        calibrated = seed_calibration(demo)
        ids = {
            **rights,
            "product": interview.product_id,
            "workspace": interview.product.workspace_id,
            "interview": interview.id,
            "calibrated": calibrated,
            "question": question.id,
            "session": demo["completed_session"].id,
            "recruiter": demo["recruiter"].id,
            "link": urlsplit(demo["candidate_link"]).path,
            "opening": demo["opening"].id,
            "application": demo["opening"].applications[0].id,
            "applicant": urlsplit(applicant_link(demo["opening"])).path,
        }
        db.session.commit()
        db.engine.dispose()
    return ids


def seed_calibration(demo: dict) -> int:
    """A draft copy of the demo interview, calibrated and scored by the recruiter
    (three points below the AI on every competency: an override is needed)."""
    recruiter = demo["recruiter"]
    draft = duplicate_interview(recruiter, demo["interview"].id)
    calibration = create_calibration(recruiter, draft.id)
    scores = {
        sample["id"]: {key: max(0, round(ai) - 3) for key, ai in sample["ai"].items()}
        for sample in calibration.samples
    }
    score_calibration(recruiter, draft.id, scores)
    return draft.id


DEMO_FAQ = [
    {
        "question": "What happens after the interview?",
        "answer": "The hiring team replies within 5 working days, whatever happens.",
    },
    {"question": "What is the salary range?", "answer": "EUR 70-85k plus equity."},
]


def seed_candidate_rights(demo: dict) -> dict:
    """An FAQ, a flagged answer, an unused flag link and a request for a person."""
    from app.rights import faq, receipts, review_requests
    from app.rights import flags as answer_flags

    faq.save_settings(demo["recruiter"], demo["interview"].id, DEMO_FAQ, False)
    completed = demo["completed_session"]
    receipts.send_receipt(completed.id)  # else the server's sweep sends it, new links
    tokens = list(answer_flags.issue_flag_links(completed).values())
    flagged = answer_flags.find_flag(tokens[0])
    answer_flags.file_flag(flagged, "transcript_wrong", "I said 180 ms, not 800 ms.")
    request = review_requests.create_request(
        completed.invitation,
        "human_review",
        "I would like a person to read my answers.",
    )
    return {"flag_link": f"/receipt/flag/{tokens[1]}", "request": request.id}


VISITOR_PAGES = [
    "/",
    "/login",
    "/register",
    "/forgot-password",
    "/reset-password/not-a-token",
    "/verify-email/not-a-token",
    "/i/not-a-token",
    "/privacy",
    "/privacy/confirm/not-a-token",
    "/privacy/download/not-a-token",
    "/no-such-page",
    "/dev/mailbox",
    "/receipt/flag/not-a-token",
    "/jobs",
    "/jobs/{opening}",
    "/jobs/{opening}/applied",
    "{applicant}",
]
RECRUITER_PAGES = [
    "/portal",
    "/portal/products",
    "/portal/products/new",
    "/portal/products/{product}",
    "/portal/products/{product}/edit",
    "/portal/products/{product}/interviews/new",
    "/portal/interviews/{interview}",
    "/portal/interviews/{interview}/edit",
    "/portal/questions/{question}/edit",
    "/portal/interviews/{interview}/invitations",
    "/portal/interviews/{interview}/invitations/new",
    "/portal/interviews/{interview}/candidates",
    "/portal/interviews/{interview}/questions/{question}/compare",
    "/portal/interviews/{interview}/model-card",
    "/portal/interviews/{calibrated}/calibration",
    "/portal/sessions/{session}",
    "/portal/sessions/{session}/print",
    "/portal/sessions/{session}/watch",
    "/portal/interviews/{interview}/for-candidates",
    "/portal/review-requests/{request}",
    "/portal/analytics",
    "/portal/analytics/products/{product}",
    "/portal/analytics/interviews/{interview}",
    "/portal/meetings",
    "/portal/sessions/{session}/meetings/new",
    "/portal/openings",
    "/portal/openings/new",
    "/portal/openings/stats",
    "/portal/openings/{opening}",
    "/portal/openings/{opening}/edit",
    "/portal/openings/{opening}/quality",
    "/portal/applications/{application}",
    "/portal/workspaces",
    "/portal/workspaces/{workspace}/members",
    "/portal/workspaces/{workspace}/api-keys",
    "/portal/workspaces/{workspace}/webhooks",
    "/portal/interviews/{interview}/experts",
    "/profile",
]
EXPERT_PAGES = [
    "/portal/expert",
    "/portal/expert/interviews/{interview}",
    "/portal/expert/reviews",
]

ADMIN_PAGES = [
    "/portal/admin/users",
    "/portal/admin/users/{recruiter}",
    "/portal/admin/users/{recruiter}/delete",
    "/portal/admin/audit",
    "/docs/",
]


def log_in(page, account: dict) -> None:
    page.context.clear_cookies()
    page.goto("/login")
    page.fill("#f-email", account["email"])
    page.fill("#f-password", account["password"])
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/portal$"))


def slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


def expect_time_left_in_sight(page) -> None:
    """On a phone, with a long transcript scrolled to its end, the time left shows."""
    page.set_viewport_size(PHONE)
    page.evaluate("""() => {
      const filler = document.createElement("li");
      filler.style.height = "3000px";
      document.getElementById("transcript").prepend(filler);
      window.scrollTo(0, document.scrollingElement.scrollHeight);
    }""")
    page.evaluate(NEXT_FRAMES)
    box = page.locator("#room-timer").bounding_box()
    assert box is not None and 0 <= box["y"] <= PHONE["height"] - box["height"]
    page.reload()


def walk(page, ids: dict, visit) -> None:
    """Call visit(name) on every page, logged in as whoever may see it."""
    for path in VISITOR_PAGES:
        page.goto(path.format(**ids))
        visit("applicant-page" if path == "{applicant}" else slug(path.format(**ids)))

    page.goto(ids["flag_link"])
    visit("candidate-flag-answer")
    page.goto(ids["link"] + "/request-person")
    visit("candidate-request-person")
    page.goto(ids["link"])
    visit("candidate-welcome")
    page.get_by_role("link", name="Warm up with 2 questions").click()
    visit("candidate-warmup")
    page.get_by_label("Your answer").fill("I would start with the users' problem.")
    page.get_by_role("button", name="Check my answer").click()
    expect(
        page.get_by_role("heading", name="What a strong answer covers")
    ).to_be_visible()
    visit("candidate-warmup-answered")
    page.goto(ids["link"])
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Start the interview")).to_be_visible()
    visit("candidate-ready")
    page.get_by_role("button", name="Start the interview").click()
    expect(page.locator(".turn--interviewer").first).to_be_visible()
    visit("candidate-room")
    page.get_by_role("button", name="Questions about the role").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    visit("candidate-room-faq")
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect_time_left_in_sight(page)

    log_in(page, DEMO_RECRUITER)
    for path in RECRUITER_PAGES:
        page.goto(path.format(**ids))
        visit(slug(path.format(**ids)))

    log_in(page, DEMO_EXPERT)
    for path in EXPERT_PAGES:
        page.goto(path.format(**ids))
        visit(slug(path.format(**ids)))

    log_in(page, DEMO_ADMIN)
    for path in ADMIN_PAGES:
        page.goto(path.format(**ids))
        if path == "/docs/":  # Swagger UI draws the operations after loading
            expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
        visit(slug(path.format(**ids)))


@pytest.fixture
def demo(live_server):
    return seed(live_server.database_url)


def test_no_page_scrolls_sideways_on_a_phone(page, demo):
    """Every page fits 390 px without shifting as it loads (layout shift under 0.1);
    each is saved at 390 and 1280 px when asked."""
    shots = os.environ.get("VIVA_SCREENSHOT_DIR")
    too_wide, shifting = {}, {}
    page.context.add_init_script(LAYOUT_SHIFT)

    def visit(name: str) -> None:
        page.wait_for_load_state("load")
        page.evaluate(NEXT_FRAMES)
        shift = page.evaluate("() => window.__layoutShift || 0")
        if shift >= MAX_LAYOUT_SHIFT:
            shifting[name] = round(shift, 3)
        if shots:
            page.set_viewport_size(DESKTOP)
            page.screenshot(path=str(Path(shots) / f"{name}-1280.png"), full_page=True)
        page.set_viewport_size(PHONE)
        page.evaluate(NEXT_FRAMES)  # let charts and layouts follow the new width
        width = page.evaluate(SCROLL_WIDTH)
        if width > PHONE["width"]:
            too_wide[name] = (width, page.evaluate(STICKING_OUT, PHONE["width"]))
        if shots:
            page.screenshot(path=str(Path(shots) / f"{name}-390.png"), full_page=True)

    page.set_viewport_size(PHONE)
    walk(page, demo, visit)
    assert not shifting, f"layout shift of {MAX_LAYOUT_SHIFT} or more: {shifting}"
    assert not too_wide, "wider than 390 px:\n" + "\n".join(
        f"{name}: {width} px, {elements}"
        for name, (width, elements) in too_wide.items()
    )


AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(" ")).slice(0, 3), count: v.nodes.length,
  }));
}"""


def test_axe_finds_no_critical_or_serious_violation(page, demo):
    """axe-core's rules on every page, at desktop and phone widths."""
    source = AXE_SOURCE.read_text(encoding="utf-8")
    found = []

    def visit(name: str) -> None:
        page.wait_for_load_state("load")
        for size in (DESKTOP, PHONE):
            page.set_viewport_size(size)
            page.evaluate(NEXT_FRAMES)
            # Evaluated through the DevTools protocol, so the page's CSP allows it.
            page.evaluate(source)
            for violation in page.evaluate(AXE_RUN):
                found.append({"page": name, "width": size["width"], **violation})

    walk(page, demo, visit)
    report = os.environ.get("VIVA_AXE_REPORT")
    if report:
        Path(report).write_text(json.dumps(found, indent=1), encoding="utf-8")
    blocking = [v for v in found if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, "axe found:\n" + "\n".join(
        f"{v['page']} @{v['width']}: {v['impact']} {v['id']} x{v['count']} "
        f"({v['help']}) {v['targets']}"
        for v in blocking
    )
