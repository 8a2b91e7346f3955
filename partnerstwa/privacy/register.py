"""The register of processing activities (Art. 30(1) GDPR) as a spreadsheet, from the one
declaration of the activities (privacy.processing) and of personal fields (PERSONAL_DATA)."""

import tablib
from django.apps import apps
from django.conf import settings
from django.utils.translation import gettext as _

from partnerstwa.privacy.personal_data import PERSONAL_DATA
from partnerstwa.privacy.processing import ACTIVITIES


def _categories(labels: tuple[str, ...]) -> str:
    parts = []
    for label in labels:
        model = apps.get_model(label)
        fields = ", ".join(
            str(model._meta.get_field(name).verbose_name) for name in PERSONAL_DATA[label]
        )
        parts.append(f"{model._meta.verbose_name_plural}: {fields}")
    return "; ".join(parts)


def register_dataset() -> tablib.Dataset:
    dataset = tablib.Dataset(
        headers=[
            _("Processing activity"),
            _("Controller"),
            _("Data protection officer"),
            _("Purpose"),
            _("Legal basis"),
            _("Categories of data subjects"),
            _("Categories of personal data"),
            _("Recipients"),
            _("Transfers outside the EEA"),
            _("Retention"),
            _("Security measures"),
        ],
        title=_("Register of processing")[:31],
    )
    controller = f"{settings.PRIVACY_CONTROLLER}, {settings.PRIVACY_CONTROLLER_ADDRESS}"
    for activity in ACTIVITIES:
        retention = str(activity.retention_note)
        if activity.retention_days is not None:
            retention = f"{retention} ({activity.retention_days})"
        dataset.append(
            [
                str(activity.name),
                controller,
                settings.PRIVACY_DPO_EMAIL,
                str(activity.purpose),
                str(activity.basis),
                str(activity.subjects),
                _categories(activity.models),
                str(activity.recipients),
                _("none"),
                retention,
                _(
                    "access for named staff accounts only; encrypted connections; backups; "
                    "audit trail of changes; retention applied daily"
                ),
            ]
        )
    return dataset
