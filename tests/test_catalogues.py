"""The Dutch catalogues are complete: no untranslated or fuzzy entry, no msgid missing.

makemessages runs on a temporary copy of each source tree, so the test sees what the code
asks for today without touching the committed catalogues. The extension has two Dutch
catalogues, formal (“u”, `nl`) and informal (“je”, `nl_X-informal`); each must be complete and
keep to its form of address.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = {
    "cms_events": ROOT / "cms_events" / "locale" / "nl" / "LC_MESSAGES" / "django.po",
    "cms_events informal": (
        ROOT / "cms_events" / "locale" / "nl_X-informal" / "LC_MESSAGES" / "django.po"
    ),
    "site": ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po",
}
LOCALES = {"cms_events": "nl", "cms_events informal": "nl_X-informal", "site": "nl"}
SITE_SOURCES = ["home", "templates", "config", "manage.py"]

FORMAL = re.compile(r"\b(u|uw)\b", re.IGNORECASE)
INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jullie)\b", re.IGNORECASE)


def keys(po):
    return {(entry.msgctxt, entry.msgid) for entry in po if not entry.obsolete}


def texts(entry):
    return [entry.msgstr, *entry.msgstr_plural.values()]


def names_the_pronoun(entry):
    """The choice of the form of address itself names both pronouns (“‘u’ (formeel)”)."""
    return "“u”" in entry.msgid or "“je”" in entry.msgid


def extract(tmp_path, name):
    """Copy the sources and their catalogue, run makemessages there, return the new .po."""
    work = tmp_path / name.replace(" ", "-")
    locale = LOCALES[name]
    if name.startswith("cms_events"):
        shutil.copytree(ROOT / "cms_events", work / "cms_events")
        cwd = work / "cms_events"
    else:
        work.mkdir()
        for source in SITE_SOURCES:
            path = ROOT / source
            target = work / source
            shutil.copytree(path, target) if path.is_dir() else shutil.copy(path, target)
        shutil.copytree(ROOT / "locale", work / "locale")
        cwd = work
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", locale, "--no-obsolete"],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "PYTHONPATH": str(ROOT),
            "PATH": "/usr/bin:/bin",
        },
    )
    return polib.pofile(str(cwd / "locale" / locale / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("name", CATALOGUES)
def test_committed_catalogue_has_no_untranslated_or_fuzzy_entries(name):
    po = polib.pofile(str(CATALOGUES[name]))
    missing = [entry.msgid for entry in po if not entry.translated() and not entry.obsolete]
    fuzzy = [entry.msgid for entry in po if "fuzzy" in entry.flags]
    assert missing == [] and fuzzy == [], (missing, fuzzy)


@pytest.mark.parametrize("name", CATALOGUES)
def test_every_msgid_in_the_code_is_in_the_committed_catalogue(tmp_path, name):
    fresh = extract(tmp_path, name)
    committed = polib.pofile(str(CATALOGUES[name]))
    assert keys(fresh) - keys(committed) == set()


def test_formal_and_informal_catalogues_have_the_same_messages():
    formal = polib.pofile(str(CATALOGUES["cms_events"]))
    informal = polib.pofile(str(CATALOGUES["cms_events informal"]))
    assert keys(formal) == keys(informal)


@pytest.mark.parametrize(
    ("name", "other_form"),
    [("cms_events", INFORMAL), ("cms_events informal", FORMAL), ("site", FORMAL)],
)
def test_each_catalogue_keeps_to_its_form_of_address(name, other_form):
    """The formal catalogue never says “je”, the informal one never “u”; the site's own texts
    have no informal variant, so they address nobody directly."""
    po = polib.pofile(str(CATALOGUES[name]))
    wrong = [
        text
        for entry in po
        if not entry.obsolete and not names_the_pronoun(entry)
        for text in texts(entry)
        if other_form.search(text)
    ]
    assert wrong == []


def test_the_informal_catalogue_differs_exactly_where_the_formal_one_says_u():
    formal = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(CATALOGUES["cms_events"]))}
    informal = polib.pofile(str(CATALOGUES["cms_events informal"]))
    for entry in informal:
        if entry.obsolete or names_the_pronoun(entry):
            continue
        source = formal[(entry.msgctxt, entry.msgid)]
        says_u = any(FORMAL.search(text) for text in texts(source))
        assert (texts(entry) != texts(source)) == says_u, entry.msgid
