from django import forms
from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from partnerstwa.advocacy import services
from partnerstwa.advocacy.models import (
    Addressee,
    AreaOfLaw,
    BarrierReport,
    LegalActReference,
    LegalBarrier,
    Recommendation,
    StatusChange,
)
from partnerstwa.advocacy.workdays import reply_due
from partnerstwa.lib.collation import polish


@admin.register(AreaOfLaw)
class AreaOfLawAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name_pl"]}


@admin.register(Addressee)
class AddresseeAdmin(TranslationAdmin):
    list_display = ["name", "short_name", "is_current", "position"]
    list_filter = ["is_current"]
    search_fields = ["name_pl", "name_en", "short_name"]

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-is_current", polish("name_pl"))


class ReferenceInline(admin.TabularInline):
    model = LegalActReference
    extra = 1
    fields = ["year", "number", "position", "provision"]


class StatusChangeInline(admin.TabularInline):
    """The history is written by the status service only (staff page), never edited here."""

    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "from_status", "to_status", "changed_by", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LegalBarrier)
class LegalBarrierAdmin(TranslationAdmin):
    list_display = ["title", "area", "status", "reported_on", "is_published", "merged_into"]
    list_filter = ["status", "area", "is_published", "is_illustrative"]
    search_fields = ["title_pl", "title_en", "description_pl"]
    autocomplete_fields = ["organisations", "partnerships"]
    # Library documents live in Wagtail's admin, not here: chosen by number.
    raw_id_fields = ["evidence"]
    # Status moves and merges go through the staff pages, which keep the history.
    readonly_fields = ["status", "merged_into", "merged_at"]
    inlines = [ReferenceInline, StatusChangeInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            services.barrier_history_start(barrier=obj, by=request.user)


class RecommendationForm(forms.ModelForm):
    # The admin builds the Meta (model, fields) from this base.

    def clean(self):
        cleaned = super().clean()
        # The statutory 30 days (moved past weekends and holidays) unless staff set a day.
        if cleaned.get("sent_on") and not cleaned.get("reply_due"):
            cleaned["reply_due"] = reply_due(cleaned["sent_on"])
            self.instance.reply_due = cleaned["reply_due"]
        return cleaned


@admin.register(Recommendation)
class RecommendationAdmin(TranslationAdmin):
    form = RecommendationForm
    list_display = ["title", "addressee", "sent_on", "reply_due", "replied_on"]
    list_filter = ["addressee", "is_illustrative"]
    search_fields = ["title_pl", "title_en", "proposed_change_pl"]
    autocomplete_fields = ["barriers"]
    raw_id_fields = ["position_paper", "position_notice"]
    date_hierarchy = "sent_on"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Sending and the reply move the barriers that wait for them, as the services do.
        recommendation = form.instance
        if "sent_on" in form.changed_data and recommendation.sent_on:
            services.recommendation_send(
                recommendation=recommendation,
                sent_on=recommendation.sent_on,
                reply_due=recommendation.reply_due,
                by=request.user,
            )
        if "replied_on" in form.changed_data and recommendation.replied_on:
            services.recommendation_record_reply(
                recommendation=recommendation,
                text=recommendation.reply_text,
                replied_on=recommendation.replied_on,
                by=request.user,
            )


@admin.register(BarrierReport)
class BarrierReportAdmin(admin.ModelAdmin):
    list_display = ["title", "state", "organisation", "partnership", "created_at", "confirmed_at"]
    list_filter = ["state"]
    search_fields = ["title", "contact_email"]
    # Reviewed on the staff page (publish / reject), which tells the sender.
    readonly_fields = [
        "state",
        "created_at",
        "confirmed_at",
        "reviewed_at",
        "reviewed_by",
        "rejection_reason",
        "barrier",
    ]
    raw_id_fields = ["organisation", "partnership"]


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["barrier", "from_status", "to_status", "changed_at", "changed_by"]
    list_filter = ["to_status"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
