"""Start and stop what the HTTP benchmarks run against: a PostgreSQL database of their own,
gunicorn with two workers, and the task worker. Everything listens on 127.0.0.1 only."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
# Benchmark databases are dropped and created again: they get names of their own.
DATABASE_PREFIX = os.environ.get("BENCH_DB_PREFIX", "cms_events_perf_")


def database_name(suffix):
    """Return the name of the benchmark database `suffix` (BENCH_DB_PREFIX + suffix)."""
    return DATABASE_PREFIX + suffix


def database_url(name):
    return f"{PG_URL}/{name}"


def recreate_database(name):
    """Drop and create the PostgreSQL database `name` (it must start with BENCH_DB_PREFIX)."""
    import psycopg

    if not (name.startswith(DATABASE_PREFIX) and DATABASE_PREFIX.startswith("cms_events_")):
        raise ValueError(f"benchmark databases are named {DATABASE_PREFIX}* (cms_events_*)")
    url = urlsplit(PG_URL)
    with psycopg.connect(
        host=url.hostname,
        port=url.port or 5432,
        user=url.username or "postgres",
        password=url.password or "",
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def environment(database, **extra):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.bench",
        BENCH_DATABASE_URL=database_url(database),
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def run_script(env, script, *args):
    subprocess.run([sys.executable, str(ROOT / script), *args], cwd=ROOT, env=env, check=True)


def wait_for_port(port, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


def start_gunicorn(env, port, workers=2):
    command = [
        str(BIN / "gunicorn"), "config.wsgi", "--workers", str(workers),
        "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    wait_for_port(port)
    return process


def start_task_worker(env, log):
    """Start django-tasks-db's worker; it logs every task, into `log`."""
    command = [sys.executable, "manage.py", "db_worker", "--interval", "0.2"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def stop(process):
    """Stop a process this script started, and wait for it."""
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def load(port, path, *, seconds, connections, register=False, emails_file=None):
    """Run the load generator in a process of its own; return its JSON result."""
    import json

    command = [
        sys.executable, str(ROOT / "benchmarks" / "loadgen.py"), "--port", str(port),
        "--path", path, "--seconds", str(seconds), "--connections", str(connections),
    ]  # fmt: skip
    if register:
        command.append("--register")
    if emails_file:
        command += ["--emails-file", str(emails_file)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])
