"""The production settings, with the bench-only URLconf (``bench.urls``) for ``make bench-http``."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
