"""What poppler (the PDF engine of most Linux viewers) makes of a PDF: its text, its fonts, ink.

The tools come from Debian's ``poppler-utils``; ``make test`` installs them when missing.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest


def _run(tool: str, *args: str, pdf: bytes) -> bytes:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: install poppler-utils (make test does)")
    return subprocess.run([tool, *args], input=pdf, capture_output=True, check=True).stdout


def pdf_text(pdf: bytes) -> str:
    """The text a reader would copy out of the PDF, in reading order."""
    return _run("pdftotext", "-enc", "UTF-8", "-", "-", pdf=pdf).decode("utf-8")


def pdf_fonts(pdf: bytes) -> list[dict[str, str]]:
    """``pdffonts``' table: name, type, whether embedded and subset, per font."""
    lines = _run("pdffonts", "-", pdf=pdf).decode("utf-8").splitlines()[2:]
    fonts = []
    for line in lines:
        # name type encoding emb sub uni object-id: the name never holds a space in our PDFs.
        words = line.split()
        fonts.append(
            {"name": words[0], "type": " ".join(words[1:-6]), "emb": words[-5], "sub": words[-4]}
        )
    return fonts


def pdf_ink(pdf: bytes) -> float:
    """Share of dark pixels on the first page as ``pdftoppm`` draws it (grey, 30 dpi)."""
    image = _run("pdftoppm", "-gray", "-r", "30", "-f", "1", "-l", "1", "-", pdf=pdf)
    # A binary PGM: "P5\n<width> <height>\n255\n" then one byte a pixel.
    magic, size, depth, pixels = image.split(b"\n", 3)
    width, height = (int(n) for n in size.split())
    assert (magic, depth) == (b"P5", b"255")
    return sum(1 for value in pixels[: width * height] if value < 128) / (width * height)
