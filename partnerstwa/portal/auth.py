"""Sign-in for coordinators and staff, rate limited per client address and per user name.

A user name is kept, looked up and counted in one normal form (normal_username): whatever a
person types — surrounding spaces, full-width letters, capitals — the limit counts the very name
that authenticates, so no spelling of a name escapes its limit.
"""

import unicodedata

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_ratelimit.decorators import ratelimit


def normal_username(value: str) -> str:
    """The one form a user name is stored, authenticated and rate limited in."""
    return unicodedata.normalize("NFKC", str(value or "")).strip().casefold()


def username_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit key: the user name as it will authenticate."""
    return normal_username(request.POST.get("username", ""))


def rate_limited_login(view):
    limited = ratelimit(key="ip", rate=settings.LOGIN_RATE, method="POST", block=True)(view)
    return ratelimit(
        key=username_key,
        rate=settings.LOGIN_RATE,
        method="POST",
        block=True,
    )(limited)


class NormalUsernameMixin:
    """Authenticates the normal form of the typed name (accounts are stored in it)."""

    def clean_username(self) -> str:
        return normal_username(self.cleaned_data.get("username", ""))


class LoginForm(NormalUsernameMixin, AuthenticationForm):
    pass


class AdminLoginForm(NormalUsernameMixin, AdminAuthenticationForm):
    pass


class NormalUsernameField(forms.CharField):
    """A user name field for account forms: stores the normal form and refuses one that another
    account already has in that form."""

    def to_python(self, value):
        return normal_username(super().to_python(value))


def validate_username_free(username: str, *, exclude_pk: int | None = None) -> None:
    others = get_user_model().objects.filter(username=username)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise forms.ValidationError(
            _("A user with that user name already exists (letter case and spaces do not count)."),
            code="unique",
        )


login = rate_limited_login(
    auth_views.LoginView.as_view(
        template_name="portal/login.html",
        redirect_authenticated_user=True,
        authentication_form=LoginForm,
    )
)
logout = auth_views.LogoutView.as_view()
