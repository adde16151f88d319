"""Candidates in other languages, in Chromium: a Spanish interview from the welcome page
to the room (an Arabic answer reads right to left; an English answer gets the one
polite notice, in Spanish), and the German pages. Screenshots at 1280 and 390 px."""

from tests.support.scenario import create_interview_with_invite

try:
    from playwright.sync_api import expect
except ImportError:  # conftest skips or fails these tests, saying why
    expect = None

PHONE = {"width": 390, "height": 844}
QUESTIONS = ["¿Cómo diseñarías un limitador de peticiones para una API pública?"]
ARABIC_ANSWER = "سأستخدم دلوًا من الرموز لكل مفتاح، وأعيد الرمز 429 عند تجاوز الحد."
ENGLISH_ANSWER = (
    "I would use a token bucket per API key stored in Redis, and I would return 429 "
    "with a Retry-After header when the bucket is empty, because it is simple."
)


def both_widths(page, screenshot, name: str) -> None:
    """Save the page at 1280 px, then at 390 px with no sideways scrolling."""
    screenshot(page, f"{name}-1280")
    page.set_viewport_size(PHONE)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 390 px"
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 800})


def enter(page, scenario, agree: str, continue_label: str, start: str) -> None:
    page.goto(scenario.link)
    page.get_by_role("checkbox", name=agree).check()
    page.get_by_role("button", name=continue_label).click()
    page.get_by_role("button", name=start).click()
    expect(page.locator("#room-connection")).to_have_attribute("data-state", "ok")


def test_a_spanish_interview_with_right_to_left_and_other_language_answers(
    page, screenshot, live_server
):
    scenario = create_interview_with_invite(
        live_server.url,
        QUESTIONS,
        server_log=live_server.log,
        language="es",
        candidate_name="Marta López",
        persona_name="Lucía",
    )
    page.goto(scenario.link)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Tu entrevista para {scenario.role_title}"
    )
    both_widths(page, screenshot, "welcome-es")
    enter(
        page,
        scenario,
        "Entiendo que mi entrevistador",
        "Continuar",
        "Empezar la entrevista",
    )
    greeting = page.locator("#transcript .turn--interviewer .turn__text").first
    expect(greeting).to_contain_text("Hola Marta, soy Lucía")
    expect(page.locator("#room-connection")).to_have_text("Conectado")
    expect(page.locator("#room-progress")).to_have_text("Pregunta 1 de 1")

    box = page.locator("#answer")
    box.fill(ARABIC_ANSWER)
    assert box.evaluate("el => el.matches(':dir(rtl)')"), "the answer box stays LTR"
    page.get_by_role("button", name="Enviar respuesta").click()
    mine = page.locator("#transcript .turn--candidate .turn__text").last
    expect(mine).to_have_text(ARABIC_ANSWER)
    assert mine.evaluate("el => el.matches(':dir(rtl)')"), "the bubble stays LTR"
    assert mine.evaluate("el => getComputedStyle(el).direction") == "rtl"
    screenshot(page, "room-rtl-1280")
    page.set_viewport_size(PHONE)
    screenshot(page, "room-rtl-390")
    page.set_viewport_size({"width": 1280, "height": 800})
    # Greeting-then-question bubbles read left to right as before.
    assert greeting.evaluate("el => el.matches(':dir(ltr)')")


def test_an_answer_in_english_gets_one_notice_in_spanish(page, screenshot, live_server):
    scenario = create_interview_with_invite(
        live_server.url,
        QUESTIONS + ["¿Qué harías si una consulta es lenta?"],
        server_log=live_server.log,
        language="es",
    )
    enter(
        page,
        scenario,
        "Entiendo que mi entrevistador",
        "Continuar",
        "Empezar la entrevista",
    )
    expect(page.locator("#send")).to_have_text("Enviar respuesta")
    page.locator("#answer").fill(ENGLISH_ANSWER)
    page.locator("#answer").press("Enter")
    notice = page.locator("#language-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Parece que has respondido en inglés.")
    expect(page.locator("#room-progress")).to_have_text("Pregunta 2 de 2")
    both_widths(page, screenshot, "room-es-notice")


def test_the_german_pages(page, screenshot, live_server):
    scenario = create_interview_with_invite(
        live_server.url,
        ["Wie würden Sie eine langsame Datenbankabfrage untersuchen?"],
        server_log=live_server.log,
        language="de",
        persona_name="Alex",
    )
    page.goto(scenario.link)
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", name="So funktioniert's")).to_be_visible()
    both_widths(page, screenshot, "welcome-de")
    enter(
        page,
        scenario,
        "Ich verstehe, dass mein Interviewer",
        "Weiter",
        "Interview starten",
    )
    expect(
        page.locator("#transcript .turn--interviewer .turn__text").first
    ).to_contain_text("Hallo Sam, ich bin Alex")
    expect(page.locator("#answer")).to_have_attribute(
        "placeholder",
        "Geben Sie Ihre Antwort ein… "
        "(Eingabe zum Senden, Umschalt+Eingabe für eine neue Zeile)",
    )
    both_widths(page, screenshot, "room-de")
