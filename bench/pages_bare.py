"""The ceiling of bench/pages.py: a bare Django view returning a constant, nothing else.

    gunicorn --chdir bench pages_bare:application

No middleware, no apps, no database: what Django itself costs per request when served the same
way (gunicorn, sync workers) as the portal's pages.
"""

import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-bare-" + "x" * 50,
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)
django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def constant(request):
    return HttpResponse("Partnerstwa")


urlpatterns = [path("", constant)]
application = get_wsgi_application()
