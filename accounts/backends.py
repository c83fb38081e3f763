"""The sign-in backend: Django's ModelBackend, with the signed-in user read by compiled SQL."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils.module_loading import import_string

from config.compiled import CompiledQuery

# The user by primary key, as ``ModelBackend.get_user`` reads it (``get()`` drops the
# model's ordering). A sample id stands for the parameter: an id is not a string.
USER_BY_PK = CompiledQuery(
    lambda pk: get_user_model()._default_manager.filter(pk=pk).order_by(), pk=-7_654_321_987
)


class ModelBackend(DjangoModelBackend):
    """Django's backend; ``get_user`` runs on every signed-in request, so its SQL is compiled once.

    ``django.contrib.auth.get_user`` calls it, then checks the session's password hash as
    ever; ``user_can_authenticate`` still refuses a deactivated user.
    """

    def get_user(self, user_id) -> AbstractBaseUser | None:
        user = next(iter(USER_BY_PK.instances(pk=user_id)), None)
        return user if user is not None and self.user_can_authenticate(user) else None


def session_backend() -> str:
    """The path a session names as its backend: the first that reads users back.

    As Django's test client picks it: django-axes's backend comes first, and only checks
    sign-ins (it has no ``get_user``).
    """
    return next(
        path
        for path in settings.AUTHENTICATION_BACKENDS
        if hasattr(import_string(path), "get_user")
    )
