"""A recruiter's account end to end in Chromium: register, log in and out, profile."""

import re
from dataclasses import dataclass
from uuid import uuid4

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips or fails these tests, saying why
    expect = None

PASSWORD = "Sunrise2026ok"
NEW_PASSWORD = "Moonrise2027ok"


@dataclass
class Account:
    full_name: str
    email: str
    username: str
    password: str = PASSWORD


def field_error(page, name: str):
    """The `.field__error` element of the form field whose input is named `name`."""
    return page.locator(f".field:has([name='{name}']) .field__error")


def flash(page, text: str):
    return page.locator(".flash", has_text=text)


def header(page):
    return page.get_by_role("banner")


def log_out(page) -> None:
    header(page).get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(flash(page, "You have been logged out.")).to_be_visible()
    expect(header(page).get_by_role("link", name="Log in")).to_be_visible()
    expect(header(page).get_by_role("button", name="Log out")).to_have_count(0)


def submit_login(page, email: str, password: str) -> None:
    main = page.get_by_role("main")
    main.get_by_label("Email").fill(email)
    main.get_by_label("Password").fill(password)
    main.get_by_role("button", name="Log in").click()


def expect_rejected_login(page, email: str) -> None:
    expect(page).to_have_url(re.compile(r"/login(\?.*)?$"))
    expect(page.get_by_role("alert")).to_contain_text("Invalid email or password.")
    expect(page.get_by_label("Email")).to_have_value(email)
    expect(page.get_by_label("Password")).to_have_value("")


def expect_portal(page, account: Account) -> None:
    expect(page).to_have_url(re.compile(r"/portal$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    expect(header(page).locator(".site-nav__user-name")).to_have_text(account.full_name)


def register_after_fixing_mistakes(page, screenshot, account: Account) -> None:
    page.goto("/register")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Create your recruiter account"
    )
    screenshot(page, "01-register")

    bad_email = account.email.replace("@", " at ")
    page.get_by_label("Full name").fill(account.full_name)
    page.get_by_label("Work email").fill(bad_email)
    page.get_by_label("Username").fill(account.username)
    page.get_by_label("Password").fill("weak")
    page.get_by_role("button", name="Create account").click()

    expect(page).to_have_url(re.compile(r"/register$"))
    expect(field_error(page, "email")).to_have_text("Enter a valid email address.")
    password_error = field_error(page, "password")
    expect(password_error).to_contain_text("Use at least 8 characters.")
    expect(password_error).to_contain_text("Include at least one upper-case letter.")
    expect(password_error).to_contain_text("Include at least one digit.")
    expect(field_error(page, "full_name")).to_have_count(0)
    expect(page.get_by_role("alert")).to_contain_text(
        "Please correct the fields marked below:"
    )
    expect(page.get_by_label("Full name")).to_have_value(account.full_name)
    expect(page.get_by_label("Work email")).to_have_value(bad_email)
    expect(page.get_by_label("Username")).to_have_value(account.username)
    expect(page.get_by_label("Password")).to_have_value("")
    screenshot(page, "02-register-errors")

    page.get_by_label("Work email").fill(account.email)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Create account").click()

    expect_portal(page, account)
    expect(flash(page, f"Welcome to Viva, {account.full_name}!")).to_be_visible()
    empty_home = page.get_by_role("heading", name="Nothing needs you right now")
    expect(empty_home).to_be_visible()
    screenshot(page, "03-portal-empty")


def log_in_after_a_wrong_password(page, screenshot, account: Account) -> None:
    header(page).get_by_role("link", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to Viva")

    submit_login(page, account.email, account.password + "-wrong")
    expect_rejected_login(page, account.email)
    screenshot(page, "05-login-wrong-password")

    page.get_by_label("Password").fill(account.password)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect_portal(page, account)


def rename(page, screenshot, account: Account, new_full_name: str) -> None:
    header(page).get_by_role("link", name=account.full_name, exact=True).click()
    expect(page).to_have_url(re.compile(r"/profile$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    expect(page.get_by_role("main")).to_contain_text(f"{account.email} · Recruiter")
    expect(page.get_by_label("Full name")).to_have_value(account.full_name)
    expect(page.get_by_label("Username")).to_have_value(account.username)
    screenshot(page, "06-profile")

    page.get_by_label("Full name").fill(new_full_name)
    page.get_by_role("button", name="Save profile").click()
    expect(flash(page, "Your profile has been saved.")).to_be_visible()

    page.reload()
    expect(page).to_have_url(re.compile(r"/profile$"))
    expect(page.get_by_label("Full name")).to_have_value(new_full_name)
    expect(header(page).locator(".site-nav__user-name")).to_have_text(new_full_name)
    account.full_name = new_full_name
    screenshot(page, "07-profile-renamed")


def change_password(page, screenshot, account: Account, new_password: str) -> None:
    page.get_by_label("Current password").fill(account.password + "-wrong")
    page.get_by_label("New password").fill(new_password)
    page.get_by_role("button", name="Change password").click()
    expect(field_error(page, "current_password")).to_have_text(
        "Your current password is not correct."
    )
    screenshot(page, "08-password-wrong-current")

    page.get_by_label("Current password").fill(account.password)
    page.get_by_label("New password").fill(new_password)
    page.get_by_role("button", name="Change password").click()
    expect(page).to_have_url(re.compile(r"/profile$"))
    expect(flash(page, "Your password has been changed.")).to_be_visible()
    expect(header(page).locator(".site-nav__user-name")).to_have_text(account.full_name)
    screenshot(page, "09-password-changed")
    old_password, account.password = account.password, new_password

    log_out(page)
    header(page).get_by_role("link", name="Log in").click()
    submit_login(page, account.email, old_password)
    expect_rejected_login(page, account.email)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect_portal(page, account)


def test_recruiter_registers_edits_profile_changes_password_and_logs_out(
    page, screenshot
):
    suffix = uuid4().hex[:8]
    account = Account(
        full_name="Nadia Novak",
        email=f"nadia.{suffix}@example.com",
        username=f"nadia-{suffix}",
    )

    register_after_fixing_mistakes(page, screenshot, account)

    log_out(page)
    screenshot(page, "04-logged-out")

    log_in_after_a_wrong_password(page, screenshot, account)
    rename(page, screenshot, account, "Nadia Novak-Reyes")
    change_password(page, screenshot, account, NEW_PASSWORD)

    log_out(page)
    page.goto("/portal")
    expect(page).to_have_url(re.compile(r"/login\?next=(%2F|/)portal$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to Viva")
    expect(flash(page, "Please log in to continue.")).to_be_visible()
    screenshot(page, "10-portal-redirects-to-login")

    # The login remembers where the recruiter was going.
    submit_login(page, account.email, account.password)
    expect_portal(page, account)
