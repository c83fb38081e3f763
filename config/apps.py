from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The site as a whole: deployment checks, the CSP report endpoint, database backups."""

    name = "config"
    verbose_name = "Site"

    def ready(self) -> None:
        from config import checks  # noqa: F401  (registers the system checks)
