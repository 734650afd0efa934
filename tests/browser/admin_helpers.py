"""Steps an editor takes in the Wagtail admin, shared by the browser tests.

Every test that changes content through the admin ends its steps with `check_public_pages()` on
the pages the change touches: valid HTML and no axe violations after each editor action, not
only on the demo as loaded.
"""

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.quality import assert_no_axe_violations, assert_valid_html


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


def open_editor(page: Page, url: str):
    """Open a page editor and wait until it watches for changes, before typing in it.

    Wagtail's unsaved-changes controller takes its snapshot of the form 2 s after loading; what
    is typed before counts as the starting point, so autosave never starts and publishing
    waits for it in vain. An editor never types that fast.
    """
    page.goto(url)
    page.wait_for_function(
        """() => {
            const form = document.querySelector('[data-controller~="w-unsaved"]');
            const app = window.wagtail && window.wagtail.app;
            const unsaved =
                form && app && app.getControllerForElementAndIdentifier(form, "w-unsaved");
            return Boolean(unsaved && unsaved.initialFormData);
        }"""
    )


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


def open_status_form(page: Page, server_url: str, index, title: str):
    """Open “Status wijzigen” from the event's row in the page listing, as editors do."""
    page.goto(f"{server_url}/admin/pages/{index.pk}/")
    row = page.locator("tr", has=page.get_by_role("link", name=title, exact=True))
    row.get_by_role("button", name=f"Meer opties voor '{title}'").click()
    page.get_by_role("link", name="Status wijzigen").click()


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


def check_public_pages(page: Page, *urls: str):
    """After an editor action: open each URL as a visitor, check it with axe, and all of them
    with one run of the Nu checker (it starts a Java VM each time). Return {url: HTML}.

    The visitor has a browser context of their own: no admin session, so each page is the one
    every visitor gets (no Wagtail user bar, cacheable).
    """
    context = page.context.browser.new_context(
        locale="nl-NL", timezone_id="Europe/Amsterdam", viewport={"width": 1280, "height": 900}
    )
    documents = {}
    try:
        visitor = context.new_page()
        for url in urls:
            response = visitor.goto(url)
            assert response.status == 200, url
            documents[url] = response.text()
            assert_no_axe_violations(visitor)
    finally:
        context.close()
    assert_valid_html(documents)
    return documents
