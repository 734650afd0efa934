#!/usr/bin/env python
"""Django's command-line utility for the cms_events demo site.

Without DJANGO_SETTINGS_MODULE it uses the development settings (SQLite, DEBUG on), and says so
on standard error; it refuses where this looks like a production install (var/production.env
exists, or DATABASE_URL or DJANGO_SECRET_KEY is set), so that a command run there without the
environment loaded never quietly works on a development database (README, "Production").
"""

import os
import sys
from pathlib import Path

PRODUCTION_VARIABLES = ("DATABASE_URL", "DJANGO_SECRET_KEY")
PRODUCTION_ENV_FILE = Path(__file__).resolve().parent / "var" / "production.env"


def choose_settings():
    if os.environ.get("DJANGO_SETTINGS_MODULE"):
        return
    signs = [name for name in PRODUCTION_VARIABLES if os.environ.get(name)]
    if PRODUCTION_ENV_FILE.exists():
        signs.append("var/production.env exists")
    if signs:
        sys.exit(
            "DJANGO_SETTINGS_MODULE is not set, but this looks like a production install ("
            + ", ".join(signs)
            + "). Load its environment first:\n"
            "    set -a; . var/production.env; set +a\n"
            "or choose the settings: DJANGO_SETTINGS_MODULE=config.settings.dev for development."
        )
    print(
        "DJANGO_SETTINGS_MODULE is not set: using config.settings.dev (SQLite, DEBUG on).",
        file=sys.stderr,
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"


if __name__ == "__main__":
    choose_settings()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
