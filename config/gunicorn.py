"""gunicorn settings: `gunicorn -c config/gunicorn.py` (README, "Production").

Every value can be set from the environment; the defaults suit one server behind a proxy on
the same machine.
"""

import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Requests that take longer are stuck: mail and purges run in the task worker, not here. A
# worker killed for it answers a bare 500, so the database gives up well before this
# (DATABASE_CONNECT_TIMEOUT 3 s, DATABASE_STATEMENT_TIMEOUT 20 s) and /health/ says 503.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Restart workers now and then, so that a slow leak never grows large.
max_requests = 1000
max_requests_jitter = 100

# Access log to stdout, errors to stderr: the process manager (systemd, a container) keeps them.
accesslog = "-"
errorlog = "-"

# Trust X-Forwarded-Proto only from the proxy: Django's SECURE_PROXY_SSL_HEADER relies on it.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Newer gunicorn opens a control socket in the home directory, shared by every gunicorn of
# that user; nothing here uses it.
control_socket_disable = True
