import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from partnerstwa.portal.auth import normal_username, users_by_normal_username


class Command(BaseCommand):
    help = "Create the demo staff account once and print its password that one time."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="demo")

    def handle(self, *args, username: str, **options):
        User = get_user_model()
        username = normal_username(username)
        existing = users_by_normal_username(username)
        if existing:
            self.stdout.write(
                _(
                    "Demo staff account “%(username)s” exists; "
                    "its password was printed when it was created."
                )
                % {"username": existing[0].get_username()}
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            _("Demo staff account created. Login: %(username)s  Password: %(password)s")
            % {"username": username, "password": password}
        )
