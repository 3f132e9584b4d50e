"""No export runs a formula in a spreadsheet: a name, a title or a cell that starts with a
formula sign, ASCII or its full-width twin, arrives as text, in every CSV and XLSX a
person downloads from the pages (scorecards, an import's bad rows)."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from leadwell.crm.models import ImportRun
from leadwell.org import services as org

from ..conftest import ORG_START
from ..crm.test_import_pages import upload

pytestmark = pytest.mark.django_db

SIGNS = ["=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20"]


def test_every_formula_sign_in_a_sellers_name_is_text_in_the_team_exports(personas):
    names = [f'{sign}HYPERLINK("http://x") {n}' for n, sign in enumerate(SIGNS)]
    for name in names:
        person = org.person_create(name=name, email=None)
        org.person_join_team(person=person, team=personas.boston, on=ORG_START)
    lena = personas.client("leader")
    address = reverse("metrics:export", args=["team", personas.boston.pk, "csv"])
    rows = list(csv.reader(io.StringIO(lena.get(address).content.decode())))
    cells = {cell for row in rows for cell in row}
    for name in names:
        assert "'" + name in cells and name not in cells
    xlsx = lena.get(reverse("metrics:export", args=["team", personas.boston.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [cell for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in values)
    for name in names:
        assert "'" + name in {cell.value for cell in values}


@pytest.mark.parametrize("sign", SIGNS)
def test_a_bad_value_starting_with_a_formula_sign_is_text_in_the_errors_download(personas, sign):
    client = personas.client("admin")
    upload(
        client, f"Opportunity ID,Opportunity Owner,Stage\nA1,{sign}cmd|' /C calc'!A0,Prospecting\n"
    )
    run = ImportRun.objects.get()
    client.post(reverse("import-start", args=[run.pk]), {"action": "check"})
    text = client.get(reverse("import-errors", args=[run.pk])).content.decode()
    (row,) = list(csv.reader(io.StringIO(text)))[1:]
    assert row[2] == f"'{sign}cmd|' /C calc'!A0"
