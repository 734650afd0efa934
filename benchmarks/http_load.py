"""Throughput under gunicorn with two workers, driven from a second process (`make bench`).

A PostgreSQL database of its own (cms_events_perf_http; BENCH_DB_PREFIX changes the prefix) with
the demo and 1000 events; bench settings (DEBUG off, persistent connections, rate limits raised:
every request comes from 127.0.0.1). Mail is sent in the request to files, as with
django-tasks' immediate backend. BENCH_SECONDS (default 20) per target, BENCH_CONNECTIONS
(default 4) concurrent connections.
"""

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import servers

DATABASE = servers.database_name("http")
PORT = int(os.environ.get("BENCH_PORT", "8801"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))


def feed_path(env):
    import subprocess

    code = (
        "from cms_events.models import EventIndexPage; "
        "print(EventIndexPage.objects.get(locale__language_code='nl').pk)"
    )
    command = [sys.executable, "manage.py", "shell", "-c", code]
    output = subprocess.run(command, cwd=servers.ROOT, env=env, check=True, capture_output=True)
    return f"/agenda-feed/{int(output.stdout.split()[-1])}.ics"


def main():
    servers.recreate_database(DATABASE)
    env = servers.environment(DATABASE, BENCH_MAIL_DIR=tempfile.mkdtemp(prefix="bench-mail-"))
    servers.manage(env, "migrate", "--noinput", "-v", "0")
    servers.run_script(env, "benchmarks/seed.py", "--events", "1000", "--capacity", "0")
    targets = [
        ("Event page (Utrecht sample, open form)",
         "/agenda/voorbeeld-samen-werken-aan-een-sociaal-en-gezond-utrecht/", False),
        ("Index, 1000 events", "/agenda/", False),
        ("Feed, 1000 events", feed_path(env), False),
        ("Registration POST", "/agenda/aanmelden-belastingtest/", True),
    ]  # fmt: skip
    gunicorn = servers.start_gunicorn(env, PORT)
    try:
        print(f"gunicorn, 2 workers, PostgreSQL; {CONNECTIONS} connections for {SECONDS:.0f} s")
        print("per target from a second process on 127.0.0.1.\n")
        print("| target | requests/s | median ms | p95 ms | requests | not 2xx/3xx |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for name, path, register in targets:
            servers.load(PORT, path, seconds=2, connections=1, register=register)  # warm up
            result = servers.load(
                PORT, path, seconds=SECONDS, connections=CONNECTIONS, register=register
            )
            failed = sum(
                count for status, count in result["statuses"].items() if int(status) >= 400
            )
            print(
                f"| {name} | {result['per_second']} | {result['median_ms']} | {result['p95_ms']}"
                f" | {result['requests']} | {failed + result['errors']} |"
            )
    finally:
        servers.stop(gunicorn)
    print()


if __name__ == "__main__":
    main()
