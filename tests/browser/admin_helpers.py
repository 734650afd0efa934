"""Steps an editor takes in the Wagtail admin, shared by the browser tests."""

import re

from playwright.sync_api import Page


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


def publish(page: Page):
    """Open the action menu of the page editor and publish; fail with the editor's errors."""
    # Wagtail 8 autosaves a new page in the background after 0.5 s of quiet; publishing
    # while that request is in flight makes Wagtail create the page twice (slug clash, 500).
    # Once the autosave has created the page, the form posts to its edit URL: wait for that.
    page.wait_for_timeout(1000)
    if "/add/" in page.url:
        page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"), timeout=15_000)
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
