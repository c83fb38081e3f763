import json
import logging

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

logger = logging.getLogger("config.csp")

# A real report is well under 4 KB; anything bigger is cut before it reaches the log.
MAX_REPORT_BYTES = 16 * 1024


@csrf_exempt  # browsers send reports without a CSRF token, and a report changes nothing
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Log each Content-Security-Policy violation a browser reports (``report-uri``)."""
    body = request.read(MAX_REPORT_BYTES)
    try:
        report = json.loads(body).get("csp-report", {})
    except (ValueError, AttributeError):
        return HttpResponse("Not a CSP report.", status=400, content_type="text/plain")
    if not isinstance(report, dict):
        return HttpResponse("Not a CSP report.", status=400, content_type="text/plain")
    logger.warning(
        "CSP violation on %r: %r blocked %r",
        str(report.get("document-uri", "?"))[:500],
        str(report.get("effective-directive") or report.get("violated-directive", "?"))[:100],
        str(report.get("blocked-uri", "?"))[:500],
    )
    return HttpResponse(status=204)


@require_GET
def choose_language(request: HttpRequest, code: str) -> HttpResponse:
    """Read the site in ``code`` from now on (the language cookie), back on the page ``next``.

    A link rather than Django's ``set_language`` form: the switcher is in every page's
    footer, visitors' pages included, which are cached whole because they hold no CSRF
    token, and every POST of the site needs one. Following the link changes nothing but
    the language cookie of the browser that follows it.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404("No such language.")
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
