from django.contrib import admin
from django.urls import include, path

from config.views import csp_report, set_language

urlpatterns = [
    path("", include("briefing.urls")),
    path("", include("learning.urls")),
    path("reports/", include("reports.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("csp-report/", csp_report, name="csp_report"),
]
