"""gunicorn settings: ``gunicorn -c config/gunicorn.py`` (flags on the command line win).

* No ``Server: gunicorn`` banner: gunicorn has no setting for it, so the header line is
  dropped from the response head it writes (tested in tests/web/test_deploy.py).
* ``preload_app``: the application, with its start-up checks (a weak ``SECRET_KEY``, a
  missing ``collectstatic``), loads once in the master, so a bad deployment stops at once
  with its message instead of workers failing to boot over and over.
"""

import os

from gunicorn.http import wsgi

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
preload_app = True
accesslog = "-"

_default_headers = wsgi.Response.default_headers


def _default_headers_without_server(self) -> list[str]:
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


wsgi.Response.default_headers = _default_headers_without_server
