"""``manage.py import_instance`` and ``manage.py export_instance``."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scheduling.models import Zone
from scheduling.solver.instance import load_instance, parse_instance
from tests.scheduling.test_instances import EXAMPLE, example, malformed


@pytest.mark.django_db
def test_import_instance_command_prints_counts():
    out = io.StringIO()

    call_command("import_instance", str(EXAMPLE), stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == "zones: 6 created, 0 unchanged, 0 updated"
    assert lines[6] == "scenes: 17 created, 0 unchanged, 0 updated"
    assert lines[-1] == f"Imported {EXAMPLE}."
    assert Zone.objects.count() == 6


@pytest.mark.django_db
def test_import_instance_command_lists_problems_and_fails(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(malformed()), encoding="utf-8")
    err = io.StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("import_instance", str(path), stderr=err)

    assert str(caught.value) == f"4 problems in {path}; nothing was imported"
    assert err.getvalue().splitlines() == [
        "$.zones[0].colour: unknown key",
        '$.scenes[0].crew: unknown crew "C9999"',
        '$.performers[1].id: duplicate performer id "P00000"',
        "$.locked[0].start: 08:15 is off the 30-minute grid",
    ]
    assert Zone.objects.count() == 0


@pytest.mark.django_db
def test_import_instance_command_bad_json_and_missing_file_fail(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")

    with pytest.raises(CommandError) as broken:
        call_command("import_instance", str(path))
    with pytest.raises(CommandError) as missing:
        call_command("import_instance", str(tmp_path / "nowhere.json"))

    assert str(broken.value).startswith("$: not valid JSON: ")
    assert (
        str(missing.value) == f"cannot read {tmp_path / 'nowhere.json'}: No such file or directory"
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("day_hours_base")
def test_export_instance_command_writes_the_imported_instance(tmp_path):
    call_command("import_instance", str(EXAMPLE), stdout=io.StringIO())
    path = tmp_path / "out.json"
    err = io.StringIO()

    call_command(
        "export_instance", "--start", "2025-08-04", "--days", "2", "-o", str(path), stderr=err
    )

    assert load_instance(path) == parse_instance(example())
    assert err.getvalue() == f"Wrote {path}: 3 crews, 17 scenes, 40 performers.\n"


@pytest.mark.django_db
@pytest.mark.usefixtures("day_hours_base")
def test_export_instance_command_to_stdout():
    call_command("import_instance", str(EXAMPLE), stdout=io.StringIO())
    out = io.StringIO()

    call_command("export_instance", "--start", "2025-08-04", "--days", "2", stdout=out)

    assert parse_instance(json.loads(out.getvalue())) == parse_instance(example())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--start", "2025-8-4", "--days", "2"],
            "--start must be a date YYYY-MM-DD, not '2025-8-4'",
        ),
        (["--start", "2025-08-04", "--days", "0"], "--days must be between 1 and 366, not 0"),
    ],
)
def test_export_instance_command_bad_arguments_fail(args, message):
    with pytest.raises(CommandError) as caught:
        call_command("export_instance", *args)

    assert str(caught.value) == message
