"""Accounts and security in Chromium: Google sign-in against the local fake provider,
connecting Google to a password account, resetting a password from the emailed link,
confirming an email address, and the admin pages.

The server runs with Google sign-in pointed at tests/fakes/oidc_provider.py and prints
emails to its log (console backend), where the tests read the links.
"""

import re
from uuid import uuid4

import pytest

from app import create_app
from app.extensions import db
from tests import factories
from tests.fakes.oidc_provider import FakeOIDCProvider
from tests.support.live_server import LiveServer
from tests.support.mailbox import console_link

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips or fails these tests, saying why
    expect = None

PASSWORD = factories.DEFAULT_PASSWORD
NEW_PASSWORD = "Daybreak2027ok"


@pytest.fixture(scope="module")
def google():
    with FakeOIDCProvider() as provider:
        yield provider


@pytest.fixture(scope="module")
def live_server(app, google, tmp_path_factory):
    server = LiveServer(
        tmp_path_factory.mktemp("accounts-server"), overrides=google.app_config()
    ).start()
    yield server
    server.stop()


def seed_user(server, **fields) -> str:
    """A user in the server's database (an account made earlier); returns its email."""
    seeding = create_app("testing", SQLALCHEMY_DATABASE_URI=server.database_url)
    with seeding.app_context():
        email = factories.make_user(**fields).email
        db.engine.dispose()
    return email


def person(name: str) -> dict:
    suffix = uuid4().hex[:8]
    return {
        "email": f"{name}.{suffix}@example.com",
        "username": f"{name}-{suffix}",
        "full_name": f"{name.capitalize()} Tester",
    }


def flash(page, text: str):
    return page.locator(".flash", has_text=text)


def header(page):
    return page.get_by_role("banner")


def user_name(page):
    return header(page).locator(".site-nav__user-name")


def log_out(page) -> None:
    header(page).get_by_role("button", name="Log out").click()
    expect(flash(page, "You have been logged out.")).to_be_visible()


def log_in(page, email: str, password: str) -> None:
    page.goto("/login")
    main = page.get_by_role("main")
    main.get_by_label("Email").fill(email)
    main.get_by_label("Password").fill(password)
    main.get_by_role("button", name="Log in").click()


def continue_with_google(page) -> None:
    page.goto("/login")
    page.get_by_role("link", name="Continue with Google").click()


def test_sign_up_and_back_in_with_google(page, screenshot, google):
    suffix = uuid4().hex[:8]
    email = f"gina.{suffix}@example.com"
    google.sign_in_as(sub=f"g-{suffix}", email=email, name="Gina Google")
    page.goto("/login")
    expect(page.get_by_role("link", name="Continue with Google")).to_be_visible()
    screenshot(page, "01-login-with-google")

    page.get_by_role("link", name="Continue with Google").click()
    expect(page).to_have_url(re.compile(r"/portal$"))
    expect(flash(page, "Welcome to Viva, Gina Google!")).to_be_visible()
    expect(user_name(page)).to_have_text("Gina Google")
    # Google vouched for the address: no "confirm your email" banner.
    banner = page.get_by_role("region", name="Confirm your email address")
    expect(banner).to_have_count(0)
    screenshot(page, "02-portal-after-google")

    page.goto("/profile")
    expect(page.get_by_role("heading", name="Set a password")).to_be_visible()
    expect(page.get_by_label("Current password")).to_have_count(0)
    expect(page.locator("#google-title + p")).to_contain_text("Connected")
    screenshot(page, "03-profile-google-only")

    log_out(page)
    continue_with_google(page)
    expect(page).to_have_url(re.compile(r"/portal$"))
    expect(user_name(page)).to_have_text("Gina Google")


def test_a_google_email_collision_is_refused_until_linked(
    page, screenshot, google, live_server
):
    paula = person("paula")
    email = seed_user(live_server, **paula)
    google.sign_in_as(sub=f"g-{paula['username']}", email=email, name="Paula G")

    continue_with_google(page)
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.locator(".flash--error")).to_contain_text(
        f"An account with {email} already exists."
    )
    expect(header(page).get_by_role("link", name="Log in")).to_be_visible()
    screenshot(page, "01-collision-refused")

    log_in(page, email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/portal$"))
    page.goto("/profile")
    screenshot(page, "02-profile-connect-google")
    page.get_by_role("link", name="Connect Google").click()
    expect(page).to_have_url(re.compile(r"/profile$"))
    expect(flash(page, f"Google ({email}) is connected")).to_be_visible()
    expect(page.get_by_role("button", name="Disconnect Google")).to_be_visible()
    screenshot(page, "03-google-connected")

    log_out(page)
    continue_with_google(page)
    expect(page).to_have_url(re.compile(r"/portal$"))
    expect(user_name(page)).to_have_text(paula["full_name"])


def test_reset_a_password_from_the_emailed_link(page, screenshot, live_server):
    rhea = person("rhea")
    email = seed_user(live_server, **rhea)
    page.goto("/login")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page).to_have_url(re.compile(r"/forgot-password$"))
    screenshot(page, "01-forgot-password")
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(page.get_by_role("status")).to_contain_text(
        f"If an account exists for {email}"
    )
    screenshot(page, "02-check-your-email")

    link = console_link(live_server.log(), email, "/reset-password/")
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    page.get_by_role("textbox", name="New password").fill("weak")
    page.get_by_role("button", name="Set my new password").click()
    expect(page.locator(".field__error")).to_contain_text("Use at least 8 characters.")
    screenshot(page, "03-reset-form-error")
    page.get_by_role("textbox", name="New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set my new password").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(flash(page, "Your password has been reset")).to_be_visible()
    screenshot(page, "04-reset-done")

    log_in(page, email, PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("Invalid email or password.")
    log_in(page, email, NEW_PASSWORD)
    expect(page).to_have_url(re.compile(r"/portal$"))
    expect(user_name(page)).to_have_text(rhea["full_name"])

    page.goto(link)  # the link worked once
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This link no longer works"
    )
    screenshot(page, "05-link-used")


