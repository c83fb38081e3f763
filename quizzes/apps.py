from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    """Questions, above ``briefing``; imports nothing from ``learning``."""

    name = "quizzes"
    verbose_name = "Quizzes"

    def ready(self) -> None:
        import quizzes.content_versions  # noqa: F401 (its receivers)
        from briefing.signals import content_edited
        from quizzes.publishing import regenerate_after_edit

        content_edited.connect(regenerate_after_edit, dispatch_uid="quizzes.regenerate_after_edit")
