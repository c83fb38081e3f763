from django.urls import path

from briefing import views

app_name = "briefing"

urlpatterns = [
    path("", views.home, name="home"),
    path("briefings/<slug:slug>/", views.briefing_detail, name="detail"),
    path(
        "briefings/<slug:briefing_slug>/<slug:lesson_slug>/",
        views.lesson_detail,
        name="lesson",
    ),
]
