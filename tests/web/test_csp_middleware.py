"""``config.middleware.CSPMiddleware`` builds the site's policy once, and sends exactly the
headers django-csp's own middleware sends, whatever a view changes about one response."""

import csp.middleware
import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.decorators import csp_exempt, csp_replace, csp_update
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from config import middleware
from config.middleware import CSPMiddleware


def plain(request):
    return HttpResponse("ok")


def with_nonce(request):
    return HttpResponse(str(request.csp_nonce))


VIEWS = {
    "plain": plain,
    "nonce": with_nonce,
    "updated": csp_update({"img-src": ["https://example.org"]})(plain),
    "replaced": csp_replace({"script-src": ["https://example.org"]})(plain),
    "exempt": csp_exempt()(plain),
}


def headers(middleware_class, view, path: str = "/") -> dict[str, str | None]:
    request = RequestFactory().get(path)
    response = middleware_class(view)(request)
    return {name: response.get(name) for name in (HEADER, HEADER_REPORT_ONLY)}


@pytest.mark.parametrize("view", VIEWS)
def test_the_headers_are_django_csps(view):
    ours, theirs = headers(CSPMiddleware, VIEWS[view]), headers(DjangoCSPMiddleware, VIEWS[view])
    if view == "nonce":  # a new nonce on each request
        ours, theirs = (
            {name: value and value.split("'nonce-")[0] for name, value in h.items()}
            for h in (ours, theirs)
        )
    assert ours == theirs
    assert (ours[HEADER] is None) == (view == "exempt")


def test_the_policy_is_built_once(monkeypatch):
    assert "config.middleware.CSPMiddleware" in settings.MIDDLEWARE
    headers(CSPMiddleware, plain)
    for module in (middleware, csp.middleware):
        monkeypatch.setattr(module, "build_policy", lambda **kwargs: pytest.fail("built again"))

    assert "frame-ancestors 'none'" in headers(CSPMiddleware, plain)[HEADER]


def test_changed_settings_change_the_policy(settings):
    headers(CSPMiddleware, plain)
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {
        "EXCLUDE_URL_PREFIXES": ["/excluded/"],
        "DIRECTIVES": {"default-src": ["'self'"]},
    }

    assert headers(CSPMiddleware, plain) == headers(DjangoCSPMiddleware, plain)
    assert headers(CSPMiddleware, plain)[HEADER] == "default-src 'none'"
    assert headers(CSPMiddleware, plain, "/excluded/x") == headers(
        DjangoCSPMiddleware, plain, "/excluded/x"
    )


def test_a_nonce_asked_for_after_the_response_is_refused():
    request = RequestFactory().get("/")
    CSPMiddleware(plain)(request)

    with pytest.raises(Exception, match="after the CSP header has been written"):
        str(request.csp_nonce)
