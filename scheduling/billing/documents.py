"""A statement as a spreadsheet (CSV) and as the PDF a producer hands to accounting.

Both lay out the JSON statement of ``statement_get`` and compute nothing, so the three forms
never disagree. The PDF embeds the base's Chinese font (``core.pdf_fonts``), as the call sheets do.
"""

from __future__ import annotations

import csv
import io
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.pdf_fonts import cjk_font
from core.spreadsheets import neutralised_rows

CSV_HEADER = ["kind", "booking", "call", "scene", "location", "performer", "start", "end"]
CSV_HEADER += ["minutes", "rate", "amount"]
KIND_WORDS = {
    "set_hire": "场地租用 Set hire",
    "cancellation": "延迟取消 Late cancellation",
    "extras": "群演 Extras",
}
TOTAL_WORDS = {
    "set_hire": "场地租用合计 Set hire",
    "cancellation": "取消费合计 Cancellations",
    "extras": "群演合计 Extras",
    "total": "总计 Total (CNY)",
}


def statement_rows(statement: dict) -> list[list[str]]:
    """One row per line, then one per total; amounts as the JSON writes them."""
    rows = [CSV_HEADER]
    for line in statement["lines"]:
        rows.append([str(line.get(key, "")) for key in CSV_HEADER])
    for kind, amount in statement["totals"].items():
        rows.append(["total", *[""] * (len(CSV_HEADER) - 3), kind, amount])
    return rows


def statement_csv(statement: dict) -> bytes:
    """UTF-8 with a BOM, as the guild's pay sheets, for spreadsheets on Chinese desktops."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(neutralised_rows(statement_rows(statement)))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def statement_pdf(statement: dict, *, crew_name: str, title: str = "结算单 Statement") -> bytes:
    """The statement as an A4 PDF: the base, the crew, the period, each line and the totals."""
    body = ParagraphStyle("body", fontName=cjk_font(), fontSize=8, leading=10, wordWrap="CJK")
    heading = ParagraphStyle("heading", parent=body, fontSize=14, leading=19)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=f"{statement['crew']} statement {statement['from']}..{statement['to']}",
        author=settings.BILLING_BASE_NAME,
    )
    period = f"{statement['from']} 至 {statement['to']}"
    story = [
        Paragraph(_text(f"{settings.BILLING_BASE_NAME} · {title}"), heading),
        Paragraph(_text(f"剧组 Crew: {crew_name} ({statement['crew']})"), body),
        Paragraph(_text(f"拍摄日 Shooting days: {period} · 币种 Currency: CNY"), body),
        Paragraph(_text(f"开具时间 Made: {timezone.localtime():%Y-%m-%d %H:%M}"), body),
        Spacer(1, 4 * mm),
        _lines_table(statement["lines"], body),
        Spacer(1, 4 * mm),
        _totals_table(statement["totals"], body),
        Spacer(1, 3 * mm),
        Paragraph(_text("费率 Rates: " + "; ".join(_rates(r) for r in statement["rates"])), body),
    ]
    document.build(story)
    return buffer.getvalue()


def _lines_table(lines: list[dict], style: ParagraphStyle) -> Table:
    header = ["#", "项目 Kind", "场次 Scene", "场景/群演 Where, who", "时间 Time", "分钟 Min"]
    header += ["单价 Rate", "金额 Amount"]
    data = [[Paragraph(_text(cell), style) for cell in header]]
    for number, line in enumerate(lines, start=1):
        who = line["location"] + (f" · {line['performer']}" if line.get("performer") else "")
        ref = f"#{line['booking']}" + (f" / call {line['call']}" if line.get("call") else "")
        cells = [
            str(number),
            KIND_WORDS[line["kind"]],
            f"{line['scene']} ({ref})",
            who,
            f"{line['start'][:16].replace('T', ' ')} – {line['end'][:16].replace('T', ' ')}",
            str(line["minutes"]),
            line["rate"],
            line["amount"],
        ]
        data.append([Paragraph(_text(cell), style) for cell in cells])
    if not lines:
        data.append([Paragraph(_text("本期无费用 Nothing charged."), style)] + [""] * 7)
    widths = [w * mm for w in (8, 28, 34, 30, 50, 12, 12, 12)]
    return _grid(Table(data, colWidths=widths, repeatRows=1))


def _totals_table(totals: dict, style: ParagraphStyle) -> Table:
    data = [[Paragraph(_text(TOTAL_WORDS[k]), style), v] for k, v in totals.items()]
    return _grid(Table(data, colWidths=[50 * mm, 30 * mm], hAlign="RIGHT"))


def _grid(table: Table) -> Table:
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), cjk_font()),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return table


def _rates(rates: dict) -> str:
    return (
        f"{rates['applied_from']}..{rates['applied_to']}: 群演日薪 {rates['extras_day_rate']} / "
        f"{rates['extras_day_hours']} h, 超时 {rates['extras_overtime_per_started_hour']}/h, "
        f"工会 {rates['guild_share_percent']}%, 取消 <{rates['cancellation_notice_hours']} h "
        f"{rates['cancellation_share_percent']}%"
    )


def _text(value: str) -> str:
    return escape(value)
