import datetime

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from partnerstwa.lib.collation import polish
from partnerstwa.partnerships.models import (
    Deliverable,
    FundingProgramme,
    MemberRole,
    Partnership,
    PartnershipMember,
    PartnershipSlugHistory,
    Project,
    SupportEngagement,
)
from partnerstwa.partnerships.services import project_amounts

FAR_PAST, FAR_FUTURE = datetime.date.min, datetime.date.max


class MemberFormSet(forms.BaseInlineFormSet):
    """All of a partnership's members are in this form set, so the rules that span rows (one
    leader a day, one membership of an organisation at a time) are checked across it here."""

    def clean(self):
        super().clean()
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("organisation"):
                continue
            period = (data.get("joined_on") or FAR_PAST, data.get("left_on") or FAR_FUTURE)
            rows.append((data["organisation"], data.get("role"), period))
        for index, (organisation, role, (start, end)) in enumerate(rows):
            for other, other_role, (other_start, other_end) in rows[index + 1 :]:
                if start > other_end or other_start > end:
                    continue
                if other == organisation:
                    raise ValidationError(
                        _("%(organisation)s is a member twice in the same period.")
                        % {"organisation": organisation}
                    )
                if role == other_role == MemberRole.LEADER:
                    raise ValidationError(
                        _("Two leaders in the same period: a partnership has one leader a day.")
                    )


class MemberInline(admin.TabularInline):
    model = PartnershipMember
    formset = MemberFormSet
    extra = 0
    autocomplete_fields = ["organisation", "contact_person"]
    fields = [
        "organisation",
        "role",
        "joined_on",
        "left_on",
        "contact_person",
        "contact_email",
        "contact_phone",
        "contact_position",
    ]


class ProjectAdminForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "partnership",
            "title",
            "reference",
            "funding_programme",
            "total_value",
            "grant",
            "own_contribution",
            "starts_on",
            "ends_on",
            "status",
        ]

    def clean(self):
        cleaned = super().clean()
        amounts = project_amounts(
            total_value=cleaned.get("total_value"),
            grant=cleaned.get("grant"),
            own_contribution=cleaned.get("own_contribution"),
        )
        cleaned["total_value"], cleaned["grant"], cleaned["own_contribution"] = amounts
        self.instance.total_value, self.instance.grant, self.instance.own_contribution = amounts
        return cleaned


class ProjectInline(TranslationStackedInline):
    model = Project
    form = ProjectAdminForm
    extra = 0
    autocomplete_fields = ["funding_programme"]


class FormerSlugInline(admin.TabularInline):
    model = PartnershipSlugHistory
    extra = 0
    fields = ["slug", "replaced_at"]
    readonly_fields = ["replaced_at"]
    verbose_name_plural = _("former addresses (they answer 301 to the present one)")


@admin.register(Partnership)
class PartnershipAdmin(TranslationAdmin):
    list_display = ["display_name", "area_kind", "status", "formed_on", "is_illustrative"]
    list_filter = ["is_illustrative", "status", "area_kind"]
    # Polish alphabetical and natural order (Meta.ordering cannot hold the collation).
    ordering = [polish("name").asc()]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["coordinators"]
    inlines = [MemberInline, ProjectInline, FormerSlugInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "area_kind", "status", "formed_on", "is_illustrative"]}),
        (_("Agreement"), {"fields": ["agreement_signed_on", "agreement_document"]}),
        (_("Description"), {"fields": ["description", "website"]}),
        (_("Coordinators"), {"fields": ["coordinators"]}),
        (
            _("Sources"),
            {"fields": ["sources", "source_notes", "leader_as_named", "declared_partner_count"]},
        ),
    ]

    def save_model(self, request, obj, form, change):
        # A changed address keeps the old one answering 301 (the public pages follow it).
        previous = form.initial.get("slug") if change else None
        super().save_model(request, obj, form, change)
        if previous and previous != obj.slug:
            PartnershipSlugHistory.objects.filter(slug=obj.slug).delete()
            PartnershipSlugHistory.objects.get_or_create(
                slug=previous, defaults={"partnership": obj}
            )

    @admin.display(description=_("name"), ordering=polish("name"))
    def display_name(self, partnership: Partnership) -> str:
        if partnership.is_illustrative:
            return _("%(name)s (illustrative example)") % {"name": partnership.name}
        return partnership.name


@admin.register(Project)
class ProjectAdmin(TranslationAdmin):
    form = ProjectAdminForm
    list_display = ["title", "partnership", "funding_programme", "total_value", "grant", "status"]
    list_filter = ["funding_programme", "status"]
    search_fields = ["title", "reference", "partnership__name"]
    autocomplete_fields = ["partnership", "funding_programme"]
    list_select_related = ["partnership", "funding_programme"]


@admin.register(FundingProgramme)
class FundingProgrammeAdmin(TranslationAdmin):
    search_fields = ["name"]
    ordering = [polish("name").asc()]


@admin.register(Deliverable)
class DeliverableAdmin(TranslationAdmin):
    list_display = ["title", "partnership", "kind", "status", "adopted_on"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "partnership__name"]
    autocomplete_fields = ["partnership", "project"]
    list_select_related = ["partnership"]


@admin.register(SupportEngagement)
class SupportEngagementAdmin(admin.ModelAdmin):
    list_display = ["date", "partnership", "expert", "form", "hours", "topic"]
    list_filter = ["form"]
    search_fields = ["topic", "partnership__name", "expert__last_name"]
    autocomplete_fields = ["partnership", "expert"]
    list_select_related = ["partnership", "expert"]
    date_hierarchy = "date"
