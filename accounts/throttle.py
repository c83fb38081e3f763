"""Throttles for signing in (django-axes' hooks) and signing up (a counter in Django's cache)."""

import ipaddress
import math
import time
from dataclasses import dataclass

from axes.helpers import get_cool_off
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str:
    """The address a request came from.

    ``REMOTE_ADDR``, unless ``TRUSTED_PROXY_COUNT`` proxies stand in front of the app: each
    appends the address it saw to ``X-Forwarded-For``, so the client is that many entries from
    the right (anything further left was written by the client and proves nothing).
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        hops = [hop.strip() for hop in forwarded if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def address_key(address: str) -> str:
    """The unit an address is counted in: itself for IPv4, its /64 network for IPv6.

    One IPv6 host usually owns a whole /64, so counting single addresses would not limit it.
    """
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if parsed.version == 6:
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """django-axes' lock-out, as a page of the site: 429 with a clear message and Retry-After."""
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else None
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": math.ceil(seconds / 60) if seconds else None,
    }
    response = render(request, "registration/locked_out.html", context, status=429)
    if seconds:
        response["Retry-After"] = str(seconds)
    return response


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` hits per address in each fixed window of ``window`` seconds."""

    scope: str
    limit: int
    window: int

    def hit(self, request: HttpRequest) -> int:
        """Count one hit from the request's address; return the seconds to wait (0: allowed)."""
        now = int(time.time())
        window_index = now // self.window
        key = f"ratelimit:{self.scope}:{address_key(client_ip(request))}:{window_index}"
        # add() then incr() are atomic in every cache backend Django ships (and Redis);
        # a plain get-then-set would let a burst of parallel requests through.
        cache.add(key, 0, timeout=self.window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=self.window)
            count = 1
        if count <= self.limit:
            return 0
        return (window_index + 1) * self.window - now


def signup_rate_limit() -> RateLimit:
    return RateLimit(
        scope="signup", limit=settings.SIGNUP_RATE_LIMIT, window=settings.SIGNUP_RATE_WINDOW_SECONDS
    )
