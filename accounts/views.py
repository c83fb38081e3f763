from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from accounts.forms import SignupForm


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Create a learner account, sign it in and send it on (PRG)."""
    if not settings.SIGNUP_OPEN:
        # 404 rather than 403: when sign-up is closed the page does not exist for anyone.
        raise Http404("Sign-up is closed")
    if request.user.is_authenticated:
        return redirect("briefing:home")

    next_url = request.POST.get("next", request.GET.get("next", ""))
    if request.method == "POST":
        form = SignupForm(request.POST)
        if form.is_valid():
            user = form.save()
            login(request, user)
            messages.success(request, f"Welcome, {user.get_username()}! Your account is ready.")
            return redirect(_after_signup_url(request, next_url))
    else:
        form = SignupForm()
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


def _after_signup_url(request: HttpRequest, next_url: str) -> str:
    """``next`` if it stays on this site, else the dashboard (home until that page exists)."""
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    try:
        return reverse("quizzes:dashboard")
    except NoReverseMatch:
        return reverse("briefing:home")
