"""Sign-in for coordinators and staff, rate limited per client address and per user name."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django_ratelimit.decorators import ratelimit


def rate_limited_login(view):
    limited = ratelimit(key="ip", rate=settings.LOGIN_RATE, method="POST", block=True)(view)
    return ratelimit(key="post:username", rate=settings.LOGIN_RATE, method="POST", block=True)(
        limited
    )


login = rate_limited_login(
    auth_views.LoginView.as_view(
        template_name="portal/login.html", redirect_authenticated_user=True
    )
)
logout = auth_views.LogoutView.as_view()
