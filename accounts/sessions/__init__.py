"""Session engines: Django's own, with the session read by SQL compiled once.

``accounts.sessions.db`` is the engine on one machine, ``accounts.sessions.cached_db``
the engine with Redis (it reads the database only when the cache misses). Both read the
session row with ``SESSION_ROW``, the query Django's store builds on each request, and
refuse an expired one as it does.
"""

from django.contrib.sessions.models import Session
from django.utils import timezone

from config.compiled import CompiledQuery

# The session row by its key; Django's store also asks for ``expire_date > now`` in SQL:
# here the expiry is compared once the row is read (the same rule, and no date parameter
# to adapt per database).
SESSION_ROW = CompiledQuery(lambda key: Session.objects.filter(session_key=key), "key")


class CompiledSessionLoad:
    """Read the session with ``SESSION_ROW``: a mixin for Django's database session store."""

    def _get_session_from_db(self) -> Session | None:
        session = next(iter(SESSION_ROW.instances(key=self.session_key)), None)
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None
            return None
        return session
