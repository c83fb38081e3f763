"""Django's cached database session engine; on a cache miss it reads the database with
compiled SQL (see the package)."""

from django.contrib.sessions.backends import cached_db

from accounts.sessions import CompiledSessionLoad


class SessionStore(CompiledSessionLoad, cached_db.SessionStore):
    pass
