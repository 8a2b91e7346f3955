"""Writes for the contest: edition flow, applications, conflicts of interest, scores, awards."""

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstwa.activities.services import may_mail
from partnerstwa.contests import tasks

# The link's token is made in links; the views still name it through services.
from partnerstwa.contests.links import EDIT_LINK
from partnerstwa.contests.links import edit_token as edit_token
from partnerstwa.contests.models import (
    APPLICATION_FLOW,
    AWARDS,
    EDITION_FLOW,
    SCORABLE,
    Answer,
    Application,
    ApplicationStatus,
    Attachment,
    Category,
    ConflictDeclaration,
    ContestEdition,
    EditionFormerSlug,
    EditionStatus,
    JuryMember,
    Score,
    is_award_step,
    next_edition_status,
)
from partnerstwa.contests.selectors import (
    automatically_conflicted,
    conflicted_ids,
    contest_access,
)
from partnerstwa.lib.bounds import validate_long_text
from partnerstwa.lib.dates import end_of_day_if_midnight
from partnerstwa.lib.text import slug as text_slug
from partnerstwa.partnerships.models import Partnership
from partnerstwa.registry.models import Organisation

# The link and its token are declared in links (the task uses them too); the `as` import above
# keeps services.edit_token reachable for the views.


def edition_advance(
    *, edition: ContestEdition, to: str, by: AbstractBaseUser, on: datetime.date | None = None
) -> ContestEdition:
    """Move an edition to the next status; no step can be skipped or taken back. Only staff
    without a conflict in the edition take a step (README: "Who closes scoring")."""
    if not contest_access(edition, by).moves_edition:
        raise PermissionDenied
    with transaction.atomic():
        edition = ContestEdition.objects.select_for_update().get(pk=edition.pk)
        if to != next_edition_status(edition.status):
            raise ValidationError(
                _("An edition goes from “%(current)s” only to the next step, not to “%(to)s”.")
                % {
                    "current": EditionStatus(edition.status).label,
                    "to": EditionStatus(to).label if to in EDITION_FLOW else to,
                }
            )
        if (
            to == EditionStatus.PUBLISHED
            and not edition.applications.filter(status__in=AWARDS).exists()
        ):
            raise ValidationError(_("Name at least one laureate or distinction before publishing."))
        edition.status = to
        if to == EditionStatus.DECIDED and edition.decided_on is None:
            edition.decided_on = on or timezone.localdate()
        edition.save(update_fields=["status", "decided_on"])
    return edition


def _check_long_text(field: str, text: str) -> None:
    """A text kept without full_clean() meets the bounds of long text (lib.bounds)."""
    try:
        validate_long_text(text)
    except ValidationError as error:
        raise ValidationError({field: error}) from None


def application_from_token(token: str) -> Application:
    pk = EDIT_LINK.pk(token, Application)
    return Application.objects.select_related("edition").get(pk=pk)


def _check_answers(edition: ContestEdition, answers: dict[int, str]) -> None:
    errors = {}
    for question_id, text in answers.items():
        try:
            validate_long_text(text)
        except ValidationError as error:
            errors[f"q{question_id}"] = error
    if errors:
        raise ValidationError(errors)
    missing = [
        question.text
        for question in edition.questions.filter(required=True)
        if not answers.get(question.pk, "").strip()
    ]
    if missing:
        raise ValidationError(
            {
                "answers": _("Answer every required question: %(questions)s")
                % {"questions": "; ".join(missing)}
            }
        )


