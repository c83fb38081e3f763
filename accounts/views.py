from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods

from accounts.backends import session_backend
from accounts.forms import SignupForm
from accounts.throttle import signup_rate_limit


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Create a learner account, sign it in and send it on (PRG)."""
    if not settings.SIGNUP_OPEN:
        # 404 rather than 403: when sign-up is closed the page does not exist for anyone.
        raise Http404("Sign-up is closed")  # the 404 page says so, in the learner's language
    if request.user.is_authenticated:
        return redirect("briefing:home")

    next_url = request.POST.get("next", request.GET.get("next", ""))
    if request.method == "POST" and (wait := signup_rate_limit().hit(request)):
        return _refuse_too_many_signups(request, next_url, wait)
    if request.method == "POST":
        form = SignupForm(request.POST)
        if form.is_valid():
            try:
                user = form.save()
            except IntegrityError:
                # Someone took the name or address between the form's check and the save.
                form.add_error(None, gettext("That username or e-mail address was just taken."))
                return render(request, "registration/signup.html", {"form": form, "next": next_url})
            login(request, user, backend=session_backend())
            messages.success(
                request,
                gettext("Welcome, %(name)s! Your account is ready.")
                % {"name": user.get_username()},
            )
            return redirect(_after_signup_url(request, next_url))
    else:
        form = SignupForm()
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


def _after_signup_url(request: HttpRequest, next_url: str) -> str:
    """``next`` if it stays on this site, else the dashboard."""
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return reverse("learning:dashboard")


def _refuse_too_many_signups(request: HttpRequest, next_url: str, wait: int) -> HttpResponse:
    """429 with the form kept (nothing validated, nothing created) and when to come back."""
    form = SignupForm(initial={"username": request.POST.get("username", "")[:150]})
    minutes = max(1, round(wait / 60))
    refusal = ngettext(
        "Too many sign-up attempts from your network. Please try again in %(minutes)d minute.",
        "Too many sign-up attempts from your network. Please try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
    context = {"form": form, "next": next_url, "refusal": refusal}
    response = render(request, "registration/signup.html", context, status=429)
    response["Retry-After"] = str(wait)
    return response
