"""The Chinese font every PDF of the base is set in, embedded so any reader shows the text.

WenQuanYi Micro Hei (Apache 2.0 or GPLv3 with the font exception) ships inside the
``paperang-p2-fonts-cjk`` package, so no machine needs a system font. It is TrueType (glyf
outlines), which reportlab embeds as a subset of the characters a document uses: a one-page
call sheet stays small. Readers without Adobe's Asian font packs (poppler, browsers, phones)
showed nothing with the former built-in CID font, and it had no glyph for ``·``.
"""

from __future__ import annotations

from importlib.resources import files

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

CJK_FONT = "WenQuanYiMicroHei"
FONT_FILE = files("paperang_p2_fonts_cjk") / "fonts" / "wqy-microhei.ttc"


def cjk_font() -> str:
    """Register the font with reportlab once and return its name for paragraph styles."""
    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        # The collection's first face is Micro Hei (the second is its monospaced twin).
        pdfmetrics.registerFont(TTFont(CJK_FONT, str(FONT_FILE), subfontIndex=0))
    return CJK_FONT
