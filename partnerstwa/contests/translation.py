"""The contest's public texts in both languages (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from partnerstwa.contests.models import Category, ContestEdition, Criterion, Question


@register(ContestEdition)
class ContestEditionTranslation(TranslationOptions):
    fields = ("name", "rules", "decided_where")


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name",)


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text",)
