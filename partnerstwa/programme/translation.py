"""The programme's public texts in both languages (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from partnerstwa.programme.models import Programme


@register(Programme)
class ProgrammeTranslation(TranslationOptions):
    fields = ("name", "short_name", "operator", "partners", "funding", "description")
