from django.contrib import admin

from partnerstwa.programme.models import Programme


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "operator", "starts_on", "ends_on", "is_current"]
