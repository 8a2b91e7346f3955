"""The kinds of territorial unit and organisation, apart from the models so validators can read
them without importing the models that use the validators."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitLevel(models.TextChoices):
    VOIVODESHIP = "voivodeship", _("voivodeship")
    POWIAT = "powiat", _("powiat")
    GMINA = "gmina", _("gmina")
    GMINA_PART = "gmina_part", _("part of a gmina")


class OrganisationKind(models.TextChoices):
    GMINA = "gmina", _("gmina")
    POWIAT = "powiat", _("powiat")
    VOIVODESHIP = "wojewodztwo", _("voivodeship (regional government)")
    NGO = "ngo", _("non-governmental organisation")
    BUSINESS = "business", _("business")
    SCIENCE = "science", _("university or research institute")
    PUBLIC = "public", _("public institution")
    OTHER = "other", _("other")


# Which register level a local government of each kind stands for.
LOCAL_GOVERNMENT_LEVELS = {
    OrganisationKind.GMINA: UnitLevel.GMINA,
    OrganisationKind.POWIAT: UnitLevel.POWIAT,
    OrganisationKind.VOIVODESHIP: UnitLevel.VOIVODESHIP,
}
