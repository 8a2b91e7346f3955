from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from partnerstwa.newsletter.models import (
    ConsentRecord,
    ConsentText,
    Delivery,
    Subscriber,
    SuppressedAddress,
    Topic,
)


@admin.register(Topic)
class TopicAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position", "is_active"]
    prepopulated_fields = {"slug": ["name_pl"]}


@admin.register(ConsentText)
class ConsentTextAdmin(TranslationAdmin):
    """A wording once shown is never changed: a new wording is added as a new version."""

    list_display = ["version", "created_at"]

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        latest = ConsentText.objects.order_by("-version").first()
        obj.version = (latest.version + 1) if latest else 1
        super().save_model(request, obj, form, change)

    def get_exclude(self, request, obj=None):
        return ["version"]


class ConsentRecordInline(admin.TabularInline):
    model = ConsentRecord
    extra = 0
    can_delete = False
    readonly_fields = ["text", "method", "basis", "given_at", "confirmed_at", "withdrawn_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "language", "status", "created_at", "confirmed_at", "is_illustrative"]
    list_filter = ["status", "language", "topics", "is_illustrative"]
    search_fields = ["email"]
    readonly_fields = ["status", "created_at", "confirmed_at", "unsubscribed_at", "soft_bounces"]
    inlines = [ConsentRecordInline]


@admin.register(SuppressedAddress)
class SuppressedAddressAdmin(admin.ModelAdmin):
    list_display = ["address", "reason", "created_at"]
    list_filter = ["reason"]
    search_fields = ["address"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["campaign", "address", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["address"]
    list_select_related = ["campaign"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
