import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy


class User(AbstractUser):
    """The project's user, custom from the first migration; e-mail addresses are unique."""

    email = models.EmailField(gettext_lazy("email address"), blank=True)
    # Replaced, in the same transaction, by every write to the learner's own records
    # (``learning.activity``): it keys the parts of their pages kept in the cache.
    activity_version = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_unique_ci",
                condition=~models.Q(email=""),
                violation_error_message=gettext_lazy(
                    "A user with that e-mail address already exists."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.get_username()
