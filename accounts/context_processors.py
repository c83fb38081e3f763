from django.conf import settings
from django.http import HttpRequest


def signup_open(request: HttpRequest) -> dict[str, bool]:
    """Lets the layout and the sign-in page offer "Sign up" only while sign-up is open."""
    return {"signup_open": settings.SIGNUP_OPEN}
