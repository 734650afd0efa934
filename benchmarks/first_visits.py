"""First visits under gunicorn: an event page with an open form against a small static file.

`make bench`. Anonymous visitors without cookies, as when a newsletter goes out: gunicorn with
two sync workers and the bench settings (PostgreSQL, the cache in Redis when BENCH_REDIS_URL is
set), and wrk in a second process on 127.0.0.1. The static file (whitenoise) is the ceiling of
this server on this machine: the event page is given as a share of it, measured in the same run,
alternately (BENCH_ROUNDS rounds of BENCH_WRK_SECONDS seconds per target, default 2 and 8).

Before the load, two plain GETs of the event page show what a cache in front may do with it:
whether both got the same bytes, cookies, Cache-Control and Vary.
"""

import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import servers

DATABASE = servers.database_name("first_visits")
PORT = int(os.environ.get("BENCH_FIRST_VISITS_PORT", "8803"))
SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "8"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
EVENT_PATH = "/agenda/voorbeeld-samen-werken-aan-een-sociaal-en-gezond-utrecht/"
STATIC_PATH = "/static/css/site.css"


def get(path):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


def describe_page():
    """GET the event page twice, as two new visitors; return what a shared cache would see."""
    first, first_body = get(EVENT_PATH)
    second, second_body = get(EVENT_PATH)
    assert first.status == second.status == 200, (first.status, second.status)
    cookies = sorted(
        {value.split("=", 1)[0] for name, value in first.getheaders() if name == "Set-Cookie"}
    )
    return {
        "same bytes for both visitors": "yes" if first_body == second_body else "no",
        "Set-Cookie": ", ".join(cookies) or "none",
        "Cache-Control": first.getheader("Cache-Control") or "none",
        "Vary": first.getheader("Vary") or "none",
    }


def wrk(path):
    """Run wrk against `path`; return requests/s, median and p99 ms, requests, failures."""
    command = [
        shutil.which("wrk") or "wrk", "--threads", "1", "--connections", str(CONNECTIONS),
        "--duration", f"{SECONDS}s", "--latency", f"http://127.0.0.1:{PORT}{path}",
    ]  # fmt: skip
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    failures = sum(
        int(n) for n in re.findall(r"(?:Non-2xx or 3xx responses|timeout): (\d+)", output)
    )
    return {
        "per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "median_ms": latency_ms(re.search(r"\s50%\s+([\d.]+\w+)", output).group(1)),
        "p99_ms": latency_ms(re.search(r"\s99%\s+([\d.]+\w+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "failures": failures,
    }


def latency_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def average(results):
    return {
        "per_second": sum(r["per_second"] for r in results) / len(results),
        "median_ms": sum(r["median_ms"] for r in results) / len(results),
        "p99_ms": max(r["p99_ms"] for r in results),
        "requests": sum(r["requests"] for r in results),
        "failures": sum(r["failures"] for r in results),
    }


def redis_answers(url):
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return False


def main():
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk (make bench installs it)")
    if os.environ.get("BENCH_REDIS_URL") and not redis_answers(os.environ["BENCH_REDIS_URL"]):
        print(f"Redis does not answer at {os.environ.pop('BENCH_REDIS_URL')}: local memory.")
    servers.recreate_database(DATABASE)
    env = servers.environment(
        DATABASE,
        BENCH_MAIL_DIR=tempfile.mkdtemp(prefix="bench-mail-"),
        BENCH_CACHE_PREFIX=f"{DATABASE}-{os.getpid()}",
    )
    servers.manage(env, "migrate", "--noinput", "-v", "0")
    servers.run_script(env, "benchmarks/seed.py", "--events", "0")
    gunicorn = servers.start_gunicorn(env, PORT)
    try:
        headers = describe_page()
        get(STATIC_PATH)
        results = {EVENT_PATH: [], STATIC_PATH: []}
        for _round in range(ROUNDS):
            for path in results:
                results[path].append(wrk(path))
    finally:
        servers.stop(gunicorn)
    cache = "Redis" if env.get("BENCH_REDIS_URL") else "local memory"
    print(f"gunicorn, 2 sync workers, PostgreSQL, cache in {cache}; wrk, 1 thread,")
    print(f"{CONNECTIONS} connections, {ROUNDS} × {SECONDS} s per target, alternately.\n")
    print("| target | requests/s | median ms | p99 ms | requests | failed |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    names = {EVENT_PATH: "Event page, open form, first visits", STATIC_PATH: "Static file"}
    averages = {path: average(runs) for path, runs in results.items()}
    for path, row in averages.items():
        print(
            f"| {names[path]} | {row['per_second']:.0f} | {row['median_ms']:.1f}"
            f" | {row['p99_ms']:.1f} | {row['requests']} | {row['failures']} |"
        )
    share = averages[EVENT_PATH]["per_second"] / averages[STATIC_PATH]["per_second"]
    print(f"\nEvent page: {share:.0%} of the static file's throughput.")
    for name, value in headers.items():
        print(f"- {name}: {value}")
    print()


if __name__ == "__main__":
    main()
