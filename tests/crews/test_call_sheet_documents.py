"""A crew's call sheet as a printable page and a PDF: same content as the JSON, same access."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from core.days import current_shooting_day
from tests.factories import (
    BookingFactory,
    CallFactory,
    CastMemberFactory,
    CrewFactory,
    ExtrasLineFactory,
    LocationFactory,
    PerformerFactory,
    SceneFactory,
    TravelTimeFactory,
    ZoneFactory,
    shanghai,
)
from tests.poppler import pdf_fonts, pdf_ink, pdf_text

DAY = dt.date(2026, 12, 2)
HTML = "/api/v1/crews/{}/call-sheet.html?date=2026-12-02"
PDF = "/api/v1/crews/{}/call-sheet.pdf?date=2026-12-02"


@pytest.fixture
def day_of_own_crew(own_crew, other_crew):
    """C0001's 2 December: the palace hall at 08:00, the street an hour's drive away at 10:00."""
    qin, ming = ZoneFactory(code="ZDQ", name="秦王宫"), ZoneFactory(code="ZDM", name="明清宫苑")
    TravelTimeFactory(from_zone=qin, to_zone=ming, minutes=60)
    hall = LocationFactory(code="LD01", name="秦王宫·大殿", zone=qin)
    street = LocationFactory(code="LD02", name="明清宫苑·街", zone=ming)
    lead = CastMemberFactory(crew=own_crew, code="C0001-A901", name="林一")
    palace = SceneFactory(crew=own_crew, code="C0001-SD1", title="朝堂对峙", cast=[lead])
    chase = SceneFactory(crew=own_crew, code="C0001-SD2", title="街头追逐", minutes=90)
    first = BookingFactory(
        scene=palace, location=hall, starts_at=shanghai(DAY, "08:00"), status="confirmed"
    )
    BookingFactory(scene=chase, location=street, starts_at=shanghai(DAY, "10:00"))
    guards = ExtrasLineFactory(
        scene=palace, position=1, count=2, gender="M", min_age=20, max_age=40, tags=["ancient"]
    )
    wang = PerformerFactory(code="PD001", name="王小明", phone="13900000001", gender="M")
    CallFactory(booking=first, extras_line=guards, performer=wang)
    BookingFactory(scene=SceneFactory(crew=other_crew, code="C0002-SD9"), location=hall)
    return own_crew


def test_call_sheet_html_shows_the_day_in_order(ops_client, day_of_own_crew):
    response = ops_client.get(HTML.format("C0001"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    page = response.content.decode()
    assert "<title>龙王赘婿 通告单 Call sheet 2026-12-02</title>" in page
    rows = re.findall(r'<td class="time">(.*?)</td>\s*<td><strong>(.*?)</strong>', page)
    assert rows == [("08:00–09:00", "C0001-SD1"), ("10:00–11:30", "C0001-SD2")]
    assert "秦王宫·大殿 (LD01)" in page
    assert "60 分钟" in page  # the move between zones
    assert "林一" in page
    assert '1/2 · 男 M 20-40岁 ancient · 到场 <span class="en">call</span> 08:00' in page
    assert "王** (PD001)" in page
    assert "王小明" not in page and "13900000001" not in page
    assert "C0002-SD9" not in page
    assert "@media print" in page


def test_call_sheet_html_of_an_empty_day(crew_client, own_crew):
    response = crew_client.get("/api/v1/crews/C0001/call-sheet.html?date=2026-12-05")
    assert response.status_code == 200
    assert "当天无拍摄" in response.content.decode()


def test_call_sheet_pdf_is_a_pdf_with_the_crew_and_scenes(crew_client, day_of_own_crew):
    response = crew_client.get(PDF.format("C0001"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="call-sheet-C0001-2026-12-02.pdf"'
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type /Page\b", pdf)) == 1
    text = pdf_text(pdf)
    assert "龙王赘婿 (C0001) · 通告单 Call sheet" in text
    assert "C0001-SD1 朝堂对峙 · 已确认" in text
    assert "C0001-SD2 街头追逐" in text
    assert "王小明" not in text


def test_call_sheet_format_parameter_picks_the_document(ops_client, day_of_own_crew):
    response = ops_client.get(HTML.format("C0001") + "&format=pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    response = ops_client.get(HTML.format("C0001") + "&format=xml", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["format"] == ["Ask for html or pdf."]


def test_call_sheet_document_without_a_date_is_today_s(ops_client, own_crew):
    response = ops_client.get("/api/v1/crews/C0001/call-sheet.html")
    assert response.status_code == 200
    assert str(current_shooting_day()) in response.content.decode()


def test_call_sheet_document_with_a_malformed_date_is_400(ops_client, own_crew):
    response = ops_client.get(
        "/api/v1/crews/C0001/call-sheet.pdf?date=12/02", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json()["date"] == ["'12/02' is not a date as YYYY-MM-DD."]


@pytest.mark.parametrize("url", [HTML, PDF])
@pytest.mark.parametrize(
    ("who", "crew", "expected"),
    [
        ("anon", "C0001", 401),
        ("ops", "C0001", 200),
        ("guild", "C0001", 403),
        ("crew", "C0001", 200),
        ("crew", "C0002", 404),
        ("crew", "C9999", 404),
    ],
)
def test_call_sheet_document_permissions(
    api_client_for, ops_user, guild_user, crew_user, own_crew, other_crew, url, who, crew, expected
):
    users = {"anon": None, "ops": ops_user, "guild": guild_user, "crew": crew_user}
    response = api_client_for(users[who]).get(url.format(crew))
    assert response.status_code == expected


def test_call_sheet_pdf_of_a_crew_with_a_chinese_code_names_the_file_in_utf8(
    api_client_for, ops_user
):
    """A code in Chinese is a valid file name: RFC 6266's filename*, not a mangled ASCII one."""
    CrewFactory(code="横店一号", name="长安夜话")

    response = api_client_for(ops_user).get(
        "/api/v1/crews/%E6%A8%AA%E5%BA%97%E4%B8%80%E5%8F%B7/call-sheet.pdf?date=2026-12-02"
    )

    assert response.status_code == 200, response.content
    assert response["Content-Disposition"] == (
        "inline; filename*=utf-8''call-sheet-%E6%A8%AA%E5%BA%97%E4%B8%80%E5%8F%B7-2026-12-02.pdf"
    )


