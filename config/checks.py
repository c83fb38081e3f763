"""Start-up checks: a site with DEBUG off must not start when every page would be a 500."""

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured


def static_manifest_problem() -> str:
    """Why pages would fail to name their static files ("" when they will not).

    With a manifest storage (whitenoise's, when DEBUG is off) ``{% static %}`` raises for a
    file missing from ``staticfiles.json``, so without ``collectstatic`` (or with one older
    than the code) every page, the 404 page included, is a 500.
    """
    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return ""
    if staticfiles_storage.read_manifest() is None:
        return (
            f"There is no static file manifest in {settings.STATIC_ROOT}: "
            "run `python manage.py collectstatic --no-input` before starting the site."
        )
    collected = set(staticfiles_storage.hashed_files)
    ignore_patterns = apps.get_app_config("staticfiles").ignore_patterns
    missing = sorted(
        {path for finder in get_finders() for path, _ in finder.list(ignore_patterns)} - collected
    )
    if missing:
        return (
            f"The static file manifest in {settings.STATIC_ROOT} is out of date: "
            f"{len(missing)} file(s) are missing from it, e.g. {missing[0]}. "
            "Run `python manage.py collectstatic --no-input` again."
        )
    return ""


@register(Tags.staticfiles, deploy=True)
def check_static_manifest(app_configs, **kwargs) -> list[Error]:
    problem = static_manifest_problem()
    return [Error(problem, id="config.E001")] if problem else []


def require_static_manifest() -> None:
    """Refuse to serve (at WSGI start-up) rather than answer every page with a 500."""
    if problem := static_manifest_problem():
        raise ImproperlyConfigured(problem)
