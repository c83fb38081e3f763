from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("quizzes/<int:pk>/", views.quiz_items, name="quiz"),
    path("quizzes/<int:pk>/items.csv", views.quiz_items_csv, name="quiz_items_csv"),
    path("quizzes/<int:pk>/options.csv", views.quiz_options_csv, name="quiz_options_csv"),
    path("briefings/<slug:slug>/", views.briefing_report, name="briefing"),
    path(
        "briefings/<slug:slug>/learners.csv",
        views.briefing_learners_csv,
        name="briefing_learners_csv",
    ),
    path(
        "briefings/<slug:slug>/lessons.csv", views.briefing_lessons_csv, name="briefing_lessons_csv"
    ),
    path(
        "briefings/<slug:slug>/quizzes.csv", views.briefing_quizzes_csv, name="briefing_quizzes_csv"
    ),
    path("learners/", views.learners, name="learners"),
    path("learners.csv", views.learners_csv, name="learners_csv"),
    path("learners/<int:pk>/", views.learner, name="learner"),
    path("learners/<int:pk>/attempts.csv", views.learner_csv, name="learner_csv"),
]
