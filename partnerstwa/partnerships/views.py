from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy, ngettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerstwa.lib import freshness, spreadsheets
from partnerstwa.lib.collation import polish, sort_key
from partnerstwa.lib.downloads import download
from partnerstwa.lib.forms import add_validation_error, filtering
from partnerstwa.lib.text import parse_int
from partnerstwa.lib.uploads import attachment_response
from partnerstwa.partnerships import selectors, services
from partnerstwa.partnerships.addresses import follows_former_address
from partnerstwa.partnerships.exports import partnership_dataset
from partnerstwa.partnerships.forms import (
    ContactForm,
    DeliverableForm,
    PartnershipEditForm,
    PartnershipFilterForm,
    ProjectForm,
    SupportNotesForm,
)
from partnerstwa.partnerships.map import outline, shade
from partnerstwa.partnerships.models import (
    Deliverable,
    Partnership,
    PartnershipMember,
    Project,
    SupportEngagement,
    SupportForm,
)
from partnerstwa.partnerships.sections import partnership_sections
from partnerstwa.registry import selectors as registry_selectors

PAGE_SIZE = 25
# A voivodeship's name and count on the map, as a screen reader and a tooltip say it.
PER_REGION = ngettext_lazy(
    "%(name)s: %(count)s partnership", "%(name)s: %(count)s partnerships", "count"
)
EXPORT_TYPES = spreadsheets.CONTENT_TYPES


def _filtered(request: HttpRequest):
    form = PartnershipFilterForm(request.GET or None)
    partnerships = selectors.partnership_list(form.filters(), on=timezone.localdate())
    return form, partnerships


