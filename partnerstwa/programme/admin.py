from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from partnerstwa.programme.models import Programme


@admin.register(Programme)
class ProgrammeAdmin(TranslationAdmin):
    """The programme's texts are edited in Polish and English side by side."""

    list_display = ["__str__", "operator", "starts_on", "ends_on", "is_current"]
