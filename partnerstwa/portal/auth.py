"""Sign-in for coordinators and staff, rate limited per client address and per user name.

A user name is kept as its owner typed it, but authenticated and counted in one normal form
(normal_username): whatever a person types — surrounding spaces, full-width letters, capitals —
the limit counts the very name that authenticates, so no spelling of a name escapes its limit,
and an account made as "Admin" (createsuperuser, create_user) signs in as "admin" too.
"""

import logging
import unicodedata
from functools import reduce
from operator import or_

from asgiref.sync import sync_to_async
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.translation import gettext_lazy as _
from django_ratelimit.decorators import ratelimit

from partnerstwa.lib.text import case_variants

logger = logging.getLogger(__name__)

# Longer than any stored name can be (auth_user.username is 150); NFKC of a huge string is slow.
_LONGEST_NAME = 300


def normal_username(value: str) -> str:
    """The one form a user name is authenticated, rate limited and kept unique in."""
    return unicodedata.normalize("NFKC", str(value or "")).strip().casefold()


def users_by_normal_username(typed: str, *, exclude_pk: int | None = None) -> list:
    """Every account whose stored name has the normal form of `typed` (none, one, or — for
    accounts made outside the admin before their names collided — several)."""
    normal = normal_username(typed)
    if not normal or len(str(typed)) > _LONGEST_NAME:
        return []
    User = get_user_model()
    field = User.USERNAME_FIELD
    spelled = unicodedata.normalize("NFKC", str(typed)).strip()
    # SQLite's LIKE folds ASCII letters only: ask for the usual spellings, compare in Python.
    # "contains" also finds a name stored with surrounding spaces (create_user keeps them).
    spellings = case_variants(normal) | case_variants(spelled)
    candidates = User._default_manager.filter(
        reduce(or_, (Q(**{f"{field}__icontains": spelling}) for spelling in sorted(spellings)))
    )
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    return [user for user in candidates if normal_username(user.get_username()) == normal]


class NormalUsernameBackend(ModelBackend):
    """ModelBackend that finds the account by the normal form of the typed name, and refuses a
    name that more than one account has in that form rather than pick one."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        users = users_by_normal_username(username)
        if len(users) > 1:
            logger.warning(
                "Sign-in refused: accounts %s share one normal form of a user name; rename all "
                "but one.",
                ", ".join(str(user.pk) for user in users),
            )
        if len(users) != 1:
            # Run the password hasher once, as ModelBackend does, so an unknown (or ambiguous)
            # name takes as long as a known one.
            get_user_model()().set_password(password)
            return None
        user = users[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    async def aauthenticate(self, request, username=None, password=None, **kwargs):
        return await sync_to_async(self.authenticate)(
            request, username=username, password=password, **kwargs
        )


def username_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit key: the user name as it will authenticate."""
    return normal_username(request.POST.get("username", "")[:_LONGEST_NAME])


# Every sign-in page counts against the same limits: django-ratelimit groups counters by view
# unless told otherwise, which would give an account one allowance per page.
SIGN_IN_GROUP = "partnerstwa.sign-in"


def rate_limited_login(view):
    limited = ratelimit(
        group=SIGN_IN_GROUP, key="ip", rate=settings.LOGIN_RATE, method="POST", block=True
    )(view)
    return ratelimit(
        group=SIGN_IN_GROUP,
        key=username_key,
        rate=settings.LOGIN_RATE,
        method="POST",
        block=True,
    )(limited)


def validate_username_free(username: str, *, exclude_pk: int | None = None) -> None:
    """Refuse a name whose normal form another account already has: sign-in could not tell
    the two apart."""
    if users_by_normal_username(username, exclude_pk=exclude_pk):
        raise forms.ValidationError(
            _("A user with that user name already exists (letter case and spaces do not count)."),
            code="unique",
        )


class SignInView(auth_views.LoginView):
    """Staff land on their workspace; coordinators on their partnerships (LOGIN_REDIRECT_URL).
    A `next` address, when safe, wins for both."""

    def get_default_redirect_url(self) -> str:
        if self.request.user.is_staff:
            return resolve_url("portal:workspace")
        return super().get_default_redirect_url()


login = rate_limited_login(
    SignInView.as_view(
        template_name="portal/login.html",
        redirect_authenticated_user=True,
        authentication_form=AuthenticationForm,
    )
)
logout = auth_views.LogoutView.as_view()
