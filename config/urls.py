from django.contrib import admin
from django.urls import include, path

from config.views import choose_language, csp_report

urlpatterns = [
    path("", include("briefing.urls")),
    path("", include("learning.urls")),
    path("reports/", include("reports.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("language/<str:code>/", choose_language, name="choose_language"),
    path("csp-report/", csp_report, name="csp_report"),
]
