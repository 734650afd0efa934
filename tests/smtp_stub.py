"""A small SMTP server for tests: it takes every message, or, while `stalling` is set, reads a
message to its end and then never answers, as a mail server does that hangs in DATA."""

import email
import socketserver
import threading
from email import policy


class Handler(socketserver.StreamRequestHandler):
    timeout = 120

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        stub = self.server.stub
        self.reply("220 stub ESMTP")
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 stub")
            elif command.startswith(("MAIL FROM", "RCPT TO", "RSET", "NOOP")):
                self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                message = self.read_message()
                if stub.stalling.is_set():
                    stub.stalled.append(message)
                    stub.stall_started.set()
                    self.rfile.read()  # until the client goes away; never acknowledged
                    return
                stub.delivered.append(message)
                self.reply("250 OK: queued")
            elif command == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")

    def read_message(self):
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return email.message_from_bytes(b"".join(lines), policy=policy.default)


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SMTPStub:
    """Run the stub on 127.0.0.1:`port` in a thread; `delivered` and `stalled` hold messages."""

    def __init__(self, port):
        self.delivered, self.stalled = [], []
        self.stalling = threading.Event()
        self.stall_started = threading.Event()
        self.server = Server(("127.0.0.1", port), Handler)
        self.server.stub = self
        self.port = port

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc_info):
        self.server.shutdown()
        self.server.server_close()
