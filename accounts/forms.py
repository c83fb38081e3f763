from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext

from accounts.models import User

LEARNERS_GROUP = "learners"


class SignupForm(UserCreationForm):
    """Self-service sign-up: username, e-mail and password; new accounts are learners."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.required = True
        email.widget.attrs["autocomplete"] = "email"
        email.help_text = gettext("Used only to reset your password.")

    def clean_email(self) -> str:
        """Check here, case-insensitively, so a duplicate is a field error, not a constraint hit."""
        email = self.cleaned_data["email"]
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                gettext("A user with that e-mail address already exists."), code="unique"
            )
        return email

    @transaction.atomic
    def save(self, commit: bool = True):
        user = super().save(commit=commit)
        if commit:
            # get_or_create: the group comes from a data migration, but an admin may delete it.
            learners, _ = Group.objects.get_or_create(name=LEARNERS_GROUP)
            user.groups.add(learners)
        return user
