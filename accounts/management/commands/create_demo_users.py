"""Create (or refresh) a demo administrator and a demo learner with fresh random passwords."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_USERS = (
    # username, e-mail, staff and superuser
    ("admin", "admin@example.com", True),
    ("learner", "learner@example.com", False),
)


class Command(BaseCommand):
    help = "Create a demo admin and a demo learner with fresh random passwords, printed once."

    def handle(self, *args, **options) -> None:
        user_model = get_user_model()
        lines = []
        with transaction.atomic():
            for username, email, is_admin in DEMO_USERS:
                user, _ = user_model.objects.get_or_create(
                    username=username, defaults={"email": email}
                )
                password = secrets.token_urlsafe(12)
                user.set_password(password)
                user.is_staff = user.is_superuser = is_admin
                user.is_active = True
                user.save()
                role = "admin  " if is_admin else "learner"
                lines.append(f"  {role}  username: {username:<8}  password: {password}")
        self.stdout.write("Demo accounts (passwords are new on every run):")
        for line in lines:
            self.stdout.write(line)
