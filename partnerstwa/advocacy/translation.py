"""Advocacy's public texts in both languages (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from partnerstwa.advocacy.models import Addressee, AreaOfLaw, LegalBarrier, Recommendation


@register(AreaOfLaw)
class AreaOfLawTranslation(TranslationOptions):
    fields = ("name",)


@register(Addressee)
class AddresseeTranslation(TranslationOptions):
    fields = ("name",)


@register(LegalBarrier)
class LegalBarrierTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Recommendation)
class RecommendationTranslation(TranslationOptions):
    fields = ("title", "proposed_change")
