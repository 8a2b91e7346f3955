from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Case, F, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from partnerstwa.activities import services
from partnerstwa.activities.models import (
    Attendance,
    Certificate,
    EvaluationQuestion,
    Event,
    EventKind,
    EventMaterial,
    EventSeries,
    EventStatus,
    Registration,
    RegistrationState,
    Session,
)


class SessionInline(TranslationTabularInline):
    model = Session
    extra = 0
    fields = ["number", "title", "starts_at", "ends_at", "place"]


class MaterialInline(TranslationTabularInline):
    model = EventMaterial
    extra = 0


class QuestionInline(TranslationTabularInline):
    model = EvaluationQuestion
    extra = 0
    fields = ["order", "text"]


# Fields that mean something for one kind of event only; other kinds neither show nor save them.
KIND_ONLY_FIELDS = {
    EventKind.STUDY_VISIT: ["destination_country", "destination_city", "host_institutions"],
}


class WhenFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("upcoming and ongoing")), ("past", _("past"))]

    def queryset(self, request, queryset):
        if self.value() == "upcoming":
            return queryset.upcoming()
        if self.value() == "past":
            return queryset.past()
        return queryset


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    list_display = ["display_title", "kind", "starts_at", "status", "capacity", "staff_page"]
    list_filter = [WhenFilter, "status", "kind", "audience", "series", "is_illustrative"]
    search_fields = ["title", "slug", "venue_name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["venue_unit"]
    date_hierarchy = "starts_at"
    inlines = [SessionInline, MaterialInline, QuestionInline]
    readonly_fields = ["uid", "sequence", "staff_page"]
    add_form_template = "activities/admin/event_add_form.html"

    def get_ordering(self, request):
        """What a programme officer works on comes first: events not yet over, soonest first;
        then the past, latest first. A column header still sorts as asked."""
        now = timezone.now()
        return [
            Case(When(ends_at__lt=now, then=Value(1)), default=Value(0)).asc(),
            Case(When(ends_at__gte=now, then=F("starts_at"))).asc(nulls_last=True),
            F("starts_at").desc(),
        ]

    def _kind(self, request, obj) -> str:
        if obj is not None:
            return obj.kind
        # The add form: the kind chosen in the first step (?kind=…), or the one being sent.
        kind = request.POST.get("kind") or request.GET.get("kind", "")
        return kind if kind in EventKind.values else ""

    def get_fieldsets(self, request, obj=None):
        kind = self._kind(request, obj)
        main = [
            "kind",
            "title",
            "slug",
            "status",
            "description",
            "series",
            "series_number",
            "is_illustrative",
        ]
        if obj is not None:
            main.append("staff_page")
        fieldsets = [
            (None, {"fields": main}),
            (
                _("Time and place"),
                {
                    "fields": [
                        "starts_at",
                        "ends_at",
                        "venue_name",
                        "venue_address",
                        "venue_unit",
                        "online_url",
                    ]
                },
            ),
        ]
        study_visit = KIND_ONLY_FIELDS[EventKind.STUDY_VISIT]
        if kind == EventKind.STUDY_VISIT:
            fieldsets.append((_("Study visit"), {"fields": study_visit}))
        elif not kind:
            fieldsets.append(
                (
                    _("Study visit"),
                    {
                        "fields": study_visit,
                        "description": _(
                            "Only for a study visit: other kinds of event neither show nor "
                            "save these fields."
                        ),
                    },
                )
            )
        fieldsets.append(
            (
                _("Registration"),
                {
                    "fields": [
                        "organisers",
                        "audience",
                        "capacity",
                        "seats_per_organisation",
                        "registration_opens_at",
                        "registration_closes_at",
                        "requires_approval",
                    ]
                },
            )
        )
        fieldsets.append((_("Calendar"), {"fields": ["uid", "sequence"]}))
        # Translated fields (title, description…) become their Polish and English fields.
        return [
            (name, {**options, "fields": self.replace_orig_field(options["fields"])})
            for name, options in fieldsets
        ]

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "kinds": EventKind.choices,
            "chosen_kind": self._kind(request, None),
        }
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            event = self.get_object(request, object_id)
            if event is not None and event.status == EventStatus.DRAFT:
                self.message_user(
                    request,
                    _(
                        "This event is a draft: it is not public. Visitors see it once its "
                        "status is “published”."
                    ),
                    messages.WARNING,
                )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("title"), ordering="title")
    def display_title(self, event: Event) -> str:
        if event.is_illustrative:
            return _("%(name)s (illustrative example)") % {"name": event.title}
        return event.title

    @admin.display(description=_("staff page"))
    def staff_page(self, event: Event) -> str:
        if not event.pk:
            return "-"
        return format_html(
            '<a href="{}">{}</a>', reverse("activities:staff_event", args=[event.slug]), _("open")
        )

    def save_model(self, request, obj, form, change):
        # Calendar clients notice a change only when SEQUENCE grows.
        if change:
            obj.sequence += 1
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.event_add_defaults(event=form.instance)
        # A raised capacity or seat limit gives seats to the waitlist at once.
        services.waitlist_promote(event_id=form.instance.pk)


