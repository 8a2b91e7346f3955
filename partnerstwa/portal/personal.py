"""Sign-in accounts (Django's auth.User) of staff, partnership coordinators and jurors: the
portal signs people in, so it answers for their accounts in a data-subject request."""

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import QuerySet

from partnerstwa.privacy.holders import Holder, Subject, register


@register
class AccountHolder(Holder):
    models = ("auth.User",)
    context = {"auth.User": ("date_joined", "last_login", "is_active")}

    def records(self, subject: Subject) -> dict[str, QuerySet]:
        return {"auth.User": get_user_model().objects.filter(email__iexact=subject.email)}

    def rectify(self, subject: Subject, values: dict[str, str]) -> dict[str, int]:
        names = {k: v for k, v in values.items() if k in ("first_name", "last_name") and v}
        if not names:
            return {}
        return {"auth.User": self.records(subject)["auth.User"].update(**names)}

    @transaction.atomic
    def erase(self, subject: Subject) -> dict[str, int]:
        """The account can no longer sign in and names no one: its user name becomes a number,
        names and address go, the password can never match, its sessions end."""
        users = list(self.records(subject)["auth.User"])
        for user in users:
            user.username = f"usuniete-konto-{user.pk}"
            user.first_name = user.last_name = user.email = ""
            user.is_active = False
            user.set_unusable_password()
            user.save(update_fields=["username", "first_name", "last_name", "email", "is_active",
                                     "password"])  # fmt: skip
        if users:
            ids = {str(user.pk) for user in users}
            for session in Session.objects.iterator():
                if session.get_decoded().get("_auth_user_id") in ids:
                    session.delete()
        return {"auth.User": len(users)} if users else {}

    def values(self, subject: Subject) -> set[str]:
        found = super().values(subject)
        for user in self.records(subject)["auth.User"]:
            if len(user.username) > 2:
                found.add(user.username)
        return found
