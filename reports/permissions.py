"""Who may read the reports: staff, and members of the ``instructors`` group.

The group is created by ``accounts`` migration 0002; an instructor needs no
admin access to read the reports.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

INSTRUCTORS = "instructors"


def can_read_reports(user) -> bool:
    return user.is_active and (user.is_staff or user.groups.filter(name=INSTRUCTORS).exists())


def instructor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors are sent to sign in; signed-in learners get a 403."""

    @login_required
    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not can_read_reports(request.user):
            raise PermissionDenied("The reports are for instructors.")
        return view(request, *args, **kwargs)

    return checked
