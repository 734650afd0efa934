"""Exit 0 when the PostgreSQL server of a database URL accepts connections, else 1."""

import sys
from urllib.parse import urlsplit

try:
    import psycopg
except ImportError:
    sys.exit(1)

url = urlsplit(sys.argv[1])
try:
    psycopg.connect(
        host=url.hostname or "127.0.0.1",
        port=url.port or 5432,
        user=url.username or "postgres",
        password=url.password or None,
        dbname="postgres",
        connect_timeout=3,
    ).close()
except psycopg.Error:
    sys.exit(1)
