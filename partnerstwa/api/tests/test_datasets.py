import csv
import io

import pytest
from openpyxl import load_workbook

from partnerstwa.api.datasets import DATASETS
from partnerstwa.api.tests.factories import PERSONAL_VALUES, world

pytestmark = pytest.mark.django_db


def test_every_dataset_downloads_as_csv_and_xlsx_with_made_up_rows_marked(client):
    world()
    for dataset in DATASETS:
        response = client.get(f"/dane/{dataset.slug}.csv")
        assert response.status_code == 200, dataset.slug
        text = response.content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0][-1] == "Przykład ilustracyjny", dataset.slug
        for value in PERSONAL_VALUES:
            assert value not in text, (dataset.slug, value)
        book = load_workbook(io.BytesIO(client.get(f"/dane/{dataset.slug}.xlsx").content))
        assert [c.value for c in next(book.active.iter_rows(max_row=1))] == rows[0]
    events = list(csv.reader(io.StringIO(client.get("/dane/wydarzenia.csv").content.decode())))
    marks = {row[events[0].index("title_pl")]: row[-1] for row in events[1:]}
    assert marks == {"Warsztat strategiczny": "przykład ilustracyjny", "Konferencja": ""}


def test_an_unknown_dataset_or_format_is_404(client):
    assert client.get("/dane/nic.csv").status_code == 404
    assert client.get("/dane/partnerstwa.pdf").status_code == 404


def test_the_catalogue_describes_every_dataset_in_dcat_ap(client):
    world()
    response = client.get("/dane/catalog.jsonld")
    assert response["Content-Type"] == "application/ld+json"
    body = response.json()
    assert body["@type"] == "dcat:Catalog"
    assert body["dct:license"] == {"@id": "https://creativecommons.org/licenses/by/4.0/"}
    assert body["dct:publisher"]["foaf:name"] == "Związek Miast Polskich"
    assert [d["dct:identifier"] for d in body["dcat:dataset"]] == [d.slug for d in DATASETS]
    first = body["dcat:dataset"][0]
    assert first["@type"] == "dcat:Dataset"
    assert {t["@language"] for t in first["dct:title"]} == {"pl", "en"}
    assert [d["dct:format"]["@id"].rsplit("/", 1)[-1] for d in first["dcat:distribution"]] == [
        "CSV",
        "XLSX",
    ]
    for distribution in first["dcat:distribution"]:
        assert distribution["@type"] == "dcat:Distribution"
        path = distribution["dcat:downloadURL"]["@id"].removeprefix("http://testserver")
        assert client.get(path).status_code == 200
    assert first["dct:modified"]["@type"] == "xsd:dateTime"


def test_the_open_data_page_links_each_file(client):
    world()
    page = client.get("/dane/").content.decode()
    for dataset in DATASETS:
        assert f'href="/dane/{dataset.slug}.csv"' in page
