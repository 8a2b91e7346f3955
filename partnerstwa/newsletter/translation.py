"""The newsletter's public texts in both languages (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from partnerstwa.newsletter.models import ConsentText, Topic


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name",)


@register(ConsentText)
class ConsentTextTranslation(TranslationOptions):
    fields = ("text",)
