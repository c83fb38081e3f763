import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext

LAST_ACTIVITY_KEY = "last_activity"


def touch_interval(idle_seconds: int) -> int:
    """How stale the stored activity time may get before a request refreshes it (at most 60 s)."""
    return max(1, min(60, idle_seconds // 10))


class IdleSessionTimeoutMiddleware:
    """Sign out a session that made no request for ``SESSION_IDLE_SECONDS``.

    Why not ``SESSION_SAVE_EVERY_REQUEST``: it writes the session on every request, so every
    page a learner opens would take SQLite's write lock. Here the session keeps the time of
    its last activity, rewritten at most once a minute; the session's own expiry
    (``SESSION_COOKIE_AGE``, a minute longer) slides along with it, and the exact limit is
    enforced here, with a message on the next page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if SESSION_KEY in request.session:
            self.check_idle(request)
        return self.get_response(request)

    @staticmethod
    def check_idle(request: HttpRequest) -> None:
        idle_limit = settings.SESSION_IDLE_SECONDS
        now = int(time.time())
        last_activity = request.session.get(LAST_ACTIVITY_KEY)
        if isinstance(last_activity, int) and now - last_activity > idle_limit:
            logout(request)
            minutes = max(1, round(idle_limit / 60))
            messages.info(
                request,
                ngettext(
                    "You were signed out after %(minutes)d minute without activity. "
                    "Please sign in again.",
                    "You were signed out after %(minutes)d minutes without activity. "
                    "Please sign in again.",
                    minutes,
                )
                % {"minutes": minutes},
            )
        elif not isinstance(last_activity, int) or (
            now - last_activity >= touch_interval(idle_limit)
        ):
            request.session[LAST_ACTIVITY_KEY] = now


def stamp_activity_on_login(sender, request: HttpRequest, user, **kwargs) -> None:
    """Start the idle clock with the session itself, so a fresh sign-in costs no extra write."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY_KEY] = int(time.time())
