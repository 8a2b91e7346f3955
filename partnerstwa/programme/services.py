"""Writes of the programme record."""

import datetime
from decimal import Decimal

from django.db import transaction

from partnerstwa.lib.bounds import with_web_scheme
from partnerstwa.programme.models import Programme


def _month_start(value: str) -> datetime.date:
    year, month = str(value).split("-")[:2]
    return datetime.date(int(year), int(month), 1)


def programme_load_reference(data: dict, english: dict | None = None) -> tuple[Programme, bool]:
    """Create or refresh the current programme from the reference facts (idempotent); english
    holds the English renderings of its texts (reference_en.yaml's programme:), when given."""
    facts = data["programme"]
    period = facts.get("period", {})
    website = with_web_scheme(facts.get("website", ""))
    values = {
        "operator": facts["operator"],
        "partners": "\n".join(facts.get("partners", [])),
        "funding": facts.get("funding", ""),
        "agreement_signed_on": facts.get("agreement_signed_on"),
        "starts_on": _month_start(period["from"]) if period.get("from") else None,
        "ends_on": period.get("to"),
        "value_pln": Decimal(facts["value_pln"]) if facts.get("value_pln") else None,
        "website": website,
        "sources": "\n".join(facts.get("sources", [])),
        "is_current": True,
    }
    if english:
        values |= {
            "name_en": english.get("name", ""),
            "operator_en": english.get("operator", ""),
            "partners_en": "\n".join(english.get("partners", [])),
            "funding_en": english.get("funding", ""),
        }
    with transaction.atomic():
        # One by one (there are few), so the audit trail records each.
        for earlier in Programme.objects.filter(is_current=True).exclude(name=facts["name"]):
            earlier.is_current = False
            earlier.save(update_fields=["is_current"])
        programme, created = Programme.objects.update_or_create(name=facts["name"], defaults=values)
    return programme, created
