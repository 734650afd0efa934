"""The Dutch catalogues are complete: no untranslated or fuzzy entry, no msgid missing.

makemessages runs on a temporary copy of each source tree, so the test sees what the code
asks for today without touching the committed catalogues.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = {
    "cms_events": ROOT / "cms_events" / "locale" / "nl" / "LC_MESSAGES" / "django.po",
    "site": ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po",
}
SITE_SOURCES = ["home", "templates", "config", "manage.py"]


def keys(po):
    return {(entry.msgctxt, entry.msgid) for entry in po if not entry.obsolete}


def extract(tmp_path, name):
    """Copy the sources and their catalogue, run makemessages there, return the new .po."""
    work = tmp_path / name
    if name == "cms_events":
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
        [sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", "nl", "--no-obsolete"],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "PYTHONPATH": str(ROOT),
            "PATH": "/usr/bin:/bin",
        },
    )
    return polib.pofile(str(cwd / "locale" / "nl" / "LC_MESSAGES" / "django.po"))


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
