"""gunicorn for ``make serve`` (and ``make bench-http``): workers and threads from the CPUs.

Environment: BIND (``127.0.0.1:8000``), WEB_CONCURRENCY (workers: CPUs + 1),
GUNICORN_THREADS (threads per worker: 4). Threads overlap the waits on the
database and Redis; one worker more than CPUs keeps every core busy.
"""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
