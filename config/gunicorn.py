"""gunicorn settings: ``gunicorn -c config/gunicorn.py`` (``make serve``, ``make bench-http``).

Environment: BIND (``127.0.0.1:8000``), WEB_CONCURRENCY (workers: CPUs + 1),
GUNICORN_THREADS (threads per worker: 4); flags on the command line win.

* Workers and threads from the CPUs: threads overlap the waits on the database and
  Redis; one worker more than CPUs keeps every core busy.
* No ``Server: gunicorn`` banner: gunicorn has no setting for it, so the header line is
  dropped from the response head it writes (tested in tests/web/test_deploy.py).
* ``preload_app``: the application, with its start-up checks (a weak ``SECRET_KEY``, a
  missing ``collectstatic``), loads once in the master, so a bad deployment stops at once
  with its message instead of workers failing to boot over and over.
* ``pre_fork``: the loaded application's objects (about 93,000) are frozen out of the
  garbage collector's sight before each worker is forked. A worker's full collection
  then looks at its own objects only: 1 ms instead of 45 ms, a pause that held every
  request of that worker's threads and showed in the p99 latency (``make bench-http``).
"""

import gc
import os

from gunicorn.http import wsgi

wsgi_app = "config.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
preload_app = True
accesslog = "-"


def pre_fork(server, worker) -> None:
    gc.freeze()


_default_headers = wsgi.Response.default_headers


def _default_headers_without_server(self) -> list[str]:
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


wsgi.Response.default_headers = _default_headers_without_server
