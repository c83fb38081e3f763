from django.apps import AppConfig


class LearningConfig(AppConfig):
    """The learner's side, above ``quizzes`` and ``briefing``."""

    name = "learning"
    verbose_name = "Learning"

    def ready(self) -> None:
        import learning.activity  # noqa: F401 (its receivers)
        from briefing.learner_pages import register_lesson_visit_reader
        from briefing.signals import lesson_viewed
        from learning.history import count_answers
        from learning.progress import record_lesson_viewed
        from learning.templatetags.learner import read_lesson_visit
        from quizzes.history import register_answer_counter

        register_answer_counter(count_answers)
        register_lesson_visit_reader(read_lesson_visit)
        lesson_viewed.connect(record_lesson_viewed, dispatch_uid="learning.record_lesson_viewed")
