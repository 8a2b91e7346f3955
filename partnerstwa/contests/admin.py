from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from partnerstwa.contests.models import (
    Application,
    Category,
    ConflictDeclaration,
    ContestEdition,
    Criterion,
    JuryMember,
    Question,
    Score,
)
from partnerstwa.contests.selectors import hidden_from
from partnerstwa.lib.collation import polish
from partnerstwa.lib.dates import end_of_day_if_midnight


class HidesConflicts:
    """A staff member who sits on a jury sees none of the applications they have a conflict
    with here either, nor anything about them (the rule of selectors.ContestAccess)."""

    application_path = "application"

    def get_queryset(self, request):
        hidden = hidden_from(request.user)
        queryset = super().get_queryset(request)
        return queryset.exclude(**{f"{self.application_path}__in": hidden}) if hidden else queryset


class CategoryInline(TranslationTabularInline):
    model = Category
    extra = 0


class CriterionInline(TranslationTabularInline):
    model = Criterion
    extra = 0
    fields = ["order", "name", "weight", "max_points"]


class QuestionInline(TranslationTabularInline):
    model = Question
    extra = 0
    fields = ["order", "text", "required"]


class JuryFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            seat = form.instance
            if seat.pk and (seat.scores.exists() or seat.declarations.exists()):
                raise forms.ValidationError(
                    _(
                        "The jury seat of %(juror)s cannot be deleted: it holds declarations or "
                        "scores of this edition, which stay in the jury's record."
                    )
                    % {"juror": seat}
                )


class JuryInline(admin.TabularInline):
    model = JuryMember
    formset = JuryFormSet
    extra = 0
    autocomplete_fields = ["user", "person"]


class ContestEditionForm(forms.ModelForm):
    class Meta:
        model = ContestEdition
        fields = "__all__"  # noqa: DJ007 (the admin's fieldsets choose)
        help_texts = {
            "applications_close_at": _(
                "A deadline at midnight is stored as 23:59 of that day: applications are "
                "accepted until the end of the day."
            )
        }

    def clean_applications_close_at(self):
        return end_of_day_if_midnight(self.cleaned_data.get("applications_close_at"))


@admin.register(ContestEdition)
class ContestEditionAdmin(TranslationAdmin):
    form = ContestEditionForm
    list_display = ["display_name", "year", "status", "decided_on", "results_page"]
    list_filter = ["status", "is_illustrative"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["gala_event"]
    inlines = [CategoryInline, CriterionInline, QuestionInline, JuryInline]
    # The status moves step by step on the results page, where the rules are enforced.
    readonly_fields = ["status"]
    ordering = ["-year", polish("name"), "pk"]

    @admin.display(description=_("name"), ordering="name")
    def display_name(self, edition: ContestEdition) -> str:
        if edition.is_illustrative:
            return _("%(name)s (illustrative example)") % {"name": edition.name}
        return edition.name

    @admin.display(description=_("results"))
    def results_page(self, edition: ContestEdition) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("contests:results", args=[edition.slug]), _("open")
        )


@admin.register(Application)
class ApplicationAdmin(HidesConflicts, admin.ModelAdmin):
    application_path = "pk"

    list_display = ["title", "edition", "organisation", "partnership", "status", "submitted_at"]
    list_filter = ["edition", "status", "is_illustrative"]
    search_fields = ["title", "organisation__name", "partnership__name", "contact_name"]
    autocomplete_fields = ["organisation", "partnership"]
    list_select_related = ["edition", "organisation", "partnership"]
    readonly_fields = ["status", "ineligibility_reason", "submitted_at", "updated_at"]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(HidesConflicts, admin.ModelAdmin):
    list_display = ["juror", "application", "has_conflict", "declared_at"]
    list_filter = ["has_conflict", "application__edition"]
    list_select_related = [
        "juror__person",
        "application__organisation",
        "application__partnership",
    ]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Score)
class ScoreAdmin(HidesConflicts, admin.ModelAdmin):
    list_display = ["application", "juror", "criterion", "points"]
    list_filter = ["application__edition"]
    list_select_related = [
        "application__organisation",
        "application__partnership",
        "juror__person",
        "criterion",
    ]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
