"""The guild's words for extras' looks and skills: the codes lines and performers carry
(``modern-business``, ``horse-riding``) as people at the base say them.

A code the table does not know is shown as it is, so a new look never disappears from a page.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import get_language

# code: (Chinese, English)
WORDS: dict[str, tuple[str, str]] = {
    "ancient-costume": ("古装", "ancient costume"),
    "palace-costume": ("宫廷装", "palace costume"),
    "xianxia-costume": ("仙侠装", "xianxia costume"),
    "republic-costume": ("民国装", "Republic-era costume"),
    "modern-business": ("现代商务", "modern business"),
    "modern-casual": ("现代便装", "modern casual"),
    "medical": ("医护", "medical"),
    "student": ("学生", "student"),
    "rural": ("乡村", "rural"),
    "armour": ("盔甲", "armour"),
    "tall": ("高个", "tall"),
    "horse-riding": ("骑马", "horse riding"),
    "martial-arts": ("武术", "martial arts"),
    "dance": ("舞蹈", "dance"),
    "driving": ("驾驶", "driving"),
    "swimming": ("游泳", "swimming"),
    "wire-work": ("威亚", "wire work"),
    "farm-work": ("农活", "farm work"),
}


def look_words(codes: Iterable[str]) -> str:
    """The codes in the reader's language, joined as that language joins a list."""
    chinese = (get_language() or "zh-hans").lower().startswith("zh")
    names = [WORDS[code][0 if chinese else 1] if code in WORDS else code for code in codes]
    return ("、" if chinese else ", ").join(names)
