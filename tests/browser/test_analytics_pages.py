"""Analytics in Chromium: from the nav link to an interview's charts and insights.

The known data set (tests/support/analytics_data.py) is written straight into the live
server's database, evaluations included, as the evaluator would leave them. Every chart
must have drawn on its canvas, and its numbers must be in the table beside it.
"""

import re
from uuid import uuid4

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from app.auth.passwords import hash_password
from app.models import User
from tests.support import analytics_data

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips or fails these tests, saying why
    expect = None

PASSWORD = "Sunrise2026ok"
# How many canvas pixels are not transparent: a drawn chart has thousands.
PAINTED_PIXELS = """canvas => {
  const context = canvas.getContext("2d");
  const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) painted += 1; }
  return painted;
}"""


@pytest.fixture
def seeded(live_server):
    """Rita (who logs in) with the data set, and Oscar's data she must not see."""
    suffix = uuid4().hex[:8]
    engine = create_engine(live_server.database_url)
    try:
        with Session(engine) as session:
            users = [
                User(
                    email=f"{name}.{suffix}@example.com",
                    username=f"{name}-{suffix}",
                    full_name=f"{name.capitalize()} Tester",
                    password_hash=hash_password(PASSWORD),
                    role="recruiter",
                )
                for name in ("rita", "oscar")
            ]
            session.add_all(users)
            session.flush()
            ids = analytics_data.seed(*users, session=session)
            ids["email"] = users[0].email
    finally:
        engine.dispose()
    return ids


# Tables that need a horizontal scrollbar at the test's 1280 px wide window.
OVERFLOWING = """() => Array.from(document.querySelectorAll(".table-wrap"))
  .filter(wrap => wrap.scrollWidth > wrap.clientWidth + 1)
  .map(wrap => wrap.textContent.trim().slice(0, 60))"""


def log_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/portal$"))


def expect_charts_drawn(page, names: list[str]) -> None:
    """Each named chart's canvas was drawn by Chart.js and has paint on it."""
    for name in names:
        canvas = page.locator(f'canvas[data-chart="{name}"]')
        expect(canvas).to_have_attribute("data-chart-drawn", "true")
        painted = canvas.evaluate(PAINTED_PIXELS)
        assert painted > 500, f"chart {name!r} looks empty ({painted} pixels)"
    assert page.evaluate(OVERFLOWING) == []


def row(page, table_heading: str, label: str):
    card = page.locator(".an-card", has=page.get_by_role("heading", name=table_heading))
    numbers = card.locator("details.an-numbers")
    if numbers.count() and numbers.get_attribute("open") is None:
        numbers.locator("summary").click()  # the table is folded under its chart
    return card.get_by_role("row").filter(has=page.get_by_role("rowheader", name=label))


SUMMARY_CHARTS = ["funnel", "scores", "competencies", "recommendations"]


def test_analytics_from_the_nav_to_an_interview(page, screenshot, seeded):
    log_in(page, seeded["email"])
    page.get_by_role("banner").get_by_role("link", name="Analytics").click()
    expect(page).to_have_url(re.compile(r"/portal/analytics$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Analytics")
    expect_charts_drawn(page, [*SUMMARY_CHARTS, "breakdown"])
    expect(row(page, "Funnel", "Invited")).to_contain_text("16")
    expect(row(page, "Candidates per product", "Acme")).to_contain_text("13")
    expect(page.get_by_text("Zeta")).to_have_count(0)
    screenshot(page, "01-overview")

    page.get_by_role("link", name="Acme", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Acme")
    expect_charts_drawn(page, [*SUMMARY_CHARTS, "breakdown"])
    expect(row(page, "Funnel", "Completed")).to_contain_text("38.5%")
    screenshot(page, "02-product")

    page.get_by_role("link", name="Interview A").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Interview A")
    expect_charts_drawn(page, [*SUMMARY_CHARTS, "questions", "stopped"])
    expect(row(page, "Funnel", "Completed")).to_contain_text("36.4%")
    expect(row(page, "Averages per competency", "Accuracy")).to_contain_text("7.23")
    expect(row(page, "Where candidates stopped", "Q2")).to_contain_text("1")
    expect(page.locator(".an-tile", has_text="Median duration")).to_contain_text(
        "27 min 30 s"
    )
    screenshot(page, "03-interview")

    # The date range: a preset keeps everyone (invited today), an empty range says so.
    page.get_by_role("link", name="Last 7 days").click()
    expect(page.get_by_role("link", name="Last 7 days")).to_have_attribute(
        "aria-current", "page"
    )
    expect(row(page, "Funnel", "Invited")).to_contain_text("11")
    page.get_by_label("From", exact=True).fill("2020-01-01")
    page.get_by_label("To", exact=True).fill("2020-01-31")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("No candidates invited in these days")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 800})
    screenshot(page, "03b-empty-range-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("link", name="Show all time").click()
    expect_charts_drawn(page, [*SUMMARY_CHARTS, "questions", "stopped"])

    insights = page.locator("#insights")
    insights.get_by_role("button", name="Generate insights").click()
    expect(page.locator(".flash", has_text="Insights updated: 5")).to_be_visible()
    expect(insights.locator("li")).to_have_count(5)
    expect(insights).to_contain_text("Strongest area across candidates: Accuracy")
    expect(insights.get_by_role("button", name="Refresh insights")).to_be_visible()
    expect_charts_drawn(page, ["funnel"])
    screenshot(page, "04-insights")
