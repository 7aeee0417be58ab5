"""Cells a spreadsheet would run as formulas are written as text (issue 19, finding 7)."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from actors.models import Call
from core.spreadsheets import neutralised, neutralised_rows, restored
from crews.models import Scene
from tests.factories import BookingFactory, CallFactory, PerformerFactory, SceneFactory, shanghai


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=2+5", "'=2+5"),
        ("+86 139", "'+86 139"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("C0001-S003", "C0001-S003"),
        ("王小明", "王小明"),
        (-5, -5),
        (None, None),
    ],
)
def test_neutralised_prefixes_only_text_a_spreadsheet_would_run(cell, written):
    assert neutralised(cell) == written
    assert restored(written) == cell


def test_restored_keeps_an_apostrophe_that_protects_nothing():
    assert restored("'tis") == "'tis"


def test_neutralised_rows_turns_every_cell():
    assert neutralised_rows([("=1", 2), ["ok", "@x"]]) == [["'=1", 2], ["ok", "'@x"]]


@pytest.mark.django_db
def test_guild_pay_csv_writes_a_crew_s_formula_scene_code_as_text(guild_client):
    performer = PerformerFactory(code="P60001", name="=HYPERLINK(1)")
    day = SceneFactory().first_date
    scene = SceneFactory(code="=2+5", first_date=day, last_date=day)
    call = CallFactory(booking=BookingFactory(scene=scene), performer=performer)
    Call.objects.filter(pk=call.pk).update(
        state="released", checked_in_at=shanghai(day, "08:00"), released_at=shanghai(day, "18:00")
    )
    response = guild_client.get(f"/api/v1/guild/pay.csv?from={day}&to={day}")
    assert response.status_code == 200
    cells = [
        cell
        for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
        for cell in row
    ]
    assert "'=HYPERLINK(1)" in cells
    assert "'=2+5" in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@"))]
    assert Scene.objects.filter(code="=2+5").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_roster_export_writes_formula_text_as_text(guild_client, file_format):
    PerformerFactory(code="P40001", name="=cmd|'/C calc'!A0", tags=["@tag"])
    response = guild_client.get("/api/v1/performers/export", {"format": file_format})
    assert response.status_code == 200
    if file_format == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[1][:2] == ["P40001", "'=cmd|'/C calc'!A0"]
    assert rows[1][6] == "'@tag"


@pytest.mark.django_db
def test_roster_exported_with_formula_text_imports_back_unchanged(guild_client):
    performer = PerformerFactory(code="P40001", name="=cmd", tags=["@tag"])
    exported = guild_client.get("/api/v1/performers/export", {"format": "csv"})
    response = guild_client.post(
        "/api/v1/performers/import",
        {"file": SimpleUploadedFile("roster.csv", exported.content, content_type="text/csv")},
        format="multipart",
    )
    assert (response.status_code, response.json()) == (
        200,
        {"created": 0, "updated": 0, "unchanged": 1},
    )
    performer.refresh_from_db()
    assert (performer.name, performer.tags) == ("=cmd", ["@tag"])
