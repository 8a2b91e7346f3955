"""The datasets' catalogue in DCAT-AP (PL) as JSON-LD, for dane.gov.pl to harvest: a
dcat:Catalog of dcat:Datasets, each with a CSV and an XLSX dcat:Distribution, the licence
(dct:license) and the publisher (dct:publisher: the programme's association)."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from partnerstwa.api.datasets import DATASETS, FORMATS, licence
from partnerstwa.programme.selectors import programme_current
from partnerstwa.registry.models import Association

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
EU = "http://publications.europa.eu/resource/authority/"
FILE_TYPES = {"csv": "CSV", "xlsx": "XLSX"}
MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
CATALOG_TITLE = _("Open data of the local government cooperation programme")
CATALOG_DESCRIPTION = _(
    "Partnerships of local governments, their members and projects, events, contest results, "
    "indicators and legal barriers, as published on the programme's portal."
)


def _both(text) -> list[dict]:
    values = []
    for language in ("pl", "en"):
        with translation.override(language):
            values.append({"@value": str(text), "@language": language})
    return values


def _moment(value) -> dict:
    return {"@value": value.isoformat(timespec="seconds"), "@type": "xsd:dateTime"}


def _publisher(request: HttpRequest) -> dict:
    association = Association.objects.filter(code=settings.PROGRAMME_ASSOCIATION).first()
    programme = programme_current()
    name = association.name if association else (programme.operator if programme else "")
    website = association.website if association and association.website else ""
    return {
        "@id": website or request.build_absolute_uri(reverse("api:catalog_page")) + "#publisher",
        "@type": "foaf:Agent",
        "foaf:name": name,
    }


def catalog(request: HttpRequest) -> dict:
    publisher = _publisher(request)
    licence_ref = {"@id": licence()}
    entries = []
    for dataset in DATASETS:
        modified = _moment(dataset.modified())
        distributions = []
        for file_type in FORMATS:
            address = request.build_absolute_uri(
                reverse("api:dataset", args=[dataset.slug, file_type])
            )
            distributions.append(
                {
                    "@id": address,
                    "@type": "dcat:Distribution",
                    "dct:title": [
                        {**title, "@value": f"{title['@value']} ({FILE_TYPES[file_type]})"}
                        for title in _both(dataset.title)
                    ],
                    "dcat:accessURL": {"@id": address},
                    "dcat:downloadURL": {"@id": address},
                    "dct:format": {"@id": f"{EU}file-type/{FILE_TYPES[file_type]}"},
                    "dcat:mediaType": {
                        "@id": f"http://www.iana.org/assignments/media-types/{MEDIA_TYPES[file_type]}"
                    },
                    "dct:license": licence_ref,
                    "dct:modified": modified,
                }
            )
        page = request.build_absolute_uri(reverse("api:catalog_page")) + f"#{dataset.slug}"
        entries.append(
            {
                "@id": page,
                "@type": "dcat:Dataset",
                "dct:identifier": dataset.slug,
                "dct:title": _both(dataset.title),
                "dct:description": _both(dataset.description),
                "dcat:keyword": [{"@value": word, "@language": "pl"} for word in dataset.keywords],
                "dct:publisher": publisher,
                "dct:license": licence_ref,
                "dct:modified": modified,
                "dct:language": {"@id": f"{EU}language/POL"},
                "dcat:theme": {"@id": f"{EU}data-theme/GOVE"},
                "dct:accrualPeriodicity": {"@id": f"{EU}frequency/IRREG"},
                "dcat:landingPage": {"@id": page},
                "dcat:distribution": distributions,
            }
        )
    return {
        "@context": CONTEXT,
        "@id": request.build_absolute_uri(reverse("api:catalog")),
        "@type": "dcat:Catalog",
        "dct:title": _both(CATALOG_TITLE),
        "dct:description": _both(CATALOG_DESCRIPTION),
        "dct:publisher": publisher,
        "dct:license": licence_ref,
        "dct:language": {"@id": f"{EU}language/POL"},
        "dct:modified": max((d["dct:modified"] for d in entries), key=lambda m: m["@value"]),
        "foaf:homepage": {"@id": request.build_absolute_uri(reverse("api:catalog_page"))},
        "dcat:dataset": entries,
    }
