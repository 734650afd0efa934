"""What a newcomer following the README's production section relies on: CMS_EVENTS_* settings
from the environment, manage.py that never quietly falls back to development settings on a
production install, a command that sets the site's host for links in mails, and an
environment file only its owner can read."""

import importlib.util
import io
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from wagtail.models import Site

from cms_events.conf import settings_from_environment
from cms_events.models import MailLog
from cms_events.registration.emails import build_message
from cms_events.registration.services import register

from .production_env import production_module

ROOT = Path(__file__).resolve().parent.parent


# CMS_EVENTS_* from the environment


def test_settings_are_parsed_like_their_defaults():
    environ = {
        "CMS_EVENTS_PAGE_SIZE": "30",
        "CMS_EVENTS_RATE_LIMIT_PER_IP": "1000, 3600",
        "CMS_EVENTS_RATE_LIMIT_PER_EMAIL": "[3, 60]",
        "CMS_EVENTS_PRIVACY_URL": "https://example.org/privacy/",
        "DJANGO_SECRET_KEY": "not ours",
    }
    assert settings_from_environment(environ) == {
        "CMS_EVENTS_PAGE_SIZE": 30,
        "CMS_EVENTS_RATE_LIMIT_PER_IP": (1000, 3600),
        "CMS_EVENTS_RATE_LIMIT_PER_EMAIL": (3, 60),
        "CMS_EVENTS_PRIVACY_URL": "https://example.org/privacy/",
    }


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("CMS_EVENTS_PAGE_SIZES", "30", "Unknown setting CMS_EVENTS_PAGE_SIZES"),
        ("CMS_EVENTS_PAGE_SIZE", "thirty", "CMS_EVENTS_PAGE_SIZE='thirty' cannot be read"),
        ("CMS_EVENTS_RATE_LIMIT_PER_IP", "1000", "CMS_EVENTS_RATE_LIMIT_PER_IP='1000' cannot"),
    ],
)
def test_a_wrong_setting_stops_the_start_naming_it(variable, value, message):
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        settings_from_environment({variable: value})


def test_production_takes_the_settings_from_the_environment(monkeypatch):
    production = production_module(
        monkeypatch, CMS_EVENTS_RATE_LIMIT_PER_IP="1000,3600", CMS_EVENTS_TRUSTED_PROXY_COUNT="1"
    )
    assert production.CMS_EVENTS_RATE_LIMIT_PER_IP == (1000, 3600)
    assert production.CMS_EVENTS_TRUSTED_PROXY_COUNT == 1


# manage.py without DJANGO_SETTINGS_MODULE

SHOW_SETTINGS_MODULE = [
    "shell",
    "--no-imports",
    "-c",
    "from django.conf import settings; print(settings.SETTINGS_MODULE)",
]


def manage(directory, args, **env):
    environment = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), **env}
    return subprocess.run(
        [sys.executable, str(directory / "manage.py"), *args],
        cwd=directory,
        env=environment,
        capture_output=True,
        text=True,
    )


@pytest.fixture
def checkout(tmp_path):
    """A directory with the project's manage.py, where var/production.env may be written."""
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    return tmp_path


def load_manage_py(checkout):
    """Import `checkout`/manage.py as a module (its command line runs only as a script)."""
    spec = importlib.util.spec_from_file_location("manage_under_test", checkout / "manage.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_manage_py_says_when_it_uses_the_development_settings(checkout, monkeypatch, capsys):
    for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    load_manage_py(checkout).choose_settings()
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "config.settings.dev"
    assert capsys.readouterr().err == (
        "DJANGO_SETTINGS_MODULE is not set: using config.settings.dev (SQLite, DEBUG on).\n"
    )


def test_manage_py_refuses_to_guess_where_a_production_env_file_exists(checkout):
    (checkout / "var").mkdir()
    (checkout / "var" / "production.env").write_text("DJANGO_SETTINGS_MODULE=...\n")
    result = manage(checkout, SHOW_SETTINGS_MODULE)
    assert result.returncode != 0
    assert result.stdout == ""
    assert "looks like a production install (var/production.env exists)" in result.stderr
    assert "set -a; . var/production.env; set +a" in result.stderr


def test_manage_py_refuses_to_guess_with_production_variables_set(checkout):
    result = manage(checkout, SHOW_SETTINGS_MODULE, DATABASE_URL="postgres://db/events")
    assert result.returncode != 0
    assert "looks like a production install (DATABASE_URL)" in result.stderr


def test_manage_py_follows_the_settings_it_is_given(checkout, monkeypatch, capsys):
    (checkout / "var").mkdir()
    (checkout / "var" / "production.env").write_text("")
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    load_manage_py(checkout).choose_settings()
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "config.settings.dev"
    assert capsys.readouterr().err == ""


# The site's host name and port: the start of every link in mails


@pytest.mark.django_db
def test_set_site_host_makes_the_links_in_mails(make_event, settings):
    settings.ALLOWED_HOSTS = ["evenementen.example.org"]
    event = make_event(title="Werkconferentie", registration_mode="form")
    call_command("set_site_host", "--hostname", "Evenementen.example.org", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == (
        "evenementen.example.org",
        443,
        "https://evenementen.example.org",
    )
    register(event, name="Jan Jansen", email="jan@example.org")
    text = build_message(MailLog.objects.get()).body
    links = re.findall(r"https?://\S+", text)
    assert links
    assert all(link.startswith("https://evenementen.example.org/") for link in links), links


@pytest.mark.django_db
def test_set_site_host_with_a_port_for_a_trial(home_page, capsys):
    call_command("set_site_host", "--hostname", "127.0.0.1", "--port", "8701")
    assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:8701"
    assert "Links now start with http://127.0.0.1:8701/" in capsys.readouterr().out


# The README's trial writes var/production.env for its owner only


def readme_env_file_commands():
    """Return the README's commands that write var/production.env, as they stand there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    trial = readme[readme.index("### Trying it on 127.0.0.1") :]
    start = trial.index("mkdir -p var")
    end = trial.index("\nENV\n", start) + len("\nENV\n")
    return trial[start:end]


def test_the_readme_writes_the_environment_file_readable_by_its_owner_only(tmp_path):
    (tmp_path / ".venv").symlink_to(Path(sys.executable).parent.parent)
    subprocess.run(
        ["bash", "-e", "-c", "umask 022\n" + readme_env_file_commands()],
        cwd=tmp_path,
        check=True,
    )
    env_file = tmp_path / "var" / "production.env"
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    loaded = subprocess.run(
        ["bash", "-c", "set -a; . var/production.env; set +a; env"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "DJANGO_SETTINGS_MODULE=config.settings.production" in loaded
    assert re.search(r"^DJANGO_SECRET_KEY=\S{50,}$", loaded, re.MULTILINE)
