"""The board's disruptions panel: the page has its place, and its scripts know the trigger."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.test import Client

STATIC = Path(settings.BASE_DIR) / "scheduling" / "static" / "board"


def test_board_page_has_disruptions_panel(ops_user):
    client = Client()
    client.force_login(ops_user)
    page = client.get("/board/?date=2026-12-02")
    assert page.status_code == 200
    assert page.content.decode().count('id="disruptions"') == 1


def test_board_strings_name_disruption_trigger_in_both_languages():
    strings = (STATIC / "strings.js").read_text(encoding="utf-8")
    assert strings.count('disruption: "突发修复"') == 1
    assert strings.count('disruption: "disruption"') == 1
    assert (STATIC / "panels.js").read_text(encoding="utf-8").count("/api/v1/disruptions/") == 1
