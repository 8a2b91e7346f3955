import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from partnerstwa.advocacy import services
from partnerstwa.advocacy.models import Addressee, AreaOfLaw, LegalBarrier, Recommendation


class AreaOfLawFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaOfLaw

    name = factory.Sequence(lambda n: f"Obszar {n}")
    slug = factory.Sequence(lambda n: f"obszar-{n}")


class AddresseeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Addressee

    name = factory.Sequence(lambda n: f"Ministerstwo {n}")
    short_name = factory.Sequence(lambda n: f"M{n}")


def barrier(**fields) -> LegalBarrier:
    """A barrier through the service (its first history row included), published unless told."""
    defaults = {
        "title": "Brak podstawy do wspólnego zamówienia gmin",
        "description": "Gminy nie mogą wspólnie zlecić usługi bez przetargu.",
        "area": fields.pop("area", None) or AreaOfLawFactory(),
        "reported_on": datetime.date(2016, 3, 3),
        "legal_acts": "Dz.U. 2016 poz. 446, art. 10 ust. 1",
        "is_published": True,
    }
    defaults.update(fields)
    return services.barrier_create(**defaults)


def recommendation(barriers, **fields) -> Recommendation:
    defaults = {
        "title": "Rekomendacja zmiany ustawy",
        "proposed_change": "Dopuścić wspólne zamówienia gmin bez przetargu.",
        "addressee": fields.pop("addressee", None) or AddresseeFactory(),
        "barriers": barriers,
    }
    defaults.update(fields)
    return services.recommendation_create(**defaults)


def staff_user(username: str = "biuro", *permissions: str, email: str = "biuro@example.org"):
    """A staff account holding the named permissions ("advocacy.change_legalbarrier")."""
    user = get_user_model().objects.create_user(username, email=email, password="x", is_staff=True)
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


ALL_PERMISSIONS = (
    "advocacy.view_barrierreport",
    "advocacy.change_barrierreport",
    "advocacy.view_legalbarrier",
    "advocacy.change_legalbarrier",
    "advocacy.view_recommendation",
    "advocacy.change_recommendation",
)
