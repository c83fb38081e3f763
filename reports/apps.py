from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Instructors' reports on learner history, above ``learning``: nothing imports it."""

    name = "reports"
    verbose_name = "Reports"
