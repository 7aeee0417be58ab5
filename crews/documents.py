"""A crew's call sheet as paper: a printable HTML page and a PDF, both from the JSON sheet.

Both take the dict of ``scheduling.selectors.bookings.call_sheet_get`` and only lay it out, so
the three forms never disagree. Extras appear as the JSON has them: guild codes and masked
names. The PDF embeds the base's Chinese font (``core.pdf_fonts``), subset to the characters
it uses, so it reads the same in any viewer.
"""

from __future__ import annotations

import datetime as dt
import io
from xml.sax.saxutils import escape

from django.template.loader import render_to_string
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.pdf_fonts import cjk_font
from core.shooting_day import call_sheet_time

GENDER_WORDS = {"F": "女 F", "M": "男 M", "any": "不限 any"}


def call_sheet_rows(sheet: dict) -> list[dict]:
    """The sheet's scenes as the cells of a printed table.

    Times are HH:MM on the base's clock; past midnight they are written both ways, as the
    next morning's ("02:00 (次日)") and on the shooting day's clock ("26:00") beside it.
    """
    day = dt.date.fromisoformat(sheet["date"])
    return [
        {
            "scene": scene["scene"],
            "title": scene["title"],
            "status": scene["status"],
            "start": _time(scene["start"], day),
            "end": _time(scene["end"], day),
            "clock": _clock(scene),
            "location": f"{scene['location']['name']} ({scene['location']['code']})",
            "zone": scene["zone"]["name"],
            "move_minutes": scene["move_minutes"],
            "cast": " / ".join(member["name"] or member["code"] for member in scene["cast"]),
            "extras": [_extras_line(line) for line in scene["extras"]],
        }
        for scene in sheet["scenes"]
    ]


def call_sheet_html(sheet: dict) -> str:
    """The printable page (crews/templates/crews/call_sheet.html)."""
    return render_to_string(
        "crews/call_sheet.html", {"sheet": sheet, "rows": call_sheet_rows(sheet)}
    )


def call_sheet_pdf(sheet: dict) -> bytes:
    """The sheet as an A4 landscape PDF."""
    body = ParagraphStyle("body", fontName=cjk_font(), fontSize=8.5, leading=11, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=15, leading=20)
    buffer = io.BytesIO()
    crew = sheet["crew"]
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=f"{crew['name']} ({crew['code']}) call sheet {sheet['date']}",
        author="Hengdian production scheduling",
    )
    rows = call_sheet_rows(sheet)
    story = [
        Paragraph(_text(f"{crew['name']} ({crew['code']}) · 通告单 Call sheet"), title),
        Paragraph(
            _text(
                f"日期 Date: {sheet['date']} · 场数 Scenes: {len(rows)} · "
                f"工作时长 Day span: {sheet['span_minutes']} / {sheet['max_span_minutes']} 分钟 min"
            ),
            body,
        ),
        Spacer(1, 4 * mm),
    ]
    if rows:
        story.append(_table(rows, body))
    else:
        story.append(Paragraph(_text("当天无拍摄 Nothing booked this day."), body))
    document.build(story)
    return buffer.getvalue()


def _table(rows: list[dict], style: ParagraphStyle) -> Table:
    header = [
        "#",
        "时间 Time",
        "场次 Scene",
        "场景 · 区域 Location · zone",
        "转场 Move",
        "演员 Cast",
        "群演 Extras",
    ]
    data = [[Paragraph(_text(cell), style) for cell in header]]
    for number, row in enumerate(rows, start=1):
        move = "—" if row["move_minutes"] is None else f"{row['move_minutes']} 分钟 min"
        extras = "<br/>".join(
            _text(f"{line['called_count']}/{line['count']} · {line['profile']} · 到场 call ")
            + _text(f"{row['start']}" + (f" · {line['names']}" if line["names"] else ""))
            for line in row["extras"]
        )
        cells = [
            str(number),
            f"{row['start']}–{row['end']}" + (f" · {row['clock']}" if row["clock"] else ""),
            f"{row['scene']} {row['title']}".strip()
            + (" · 已确认 confirmed" if row["status"] == "confirmed" else ""),
            f"{row['location']} · {row['zone']}",
            move,
            row["cast"] or "—",
        ]
        data.append(
            [Paragraph(_text(cell), style) for cell in cells] + [Paragraph(extras or "—", style)]
        )
    widths = [w * mm for w in (8, 26, 45, 55, 20, 40, 79)]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _extras_line(line: dict) -> dict:
    profile = line["profile"]
    words = [GENDER_WORDS.get(profile["gender"], profile["gender"])]
    words.append(f"{profile['min_age']}-{profile['max_age']}岁")
    words += profile["tags"]
    words += [f"+{skill}" for skill in profile["skills"]]
    return {
        "count": line["count"],
        "called_count": len(line["called"]),
        "profile": " ".join(words),
        "names": "、".join(f"{person['name']} ({person['code']})" for person in line["called"]),
    }


def _time(iso: str, day: dt.date) -> str:
    """ "22:00", "24:00" for an end at midnight, "02:00 (次日)" past it."""
    return call_sheet_time(dt.datetime.fromisoformat(iso), day)


def _clock(scene: dict) -> str:
    """ "22:00–26:00" on the shooting day's clock when the scene runs past midnight, else ""."""
    if scene["end_clock"] <= "24:00":
        return ""
    return f"{scene['start_clock']}–{scene['end_clock']}"


def _text(value: str) -> str:
    return escape(value)