def application_submit(
    *,
    edition_id: int,
    title: str,
    contact_name: str,
    contact_email: str,
    organisation: Organisation | None = None,
    partnership: Partnership | None = None,
    category: Category | None = None,
    summary: str = "",
    answers: dict[int, str] | None = None,
    attachments: list[tuple[str, object]] = (),
    language: str = "pl",
    consent_text: str = "",
) -> Application:
    answers = answers or {}
    with transaction.atomic():
        edition = ContestEdition.objects.select_for_update().get(pk=edition_id)
        if not edition.accepts_applications:
            raise ValidationError(_("This edition does not accept applications now."))
        if (organisation is None) == (partnership is None):
            raise ValidationError(
                {"applicant": _("Choose the applicant: one organisation or one partnership.")}
            )
        if category is not None and category.edition_id != edition.pk:
            raise ValidationError({"category": _("Choose a category of this edition.")})
        _check_answers(edition, answers)
        application = Application(
            edition=edition,
            organisation=organisation,
            partnership=partnership,
            category=category,
            title=title.strip(),
            summary=summary.strip(),
            contact_name=contact_name.strip(),
            contact_email=contact_email.strip(),
            language=language,
            consent_text=consent_text,
            consent_given_at=timezone.now() if consent_text else None,
        )
        application.full_clean()
        application.save()
        _save_answers(application, answers)
        for attachment_title, upload in attachments:
            attachment = Attachment(application=application, title=attachment_title, file=upload)
            try:
                attachment.full_clean()
            except ValidationError as error:
                # The form has one attachment field; its title is the file's name.
                raise ValidationError({"attachment": error.messages}) from None
            attachment.save()
        # Anyone may type any address into the public form: the receipt goes to an address at
        # most once an hour per edition (the applicant sees the edit link on the next page).
        receipt = may_mail(application.contact_email, scope=f"contests.edition:{edition.pk}")
    if receipt:
        transaction.on_commit(lambda: tasks.send_application_receipt.enqueue(application.pk))
    return application


def _save_answers(application: Application, answers: dict[int, str]) -> None:
    for question in application.edition.questions.all():
        Answer.objects.update_or_create(
            application=application,
            question=question,
            defaults={"text": answers.get(question.pk, "").strip()},
        )


def application_update(
    *,
    application: Application,
    title: str,
    summary: str,
    contact_name: str,
    contact_email: str,
    category: Category | None,
    answers: dict[int, str],
) -> Application:
    """The applicant changes the application while the window is open."""
    with transaction.atomic():
        edition = ContestEdition.objects.select_for_update().get(pk=application.edition_id)
        if not edition.accepts_applications:
            raise ValidationError(_("Applications can be changed only while the call is open."))
        if category is not None and category.edition_id != edition.pk:
            raise ValidationError({"category": _("Choose a category of this edition.")})
        _check_answers(edition, answers)
        application.title, application.summary = title.strip(), summary.strip()
        application.contact_name, application.contact_email = (
            contact_name.strip(),
            contact_email.strip(),
        )
        application.category = category
        application.full_clean()
        application.save()
        _save_answers(application, answers)
    return application


def application_set_status(
    *, application: Application, status: str, by: AbstractBaseUser, reason: str = ""
) -> Application:
    """Eligibility and the final are set by staff while the jury works; awards by the chair or
    staff once scoring is over (edition decided); nothing changes after publication. To `by`, an
    application they have a conflict with does not exist."""
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("edition").get(pk=application.pk)
        )
        access = contest_access(application.edition, by)
        if not access.may_see(application):
            raise Application.DoesNotExist
        if not access.may_set_status(application, status):
            raise PermissionDenied
        edition_status = application.edition.status
        if status not in APPLICATION_FLOW.get(application.status, set()):
            raise ValidationError(
                _("An application cannot go from “%(current)s” to “%(to)s”.")
                % {
                    "current": ApplicationStatus(application.status).label,
                    "to": ApplicationStatus(status).label
                    if status in ApplicationStatus.values
                    else status,
                }
            )
        awarding = is_award_step(application.status, status)
        if awarding and edition_status != EditionStatus.DECIDED:
            raise ValidationError(
                _("Awards are given after scoring has closed and before publication.")
            )
        if not awarding and edition_status not in (EditionStatus.CLOSED, EditionStatus.SCORING):
            raise ValidationError(
                _(
                    "Eligibility and finalists are set between the close of the call "
                    "and the end of scoring."
                )
            )
        if status == ApplicationStatus.INELIGIBLE and not reason.strip():
            raise ValidationError(
                {"reason": _("Give the reason why the application is ineligible.")}
            )
        _check_long_text("reason", reason)
        application.status = status
        application.ineligibility_reason = (
            reason.strip() if status == ApplicationStatus.INELIGIBLE else ""
        )
        application.save(update_fields=["status", "ineligibility_reason"])
    return application


