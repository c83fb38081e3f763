"""Django's database session engine, reading the session with compiled SQL (see the package)."""

from django.contrib.sessions.backends import db

from accounts.sessions import CompiledSessionLoad


class SessionStore(CompiledSessionLoad, db.SessionStore):
    pass