@admin.register(EventSeries)
class EventSeriesAdmin(TranslationAdmin):
    list_display = ["title", "required_attendance_share"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title"]
    actions = ["issue_certificates"]

    @admin.action(description=_("Issue series certificates"))
    def issue_certificates(self, request, queryset):
        for series in queryset:
            run = services.certificates_issue_for_series(series=series)
            self.message_user(
                request,
                _("%(series)s: %(issued)s certificates issued.")
                % {"series": series, "issued": run.issued},
            )


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = [
        "last_name",
        "first_name",
        "event",
        "organisation_display",
        "state",
        "needs_review",
        "created_at",
    ]
    list_filter = ["state", "needs_review", "event"]
    search_fields = ["last_name", "first_name", "email", "organisation__name", "organisation_name"]
    autocomplete_fields = ["organisation"]
    list_select_related = ["event", "organisation"]
    readonly_fields = [
        "event",
        "person",
        "state",
        "consent_text",
        "consent_given_at",
        "created_at",
        "cancelled_at",
        "evaluation_sent_at",
    ]
    actions = ["approve", "cancel"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("organisation"))
    def organisation_display(self, registration: Registration) -> str:
        return registration.organisation_label

    def save_model(self, request, obj, form, change):
        # Linking a typed organisation to the registry settles the review.
        if obj.organisation_id:
            obj.needs_review = False
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Approve the chosen registrations"))
    def approve(self, request, queryset):
        done = 0
        for registration in queryset.filter(state=RegistrationState.PENDING):
            try:
                services.registration_approve(registration_id=registration.pk)
                done += 1
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
        self.message_user(request, _("Approved: %(count)s.") % {"count": done})

    @admin.action(description=_("Cancel the chosen registrations (the waitlist moves up)"))
    def cancel(self, request, queryset):
        count = 0
        for registration in queryset.exclude(state=RegistrationState.CANCELLED):
            services.registration_cancel(registration_id=registration.pk)
            count += 1
        self.message_user(request, _("Cancelled: %(count)s.") % {"count": count})


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["person", "session", "method", "recorded_by", "recorded_at"]
    list_filter = ["method", "session__event"]
    search_fields = ["person__last_name", "person__email"]
    autocomplete_fields = ["person", "organisation"]
    list_select_related = ["person", "session__event", "recorded_by"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "holder_name", "event", "series", "issued_at", "download"]
    search_fields = ["code", "holder_name"]
    list_select_related = ["event", "series"]
    readonly_fields = ["code", "person", "event", "series", "holder_name", "issued_at"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("PDF"))
    def download(self, certificate: Certificate) -> str:
        url = reverse("activities:certificate_pdf", args=[services.certificate_token(certificate)])
        return format_html('<a href="{}">{}</a>', url, _("download"))