@pytest.fixture
def night_of_own_crew(settings, own_crew):
    """C0001 shoots 22:00-02:00 on the night of 2 December (a shooting day of 06:00-28:00)."""
    settings.PLANNING_DAY_END = "28:00"
    BookingFactory(
        scene=SceneFactory(crew=own_crew, code="C0001-SDN", title="夜袭", minutes=240),
        starts_at=shanghai(DAY, "22:00"),
        ends_at=shanghai(DAY + dt.timedelta(days=1), "02:00"),
    )
    return own_crew


def test_call_sheet_html_writes_a_night_both_ways(ops_client, night_of_own_crew):
    page = ops_client.get(HTML.format("C0001")).content.decode()

    rows = re.findall(r'<td class="time">(.*?)</td>', page)
    assert rows == ["22:00–02:00 (次日)<br><small>22:00–26:00</small>"]


def test_call_sheet_html_in_english_says_next_day(ops_client, night_of_own_crew):
    page = ops_client.get(HTML.format("C0001"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert re.findall(r'<td class="time">(.*?)</td>', page) == [
        "22:00–02:00 (next day)<br><small>22:00–26:00</small>"
    ]


def test_call_sheet_pdf_writes_a_night_both_ways(ops_client, night_of_own_crew):
    text = pdf_text(ops_client.get(PDF.format("C0001")).content)

    assert "22:00–02:00 (次日) · 22:00–26:00" in text.replace("\n", "")


def test_call_sheet_pdf_embeds_a_subset_of_its_chinese_font(ops_client, day_of_own_crew):
    pdf = ops_client.get(PDF.format("C0001")).content

    chinese = [font for font in pdf_fonts(pdf) if font["name"] != "Helvetica"]
    assert [(f["name"][7:], f["type"], f["emb"], f["sub"]) for f in chinese] == [
        ("WenQuanYiMicroHei-0", "TrueType", "yes", "yes")
    ]
    # The subset keeps a one-page sheet small (the whole font is 5 MB).
    assert len(pdf) < 40_000


def test_call_sheet_pdf_shows_every_character_of_the_html_one(ops_client, day_of_own_crew):
    page = ops_client.get(HTML.format("C0001")).content.decode()
    body = html.unescape(re.sub(r"<[^>]+>", " ", page.split("<body>", 1)[1]))
    wanted = {c for c in body if ord(c) > 127}
    pdf = ops_client.get(PDF.format("C0001")).content

    assert "·" in wanted and "朝" in wanted
    assert wanted - set(pdf_text(pdf)) == set()
    # Drawn, not only copyable: poppler's rendering carries the text's ink, not just the grid's
    # (about 0.0008 of the page at this resolution when the font was missing).
    assert pdf_ink(pdf) > 0.002
