"""The page-quality tools themselves: they must catch real errors, or their passes mean nothing."""

from tests.quality import nu_errors

VALID = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Goed</title></head>
<body><main><h1>Goed</h1><p>Tekst.</p></main></body></html>"""
INVALID = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Fout</title></head>
<body><ul><div id="a">x</div></ul><p id="a">dubbel</p></body></html>"""


def test_nu_checker_passes_valid_html_and_reports_invalid_html():
    errors = nu_errors({"valid": VALID, "invalid": INVALID})
    assert [name for name, _, _ in errors if name == "valid"] == []
    messages = [message for name, _, message in errors if name == "invalid"]
    assert any("Duplicate ID" in message for message in messages), messages
    assert any("div" in message for message in messages), messages