def test_a_new_recruiter_confirms_the_email_before_inviting(
    page, screenshot, live_server
):
    vic = person("vic")
    page.goto("/register")
    page.get_by_label("Full name").fill(vic["full_name"])
    page.get_by_label("Work email").fill(vic["email"])
    page.get_by_label("Username").fill(vic["username"])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/portal$"))
    banner = page.get_by_role("region", name="Confirm your email address")
    expect(banner).to_contain_text(vic["email"])
    screenshot(page, "01-banner")

    page.goto("/profile")
    expect(page.locator("#email-title ~ p .badge")).to_have_text("Not confirmed")
    screenshot(page, "02-profile-unconfirmed")

    page.goto(console_link(live_server.log(), vic["email"], "/verify-email/"))
    expect(flash(page, f"Thank you: {vic['email']} is confirmed.")).to_be_visible()
    expect(banner).to_have_count(0)
    page.goto("/profile")
    expect(page.locator("#email-title ~ p .badge")).to_have_text("Confirmed")
    screenshot(page, "03-profile-confirmed")


def test_an_admin_manages_users_and_reads_the_audit_log(page, screenshot, live_server):
    boss = person("boss")
    seed_user(live_server, role="admin", **boss)
    worker = person("worker")
    seed_user(live_server, **worker)
    log_in(page, boss["email"], PASSWORD)
    header(page).get_by_role("link", name="Admin").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Users")
    page.get_by_label("Search").fill(worker["username"])
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    screenshot(page, "01-users")

    rows.get_by_role("link", name=worker["full_name"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(worker["full_name"])
    screenshot(page, "02-user")
    page.get_by_label("Role").select_option("admin")
    page.get_by_role("button", name="Change role").click()
    expect(flash(page, f"{worker['email']} is now an admin.")).to_be_visible()
    page.get_by_role("button", name="Deactivate").click()
    # The app's own confirmation dialog, not the browser's confirm().
    confirm = page.get_by_role("dialog")
    expect(confirm).to_contain_text("Deactivate")
    screenshot(page, "03-confirm-deactivate")
    confirm.get_by_role("button", name="Deactivate").click()
    expect(flash(page, "is deactivated")).to_be_visible()
    screenshot(page, "03-user-deactivated")

    page.get_by_role("link", name="Delete user…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Delete {worker['full_name']}?"
    )
    screenshot(page, "04-delete-confirmation")
    page.get_by_label(f"Type {worker['email']} to confirm").fill(worker["email"])
    page.get_by_role("button", name="Delete the user and their data").click()
    expect(flash(page, f"{worker['email']} and everything they owned")).to_be_visible()

    page.get_by_role("link", name="Audit log").click()
    page.get_by_label("Actor").fill(boss["email"])
    page.get_by_label("Action").select_option("user.")
    page.get_by_role("button", name="Filter").click()
    actions = page.locator("tbody td:nth-child(2) code")
    expect(actions).to_have_text(
        ["user.deleted", "user.deactivated", "user.role_changed"]
    )
    expect(page.locator("tbody td:nth-child(2)").first).to_contain_text("User deleted")
    screenshot(page, "05-audit-log")


def test_the_csp_blocks_an_injected_inline_script(playwright_browser, live_server):
    """What an XSS would try: inline code, an inline handler, a foreign script."""
    context = playwright_browser.new_context(base_url=live_server.url)
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda m: (
            refused.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )
    page.goto("/login")
    page.evaluate(
        """() => {
            const inline = document.createElement("script");
            inline.textContent = "window.__injected = true";
            document.body.appendChild(inline);
            const img = document.createElement("img");
            img.setAttribute("onerror", "window.__handler = true");
            img.src = "/nowhere.png";
            document.body.appendChild(img);
            const foreign = document.createElement("script");
            foreign.src = "https://evil.example/x.js";
            document.body.appendChild(foreign);
        }"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("() => [window.__injected, window.__handler]") == [None, None]
    assert len(refused) >= 3, refused
    # Viva's own script (app.js, loaded with the nonce) did run.
    assert page.evaluate("() => typeof window.viva") == "object"
    context.close()
