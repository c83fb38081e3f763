"""The site's URLs plus the bench's baseline: a bare view behind the same middleware.

Only ``bench.http_settings`` uses this URLconf; production URLs never hold the bare view.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    path("", include("config.urls")),
]
