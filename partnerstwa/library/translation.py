from modeltranslation.translator import TranslationOptions, register

from partnerstwa.library.models import DocumentCategory


@register(DocumentCategory)
class DocumentCategoryTranslation(TranslationOptions):
    fields = ("name",)
