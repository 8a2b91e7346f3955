"""The events' public texts in both languages (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from partnerstwa.activities.models import (
    EvaluationQuestion,
    Event,
    EventMaterial,
    EventSeries,
    Session,
)


@register(EventSeries)
class EventSeriesTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description", "venue_name", "host_institutions", "organisers")


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "place")


@register(EventMaterial)
class EventMaterialTranslation(TranslationOptions):
    fields = ("title",)


@register(EvaluationQuestion)
class EvaluationQuestionTranslation(TranslationOptions):
    fields = ("text",)
