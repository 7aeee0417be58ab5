"""Reading the QR codes the pages draw (segno's inline SVG) with a real decoder (zxing-cpp)."""

from __future__ import annotations

import re

import numpy as np


def qr_pixels(svg: str, zoom: int = 8) -> np.ndarray:
    """The QR code segno drew as an SVG path (rows of ``h`` runs in module units), as a
    grey image a decoder reads: black modules on white, ``zoom`` pixels each."""
    width = int(re.search(r'<svg[^>]* width="(\d+)"', svg).group(1))
    scale = int(re.search(r'transform="scale\((\d+)\)"', svg).group(1))
    size = width // scale
    modules = np.full((size, size), 255, dtype=np.uint8)
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: ?(-?[\d.]+))?", svg):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:  # h: a run of dark modules on the row whose middle is y
            modules[int(y), int(x) : int(x + float(a))] = 0
            x += float(a)
    return np.kron(modules, np.ones((zoom, zoom), dtype=np.uint8))
