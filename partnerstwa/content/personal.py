"""Content's records about a data subject: the accessibility statement names a contact person.

A page's earlier revisions hold the same fields, so erasure blanks them there too, and the
search index is refreshed from the blanked page."""

from django.db.models import QuerySet
from wagtail.models import Revision
from wagtail.search import index

from partnerstwa.content.models import AccessibilityStatementPage
from partnerstwa.privacy.holders import Holder, Subject, anonymise, register

CONTACT = ("contact_person", "contact_email", "contact_phone")


@register
class ContentHolder(Holder):
    models = ("content.AccessibilityStatementPage",)
    context = {"content.AccessibilityStatementPage": ("title",)}

    def records(self, subject: Subject) -> dict[str, QuerySet]:
        return {
            "content.AccessibilityStatementPage": AccessibilityStatementPage.objects.filter(
                contact_email__iexact=subject.email
            )
        }

    def erase(self, subject: Subject) -> dict[str, int]:
        pages = self.records(subject)["content.AccessibilityStatementPage"]
        ids = list(pages.values_list("pk", flat=True))
        changed = anonymise(pages, "content.AccessibilityStatementPage")
        for revision in Revision.objects.filter(
            base_content_type__model="page", object_id__in=[str(pk) for pk in ids]
        ).iterator():
            content = dict(revision.content)
            if str(content.get("contact_email", "")).lower() == subject.email:
                content.update(dict.fromkeys(CONTACT, ""))
                Revision.objects.filter(pk=revision.pk).update(content=content)
        for page in AccessibilityStatementPage.objects.filter(pk__in=ids):
            index.insert_or_update_object(page)
        return {"content.AccessibilityStatementPage": changed}