@require_GET
def partnership_list(request: HttpRequest) -> HttpResponse:
    if filtering(request, PartnershipFilterForm):
        form = PartnershipFilterForm(request.GET)
        filters, blank_filters = form.filters(), None
    else:
        form, filters, blank_filters = None, selectors.PartnershipFilters(), _blank_filters()
    keys = selectors.partnership_list_keys(filters, on=timezone.localdate())
    page = Paginator(keys, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.partnership_rows(selectors.partnerships_by_keys(page.object_list))
    return render(
        request,
        "partnerships/partnership_list.html",
        {"form": form, "blank_filters": blank_filters, "page": page},
    )


@freshness.kept("registry", "partnerships", key=get_language)
def _blank_filters() -> str:
    """The filter form with nothing chosen, as most visitors get it: made once per change of
    its choices (voivodeships, funding programmes, associations) and language, not per page."""
    return render_to_string(
        "portal/_filters.html",
        {
            "form": PartnershipFilterForm(None),
            "filter_label": _("Filter partnerships"),
            "clear_url": reverse("partnerships:list"),
        },
    )


@require_GET
def partnership_export(request: HttpRequest, file_type: str) -> HttpResponse:
    if file_type not in EXPORT_TYPES:
        raise Http404
    _form, partnerships = _filtered(request)
    dataset = partnership_dataset(selectors.partnership_rows(partnerships))
    content = spreadsheets.export(dataset, file_type)
    stamp = timezone.localdate().isoformat()
    return download(content, f"partnerstwa-{stamp}.{file_type}", EXPORT_TYPES[file_type])


@require_GET
def partnership_map(request: HttpRequest) -> HttpResponse:
    counts = selectors.partnership_counts_by_voivodeship()
    highest = max((count["all"] for count in counts.values()), default=0)
    shapes = outline()
    names = dict(registry_selectors.voivodeships())
    list_url = reverse("partnerships:list")
    regions = []
    for region in shapes.regions:
        count = counts.get(region.code, {"all": 0, "illustrative": 0})
        name = names.get(region.code, region.name)
        regions.append(
            {
                "region": region,
                # Drawn from the shipped shapes as numbers and letters only: nothing to escape.
                "path": mark_safe(region.path),
                "name": name,
                "href": f"{list_url}?wojewodztwo={region.code}",
                "label": PER_REGION % {"name": name, "count": count["all"]},
                "count": count["all"],
                "illustrative": count["illustrative"],
                "shade": shade(count["all"], highest),
            }
        )
    # The table lists the voivodeships in Polish alphabetical order.
    regions.sort(key=lambda item: sort_key(item["name"]))
    return render(
        request,
        "partnerships/partnership_map.html",
        {
            "regions": regions,
            "width": shapes.width,
            "height": shapes.height,
            "highest": highest,
            "legend": range(1, 6),
            "any_illustrative": any(item["illustrative"] for item in regions),
        },
    )


@require_GET
@follows_former_address
def partnership_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        partnership = selectors.partnership_get(slug)
    except Partnership.DoesNotExist:
        raise Http404 from None
    year = request.GET.get("rok")
    territory = selectors.partnership_territory(partnership, year=parse_int(year, max_digits=4))
    support = selectors.support_by_form(partnership)
    forms_labels = dict(SupportForm.choices)
    return render(
        request,
        "partnerships/partnership_detail.html",
        {
            "partnership": partnership,
            "groups": selectors.members_by_sector(partnership),
            "territory": territory,
            "totals": selectors.project_totals(partnership),
            "support": [dict(row, label=forms_labels[row["form"]]) for row in support],
            "support_hours": sum((row["hours"] for row in support), start=0),
            "experts": selectors.support_experts(partnership),
            # Sections of the apps built on partnerships (the events its people attended).
            "sections": partnership_sections(partnership, request),
            # A visitor edits nothing: no query is built for one.
            "can_edit": request.user.is_authenticated
            and Partnership.objects.editable_by(request.user).filter(pk=partnership.pk).exists(),
        },
    )


@require_GET
@follows_former_address
def deliverable_file(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    deliverable = get_object_or_404(Deliverable, pk=pk, partnership__slug=slug)
    if not deliverable.file:
        raise Http404
    return attachment_response(deliverable.file)


@require_GET
@follows_former_address
def agreement_file(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership, slug=slug)
    if not partnership.agreement_document:
        raise Http404
    return attachment_response(partnership.agreement_document)


# Coordinator pages. Every view starts from _editable(), which answers 404 for a partnership the
# user may not edit, so a foreign partnership cannot even be told apart from a missing one.


def _editable(request: HttpRequest, slug: str) -> Partnership:
    return get_object_or_404(Partnership.objects.editable_by(request.user), slug=slug)


@login_required
@require_GET
def my_partnerships(request: HttpRequest) -> HttpResponse:
    partnerships = Partnership.objects.editable_by(request.user).order_by(polish("name"))
    return render(request, "partnerships/my_partnerships.html", {"partnerships": partnerships})


@login_required
@require_http_methods(["GET", "POST"])
@follows_former_address
def partnership_edit(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _editable(request, slug)
    form = PartnershipEditForm(request.POST or None, instance=partnership)
    if request.method == "POST" and form.is_valid():
        services.partnership_update(partnership=partnership, **form.cleaned_data)
        messages.success(request, _("The description was saved."))
        return redirect("partnerships:edit", slug=slug)
    context = {
        "partnership": partnership,
        "form": form,
        "members": partnership.members.select_related("organisation", "contact_person").order_by(
            "role", polish("organisation__name")
        ),
        "projects": partnership.projects.select_related("funding_programme"),
        "deliverables": partnership.deliverables.all(),
        "engagements": partnership.support_engagements.select_related("expert"),
    }
    return render(request, "partnerships/edit/overview.html", context)


CONTACT_INTRO = gettext_lazy(
    "Changing the name points to another contact person, unless this form entered this one, "
    "which is then corrected; the e-mail, phone and position below are this partnership's own."
)


@login_required
@require_http_methods(["GET", "POST"])
@follows_former_address
def member_contact(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = _editable(request, slug)
    member = get_object_or_404(
        PartnershipMember.objects.select_related("organisation", "contact_person"),
        pk=pk,
        partnership=partnership,
    )
    person = member.contact_person
    # Only the name comes from the registry; the rest is the partnership's own record, so a
    # registry person's e-mail or phone never reaches the coordinator.
    initial = {
        "first_name": person.first_name if person else "",
        "last_name": person.last_name if person else "",
        "email": member.contact_email,
        "phone": member.contact_phone,
        "position": member.contact_position,
    }
    # One sentence for every contact, whoever entered it: the page must not tell whether a
    # name was already in the registry (finding 3).
    intro = CONTACT_INTRO if person is not None else ""
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_contact_set(member=member, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The contact person was saved."))
            return redirect("partnerships:edit", slug=slug)
    return render(
        request,
        "partnerships/edit/form.html",
        {
            "partnership": partnership,
            "form": form,
            "title": _("Contact person of %(organisation)s")
            % {"organisation": member.organisation},
            "intro": intro,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@follows_former_address
def project_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    partnership = _editable(request, slug)
    project = get_object_or_404(Project, pk=pk, partnership=partnership) if pk else None
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "funding_programme_name"}
        try:
            with transaction.atomic():
                fields["funding_programme"] = services.funding_programme_get_or_create(
                    form.cleaned_data["funding_programme_name"]
                )
                services.project_save(partnership=partnership, project=project, **fields)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The project was saved."))
            return redirect("partnerships:edit", slug=slug)
    title = _("Edit project") if project else _("New project")
    return render(
        request,
        "partnerships/edit/form.html",
        {"partnership": partnership, "form": form, "title": title},
    )


@login_required
@require_POST
@follows_former_address
def project_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = _editable(request, slug)
    get_object_or_404(Project, pk=pk, partnership=partnership).delete()
    messages.success(request, _("The project was deleted."))
    return redirect("partnerships:edit", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
@follows_former_address
def deliverable_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    partnership = _editable(request, slug)
    deliverable = get_object_or_404(Deliverable, pk=pk, partnership=partnership) if pk else None
    previous_status = deliverable.status if deliverable else None
    form = DeliverableForm(
        request.POST or None, request.FILES or None, instance=deliverable, partnership=partnership
    )
    if request.method == "POST" and form.is_valid():
        try:
            if deliverable is not None:
                deliverable.status = previous_status  # the form wrote the new one already
            services.deliverable_save(
                partnership=partnership, deliverable=deliverable, **form.cleaned_data
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The document was saved."))
            return redirect("partnerships:edit", slug=slug)
    title = _("Edit document") if deliverable else _("New document")
    return render(
        request,
        "partnerships/edit/form.html",
        {"partnership": partnership, "form": form, "title": title, "multipart": True},
    )


@login_required
@require_POST
@follows_former_address
def deliverable_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = _editable(request, slug)
    deliverable = get_object_or_404(Deliverable, pk=pk, partnership=partnership)
    services.deliverable_delete(deliverable=deliverable)
    messages.success(request, _("The document was deleted."))
    return redirect("partnerships:edit", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
@follows_former_address
def support_notes(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = _editable(request, slug)
    engagement = get_object_or_404(SupportEngagement, pk=pk, partnership=partnership)
    form = SupportNotesForm(request.POST or None, instance=engagement)
    if request.method == "POST" and form.is_valid():
        services.support_notes_update(engagement=engagement, notes=form.cleaned_data["notes"])
        messages.success(request, _("The notes were saved."))
        return redirect("partnerships:edit", slug=slug)
    return render(
        request,
        "partnerships/edit/form.html",
        {
            "partnership": partnership,
            "form": form,
            "title": _("Notes on the support of %(date)s: %(topic)s")
            % {"date": date_format(engagement.date, "j E Y"), "topic": engagement.topic},
        },
    )
