from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerstwa.lib.collation import polish
from partnerstwa.registry.models import (
    Affiliation,
    Association,
    AssociationMembership,
    Organisation,
    Person,
    TerritorialUnit,
    TerytImport,
)
from partnerstwa.registry.services import default_organisation_name
from partnerstwa.registry.validators import compact_nip, compact_regon


class VoivodeshipFilter(admin.SimpleListFilter):
    title = _("voivodeship")
    parameter_name = "voivodeship"
    code_lookup = "code__startswith"

    def lookups(self, request, model_admin):
        return [
            (unit.code, unit.display_name)
            for unit in TerritorialUnit.objects.voivodeships().in_force().order_by(polish("name"))
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.code_lookup: self.value()})
        return queryset


class OrganisationVoivodeshipFilter(VoivodeshipFilter):
    code_lookup = "territorial_unit__code__startswith"


class InForceFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "in_force"

    def lookups(self, request, model_admin):
        return [("yes", _("in force")), ("no", _("retired"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(retired_on__isnull=True)
        if self.value() == "no":
            return queryset.filter(retired_on__isnull=False)
        return queryset


class CurrentMembershipFilter(admin.SimpleListFilter):
    title = _("member of (today)")
    parameter_name = "member_of"

    def lookups(self, request, model_admin):
        return [(a.code, a.code) for a in Association.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(
                pk__in=Organisation.objects.members_of(self.value(), timezone.localdate())
            )
        return queryset


@admin.register(TerritorialUnit)
class TerritorialUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "unit_type", "name_extra", "valid_from", "retired_on"]
    list_filter = [VoivodeshipFilter, "level", "unit_type", InForceFilter]
    search_fields = ["code", "name", "name_folded"]
    readonly_fields = [f.name for f in TerritorialUnit._meta.fields]
    list_select_related = ["parent"]
    show_full_result_count = False

    def has_add_permission(self, request):
        # The register comes from GUS through import_teryt, never by hand.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        from partnerstwa.lib.text import fold

        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            queryset = queryset | self.model.objects.filter(name_folded__contains=fold(search_term))
        return queryset, duplicates


class MembershipInline(admin.TabularInline):
    model = AssociationMembership
    extra = 0
    fields = ["association", "joined_on", "left_on", "is_illustrative"]


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["person", "organisation"]
    fields = ["person", "organisation", "position", "started_on", "ended_on"]


class OrganisationAdminForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "kind",
            "territorial_unit",
            "name",
            "short_name",
            "nip",
            "regon",
            "krs",
            "address",
            "website",
            "email",
            "is_illustrative",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["name"].help_text = _(
            "Leave empty for a local government to take the name from its territorial unit."
        )

    def clean_nip(self):
        return compact_nip(self.cleaned_data["nip"])

    def clean_regon(self):
        return compact_regon(self.cleaned_data["regon"])

    def clean(self):
        cleaned = super().clean()
        unit = cleaned.get("territorial_unit")
        if not cleaned.get("name"):
            if unit is None:
                self.add_error("name", _("Enter the organisation's name."))
            else:
                cleaned["name"] = default_organisation_name(unit)
                self.instance.name = cleaned["name"]
        return cleaned


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationAdminForm
    # Polish alphabetical and natural order (Meta.ordering cannot hold the collation).
    ordering = [polish("name").asc()]
    list_display = ["name", "kind", "territorial_unit", "nip", "regon", "is_illustrative"]
    list_filter = [
        OrganisationVoivodeshipFilter,
        "kind",
        CurrentMembershipFilter,
        "is_illustrative",
    ]
    search_fields = ["name", "short_name", "nip", "regon", "krs", "territorial_unit__code"]
    autocomplete_fields = ["territorial_unit"]
    list_select_related = ["territorial_unit"]
    inlines = [MembershipInline, AffiliationInline]
    fieldsets = [
        (None, {"fields": ["kind", "territorial_unit", "name", "short_name", "is_illustrative"]}),
        (_("Identifiers"), {"fields": ["nip", "regon", "krs"]}),
        (_("Contact"), {"fields": ["address", "website", "email"]}),
    ]


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "country", "website"]
    search_fields = ["code", "name"]


@admin.register(AssociationMembership)
class AssociationMembershipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "association", "joined_on", "left_on", "is_illustrative"]
    list_filter = ["association", ("left_on", admin.EmptyFieldListFilter), "is_illustrative"]
    search_fields = ["organisation__name"]
    autocomplete_fields = ["organisation"]
    list_select_related = ["organisation", "association"]
    date_hierarchy = "joined_on"


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "phone", "is_illustrative"]
    ordering = [polish("last_name").asc(), polish("first_name").asc()]
    list_filter = ["is_illustrative"]
    search_fields = ["last_name", "first_name", "email"]
    inlines = [AffiliationInline]


@admin.register(TerytImport)
class TerytImportAdmin(admin.ModelAdmin):
    list_display = [
        "imported_at",
        "file_name",
        "state_on",
        "created",
        "updated",
        "retired",
        "unchanged",
    ]
    readonly_fields = [f.name for f in TerytImport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
