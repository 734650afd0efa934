"""Steps an editor takes in the Wagtail admin, shared by the browser tests."""

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError


def log_in(page: Page, base_url: str, username="admin", password="password"):
    page.goto(base_url + "/admin/login/")
    page.locator("input[name='username']").fill(username)
    page.locator("input[name='password']").fill(password)
    page.locator("form button[type='submit']").click()
    page.wait_for_url(base_url + "/admin/")


def fill_datetime(page: Page, name: str, value: str):
    """Type into one of Wagtail's date-time inputs and close its picker."""
    field = page.locator(f"input[name='{name}']")
    field.fill(value)
    field.press("Escape")


def add_program_block(page: Page, label: str):
    """Append a block to the program StreamField; return its index."""
    program = page.locator("[data-contentpath=program]")
    index = int(program.locator("input[name='program-count']").input_value())
    program.locator("button.c-sf-add-button[title='Blok invoegen']").last.click()
    page.get_by_role("option", name=label).click()
    page.locator(f"input[name='program-{index}-type']").wait_for(state="attached")
    return index


def wait_for_autosaved_page(page: Page):
    """Wait until Wagtail's autosave has created the new page being edited.

    Wagtail 8 autosaves a new page in the background after 0.5 s of quiet, then moves the form
    to the page's edit URL and refreshes parts of the editor. A click during that refresh can
    be lost, and publishing while the request is in flight makes Wagtail create the page twice
    (slug clash, 500). Editors wait for it without noticing; tests must wait explicitly.
    """
    if "/add/" in page.url:
        # The autosave changes the address with history.replaceState: no navigation event.
        page.wait_for_function(
            "/\\/admin\\/pages\\/\\d+\\/edit\\//.test(location.pathname)", timeout=15_000
        )
        page.wait_for_load_state("networkidle")


def click_until_shown(page: Page, button, target, attempts=3):
    """Click `button` until `target` appears, as an editor clicks again when nothing happened.

    When Wagtail's autosave has just created the page, it refreshes parts of the editor and a
    click in that moment is lost.
    """
    for attempt in range(attempts):
        page.wait_for_load_state("networkidle")
        button.click()
        try:
            target.wait_for(state="attached", timeout=5_000)
            return
        except PlaywrightTimeoutError:
            if attempt == attempts - 1:
                raise


def publish(page: Page):
    """Open the action menu of the page editor and publish; fail with the editor's errors."""
    page.wait_for_timeout(1000)
    wait_for_autosaved_page(page)
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Meer acties").click()
    with page.expect_navigation():
        page.locator("button[name='action-publish']").click()
    if "/edit/" in page.url or "/add/" in page.url:
        found = page.locator(".error-message, .w-field__errors, .messages .error").all_inner_texts()
        values = page.locator("[data-contentpath=program] input[type=text]").evaluate_all(
            "els => els.map(e => e.name + '=' + e.value)"
        )
        raise AssertionError(f"not published: {[e.strip() for e in found if e.strip()]} {values}")
