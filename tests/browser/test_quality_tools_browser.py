"""axe-core in Chromium finds real accessibility errors, and none on an accessible page."""

from tests.quality import axe_violations

ACCESSIBLE = """<!DOCTYPE html><html lang="nl"><head><title>Goed</title></head><body>
<main><h1>Goed</h1><img src="data:," alt="Logo"><label for="n">Naam</label><input id="n"></main>
</body></html>"""
INACCESSIBLE = """<!DOCTYPE html><html lang="nl"><head><title>Fout</title></head><body>
<main><h1>Fout</h1><img src="data:,"><input id="n"></main></body></html>"""


def test_axe_reports_missing_alt_and_label_but_passes_accessible_page(page):
    page.set_content(ACCESSIBLE)
    assert axe_violations(page) == []
    page.set_content(INACCESSIBLE)
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"image-alt", "label"} <= found