def declaration_make(
    *, juror: JuryMember, application: Application, has_conflict: bool, reason: str = ""
) -> ConflictDeclaration:
    if application.edition_id != juror.edition_id or application.pk in automatically_conflicted(
        juror
    ).values_list("pk", flat=True):
        raise Application.DoesNotExist
    if has_conflict and not reason.strip():
        raise ValidationError({"reason": _("Say what the conflict of interest is.")})
    _check_long_text("reason", reason)
    declaration, created = ConflictDeclaration.objects.get_or_create(
        juror=juror,
        application=application,
        defaults={"has_conflict": has_conflict, "reason": reason.strip()},
    )
    if not created:
        raise ValidationError(_("You have already made your declaration for this application."))
    return declaration


def score_save(
    *, juror: JuryMember, application: Application, points: dict[int, int], comments: dict[int, str]
) -> list[Score]:
    """A juror's scores for one application: every criterion, within its maximum."""
    with transaction.atomic():
        edition = ContestEdition.objects.select_for_update().get(pk=juror.edition_id)
        if application.edition_id != edition.pk or application.pk in conflicted_ids(juror):
            raise Application.DoesNotExist
        if edition.status != EditionStatus.SCORING:
            raise ValidationError(_("Scores can be given only while the jury is scoring."))
        if application.status not in SCORABLE:
            raise ValidationError(_("Only eligible applications and finalists are scored."))
        if not ConflictDeclaration.objects.filter(
            juror=juror, application=application, has_conflict=False
        ).exists():
            raise ValidationError(
                _("Declare that you have no conflict of interest before scoring.")
            )
        criteria = list(edition.criteria.all())
        errors = {}
        for criterion in criteria:
            value = points.get(criterion.pk)
            if value is None or not 0 <= value <= criterion.max_points:
                errors[f"c{criterion.pk}"] = _("Give %(name)s 0 to %(max)s points.") % {
                    "name": criterion.name,
                    "max": criterion.max_points,
                }
            try:
                validate_long_text(comments.get(criterion.pk, ""))
            except ValidationError as error:
                errors[f"comment{criterion.pk}"] = error
        if errors:
            raise ValidationError(errors)
        saved = []
        for criterion in criteria:
            score, _created = Score.objects.update_or_create(
                juror=juror,
                application=application,
                criterion=criterion,
                defaults={
                    "points": points[criterion.pk],
                    "comment": comments.get(criterion.pk, "").strip(),
                    "scored_at": timezone.now(),
                },
            )
            saved.append(score)
    return saved


def edition_create(*, name: str, year: int, slug: str = "", **fields) -> ContestEdition:
    """A new edition; without a slug, its address is made from the name (Polish letters
    transliterated)."""
    if "applications_close_at" in fields:
        fields["applications_close_at"] = end_of_day_if_midnight(fields["applications_close_at"])
    edition = ContestEdition(name=name, slug=slug or text_slug(name)[:120], year=year, **fields)
    edition.full_clean()
    edition.save()
    return edition


def edition_rename_slug(*, edition: ContestEdition, slug: str) -> None:
    """Move an edition to a new address; the old one is kept and answers 301."""
    old = edition.slug
    if slug == old:
        return
    with transaction.atomic():
        EditionFormerSlug.objects.filter(slug=slug).delete()
        edition.slug = slug
        edition.full_clean()
        edition.save(update_fields=["slug"])
        EditionFormerSlug.objects.create(edition=edition, slug=old)


def edition_update(*, edition: ContestEdition, **fields) -> list[str]:
    """Change an edition's fields; returns the fields that changed (none: nothing saved)."""
    changed = [name for name, value in fields.items() if getattr(edition, name) != value]
    if changed:
        for name in changed:
            setattr(edition, name, fields[name])
        edition.full_clean()
        edition.save(update_fields=changed)
    return changed
