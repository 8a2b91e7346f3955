"""The partnerships' public texts in both languages (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from partnerstwa.partnerships.models import Deliverable, FundingProgramme, Partnership, Project


@register(Partnership)
class PartnershipTranslation(TranslationOptions):
    fields = ("name", "description")


@register(FundingProgramme)
class FundingProgrammeTranslation(TranslationOptions):
    fields = ("name",)


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("title",)


@register(Deliverable)
class DeliverableTranslation(TranslationOptions):
    fields = ("title",)
