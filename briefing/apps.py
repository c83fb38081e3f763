from django.apps import AppConfig


class BriefingConfig(AppConfig):
    """Content. Imports nothing from ``quizzes`` or ``learning``, which sit above it."""

    name = "briefing"
    verbose_name = "Briefings"

    def ready(self) -> None:
        from briefing import content_cache  # noqa: F401  (connects its receivers)
