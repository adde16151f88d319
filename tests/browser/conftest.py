"""Fixtures for browser tests: Chromium through Playwright, a live server, screenshots.

Availability policy, from VIVA_BROWSER_TESTS:
- unset or "auto": without Chromium or the playwright package these tests are skipped,
  with the reason shown in the summary;
- "required" (CI): the same situation fails them, so a broken image never passes green.
VIVA_CHROMIUM_PATH overrides where Chromium is looked for (default /usr/bin/chromium).

Playwright is imported only inside fixtures, so collection works without it installed.
"""

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

from tests.support.live_server import LiveServer

BROWSER_DIR = Path(__file__).resolve().parent
CHROMIUM_PATH = os.environ.get("VIVA_CHROMIUM_PATH") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1280, "height": 800}
POLICIES = ("auto", "required")
LOG_TAIL_LINES = 200


def browser_policy() -> str:
    """The VIVA_BROWSER_TESTS policy: "auto" (skip when unavailable) or "required"."""
    policy = (os.environ.get("VIVA_BROWSER_TESTS") or "auto").strip().lower()
    if policy not in POLICIES:
        raise pytest.UsageError(
            f"VIVA_BROWSER_TESTS={policy!r} is not one of {', '.join(POLICIES)}"
        )
    return policy


def browser_unavailable_reason() -> str | None:
    """Why Chromium cannot be driven here, or None when it can."""
    if not os.access(CHROMIUM_PATH, os.X_OK):
        return f"Chromium not found at {CHROMIUM_PATH} (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install -r requirements-dev.txt)"
    return None


def _in_browser_dir(item: pytest.Item) -> bool:
    return BROWSER_DIR in Path(item.path).resolve().parents


def pytest_collection_modifyitems(config, items):
    """Mark every test in tests/browser `browser`; skip them when Chromium is missing.

    This hook sees the whole session's items, so it touches only those in this folder.
    Under the "required" policy nothing is skipped: `_browser_available` fails them.
    """
    browser_items = [item for item in items if _in_browser_dir(item)]
    if not browser_items:
        return
    policy = browser_policy()
    reason = browser_unavailable_reason()
    skip = reason is not None and policy == "auto"
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
        if "live_server" in item.fixturenames:
            item.add_marker(pytest.mark.live_server)
        if skip:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session", autouse=True)
def _browser_available():
    """Fail (policy "required") or skip browser tests before any server starts."""
    reason = browser_unavailable_reason()
    if reason is not None:
        if browser_policy() == "required":
            pytest.fail(f"VIVA_BROWSER_TESTS=required: {reason}", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright_browser(_browser_available):
    """One headless Chromium for the session."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS
        )
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture(scope="module")
def live_server(app, tmp_path_factory):
    """A Viva server process for this module, on the suite's database.

    Depends on `app` so the in-process app has (re)created the schema before the server
    starts using the same database (PostgreSQL mode).
    """
    server = LiveServer(tmp_path_factory.mktemp("live-server")).start()
    yield server
    server.stop()


@pytest.fixture
def page(request, playwright_browser, live_server):
    """A fresh browser context (no cookies) per test; relative URLs hit the live server.

    Console errors and warnings are kept on the test item and shown when the test fails;
    an uncaught exception in a page's script, or anything the Content-Security-Policy
    blocked, fails the test at teardown.
    """
    problems = request.node.browser_console_problems = []

    def on_console(message):
        if message.type in ("error", "warning"):
            problems.append(f"console {message.type}: {message.text}")

    context = playwright_browser.new_context(
        viewport=VIEWPORT, base_url=live_server.url
    )
    browser_page = context.new_page()
    browser_page.on("console", on_console)
    browser_page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    yield browser_page
    context.close()
    uncaught = [problem for problem in problems if problem.startswith("uncaught")]
    if uncaught:
        pytest.fail("a page script raised:\n" + "\n".join(uncaught), pytrace=False)
    # The Content-Security-Policy must never block anything a page of ours needs.
    blocked = [problem for problem in problems if "Content Security Policy" in problem]
    if blocked:
        pytest.fail("the CSP blocked something:\n" + "\n".join(blocked), pytrace=False)


@pytest.fixture
def screenshot(request, tmp_path):
    """Return take(page, name), which saves a full-page PNG as tmp_path/<name>.png.

    take() returns the path. When VIVA_SCREENSHOT_DIR is set, each PNG is also copied
    there as <test>-<name>.png.
    """
    copy_dir = os.environ.get("VIVA_SCREENSHOT_DIR")

    def take(browser_page, name: str) -> Path:
        path = tmp_path / f"{name}.png"
        browser_page.screenshot(path=str(path), full_page=True)
        if copy_dir:
            target = Path(copy_dir)
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / f"{request.node.name}-{name}.png")
        return path

    return take


def _tail(text: str, lines: int = LOG_TAIL_LINES) -> str:
    return "\n".join(text.splitlines()[-lines:])


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On failure, attach the server log, page URL, console output and a screenshot."""
    outcome = yield
    report = outcome.get_result()
    if not report.failed or report.when not in ("setup", "call"):
        return
    server = item.funcargs.get("live_server")
    if server is not None:
        report.sections.append(("live server log (tail)", _tail(server.log())))
    browser_page = item.funcargs.get("page")
    if browser_page is None or browser_page.is_closed():
        return
    details = [f"url: {browser_page.url}"]
    details += getattr(item, "browser_console_problems", [])
    tmp_path = item.funcargs.get("tmp_path")
    if tmp_path is not None:
        try:
            shot = tmp_path / "failure.png"
            browser_page.screenshot(path=str(shot), full_page=True)
            details.append(f"screenshot: {shot}")
        except Exception as exc:  # a broken page must not hide the original failure
            details.append(f"screenshot failed: {exc}")
    report.sections.append(("browser", "\n".join(details)))
