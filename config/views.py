import json
import logging

from django.http import HttpRequest, HttpResponse
from django.views import i18n
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

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


# The language switcher is in every page's footer, visitors' pages included, which are
# cached whole because they hold no CSRF token (briefing.content_cache). A forged post
# could only change the interface language of the browser that sends it.
set_language = csrf_exempt(i18n.set_language)
