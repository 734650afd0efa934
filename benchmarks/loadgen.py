"""A small HTTP load generator: threads with keep-alive connections, bounded in time.

GET:  python benchmarks/loadgen.py --port 8801 --path /agenda/ --seconds 20 --connections 8
POST registrations to an event page (each thread GETs the form once for its CSRF cookie and
signed start time, then registers new, unique addresses):
      python benchmarks/loadgen.py --port 8801 --path /agenda/x/ --register --emails-file f
Prints one JSON object: requests, seconds, requests per second, median and p95 latency (ms),
counts per status code, and connection errors. Only for servers on this machine.
"""

import argparse
import http.client
import json
import re
import statistics
import threading
import time
import uuid
from urllib.parse import urlencode

HOST = "127.0.0.1"


class Worker(threading.Thread):
    def __init__(self, args, number, deadline):
        super().__init__(daemon=True)
        self.args, self.number, self.deadline = args, number, deadline
        self.latencies, self.statuses, self.errors, self.accepted = [], {}, 0, []
        self.connection = None

    def request(self, method, path, body=None, headers=None):
        for _attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(HOST, self.args.port, timeout=30)
            try:
                self.connection.request(method, path, body=body, headers=headers or {})
                response = self.connection.getresponse()
                return response, response.read()
            except (OSError, http.client.HTTPException):
                self.connection.close()
                self.connection = None
        raise ConnectionError(f"{method} {path} failed twice")

    def form_session(self):
        """GET the event page; return the cookie and the form's hidden fields."""
        response, body = self.request("GET", self.args.path)
        cookie = "; ".join(
            value.split(";", 1)[0]
            for name, value in response.getheaders()
            if name.lower() == "set-cookie" and value.startswith("csrftoken=")
        )
        html = body.decode()
        fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
        return cookie, fields

    def run(self):
        cookie, fields = self.form_session() if self.args.register else ("", {})
        run_id = uuid.uuid4().hex[:8]
        n = 0
        while time.monotonic() < self.deadline:
            n += 1
            if self.args.register:
                email = f"load-{run_id}-{self.number}-{n}@example.org"
                body = urlencode(
                    {
                        **fields,
                        "registrant_name": f"Belasting {self.number}-{n}",
                        "registrant_email": email,
                        "consent": "on",
                    }
                )
                headers = {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": cookie,
                }
                method = "POST"
            else:
                body, headers, method = None, {}, "GET"
            started = time.perf_counter()
            try:
                response, _content = self.request(method, self.args.path, body, headers)
            except ConnectionError:
                self.errors += 1
                continue
            self.latencies.append((time.perf_counter() - started) * 1000)
            self.statuses[response.status] = self.statuses.get(response.status, 0) + 1
            if self.args.register and response.status == 302:
                self.accepted.append(email)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--register", action="store_true")
    parser.add_argument("--emails-file", help="write the accepted addresses here (JSON)")
    args = parser.parse_args()
    if not 0 < args.seconds <= 600:
        parser.error("--seconds must be between 0 and 600")
    deadline = time.monotonic() + args.seconds
    started = time.monotonic()
    workers = [Worker(args, number, deadline) for number in range(args.connections)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    latencies = sorted(ms for worker in workers for ms in worker.latencies)
    statuses = {}
    for worker in workers:
        for status, count in worker.statuses.items():
            statuses[str(status)] = statuses.get(str(status), 0) + count
    accepted = [email for worker in workers for email in worker.accepted]
    if args.emails_file:
        with open(args.emails_file, "w") as file:
            json.dump(accepted, file)
    result = {
        "requests": len(latencies),
        "seconds": round(elapsed, 1),
        "per_second": round(len(latencies) / elapsed, 1),
        "median_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(latencies[max(0, round(0.95 * len(latencies)) - 1)], 1)
        if latencies
        else None,
        "statuses": statuses,
        "errors": sum(worker.errors for worker in workers),
        "accepted": len(accepted),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
