from django.urls import path

from learning import review_views, views

app_name = "learning"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("quizzes/<int:pk>/", views.quiz_detail, name="quiz"),
    path("quizzes/<int:pk>/start/", views.start, name="start"),
    path("attempts/<int:pk>/", views.attempt_detail, name="attempt"),
    path("attempts/<int:pk>/questions/<int:position>/", views.answer, name="answer"),
    path("attempts/<int:pk>/submit/", views.submit, name="submit"),
    path("attempts/<int:pk>/result/", views.result, name="result"),
    path("attempts/<int:pk>/practise-missed/", views.retry, name="retry"),
    path("lessons/<int:lesson_id>/read/", views.mark_lesson_read, name="mark_read"),
    path("review/", review_views.review, name="review"),
    path("review/<int:card_id>/", review_views.review_answer, name="review_answer"),
    path("review/<int:card_id>/rate/", review_views.review_rate, name="review_rate"),
    path("flashcards/<int:lesson_id>/", review_views.deck, name="deck"),
    path("flashcards/<int:lesson_id>/rate/", review_views.deck_rate, name="deck_rate"),
]
