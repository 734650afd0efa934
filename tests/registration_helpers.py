"""Helpers for registration tests: fill in an event's form as a browser would post it."""

from bs4 import BeautifulSoup


def form_data(client, event, **answers):
    """GET the event page and return its registration form's data with `answers` filled in."""
    soup = BeautifulSoup(client.get(event.url).content, "html.parser")
    form = soup.select_one("form.registration-form")
    assert form is not None, "the page shows no registration form"
    data = {i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}
    data.update(
        {"registrant_name": "Jan Jansen", "registrant_email": "jan@example.org", "consent": "on"}
    )
    data.update(answers)
    return {key: value for key, value in data.items() if value is not None}


def register_via_page(client, event, **answers):
    """Post the form; return the response."""
    return client.post(event.url, form_data(client, event, **answers))


def errors(response):
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select_one(".error-summary")
    return [li.get_text(" ", strip=True) for li in summary.select("li")] if summary else []
