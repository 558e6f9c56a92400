"""The font a PDF embeds (DejaVu Sans Condensed, regular and bold), parsed once per process.

fpdf2's ``add_font`` parses the whole TrueType file for every document (character map,
glyph names, metrics: about 9 ms a face), though what it finds depends only on the file.
Each process parses each face once and gives every document its own copy of it: the
parsed tables it only reads (character map, widths, glyph ids) are shared; what fpdf2
changes while it draws and writes is the document's own: the subset map, the missing
glyphs, the font descriptor, and the fontTools ``TTFont``, which fpdf2 subsets in place
when it embeds the font.

That subsetting is most of the cost of a PDF, and grows with the font it starts from (2,089
glyphs). A document that drew only common characters (``COMMON``: the Latin letters, the
punctuation and signs of the reports' labels and figures) is subset from a font of those
characters' glyphs only (``prefer_common_glyphs``): the subset is the same, byte for byte
(same glyphs, outlines, metrics and character map), in about half the time. Any other
document is subset from the whole file.

The embedded subset keeps the whole font's bounding box and maxima (head, hhea, maxp):
still true of the glyphs it holds, and recomputing them would expand and recompile every
glyph of every document (about 4 ms a face).
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path

from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVu"
FILES = {"": "DejaVuSansCondensed.ttf", "B": "DejaVuSansCondensed-Bold.ttf"}
# Basic Latin, Latin-1, Latin Extended-A, the dashes, quotes and bullets, and the euro sign.
COMMON = frozenset((*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x203B), 0x20AC))
_NOTDEF = 0x00  # the subset map's entry for the .notdef glyph


@dataclass(frozen=True)
class _Source:
    """A TrueType file's bytes and glyph names (the files carry none: fontTools would
    rebuild them from the character map for every document)."""

    data: bytes
    glyph_order: tuple[str, ...]

    def open(self) -> TTFont:
        """A fresh fontTools font for one document to subset, opened lazily."""
        font = TTFont(BytesIO(self.data), recalcBBoxes=False, recalcTimestamp=False, lazy=True)
        font.setGlyphOrder(list(self.glyph_order))
        return font

    def subset(self, glyphs: set[str]) -> _Source:
        """Only ``glyphs`` (and the glyphs they are drawn with), nothing else dropped that
        fpdf2 keeps."""
        font = self.open()
        subsetter = Subsetter(Options(notdef_outline=True, recommended_glyphs=True))
        subsetter.populate(glyphs=glyphs)
        subsetter.subset(font)
        data = BytesIO()
        font.save(data)
        return _Source(data.getvalue(), tuple(font.getGlyphOrder()))


@dataclass(frozen=True)
class _Face:
    parsed: TTFFont  # as ``add_font`` makes it; never drawn with
    whole: _Source
    common: _Source  # the glyphs of the characters in COMMON


@cache
def _face(style: str) -> _Face:
    path = FONTS / FILES[style]
    scratch = FPDF()
    scratch.add_font(FAMILY, style, path)
    (parsed,) = scratch.fonts.values()
    assert isinstance(parsed, TTFFont)
    whole = _Source(path.read_bytes(), tuple(parsed.ttfont.getGlyphOrder()))
    common = whole.subset({parsed.cmap[c] for c in COMMON if c in parsed.cmap})
    return _Face(parsed, whole, common)


def add_fonts(pdf: FPDF) -> None:
    """Make the family (regular and bold) available to ``pdf``, as ``add_font`` would."""
    for style in FILES:
        face = _face(style)
        font = copy(face.parsed)
        font.i = len(pdf.fonts) + 1
        font.ttfont = face.whole.open()
        font.cw = copy(face.parsed.cw)  # a defaultdict: looking up a missing glyph adds it
        font.desc = copy(face.parsed.desc)  # named and numbered when the PDF is written
        font.missing_glyphs = []
        font.biggest_size_pt = 0
        font.subset = SubsetMap(font)
        pdf.fonts[font.fontkey] = font


def prefer_common_glyphs(pdf: FPDF) -> None:
    """Once drawn, before the PDF is written: each font that drew only ``COMMON``
    characters is to be subset from the common glyphs' font rather than the whole file."""
    for style in FILES:
        face = _face(style)
        font = pdf.fonts[face.parsed.fontkey]
        assert isinstance(font, TTFFont)
        if _drawn(font) - {_NOTDEF} <= COMMON:
            font.ttfont = face.common.open()


def _drawn(font: TTFFont) -> set[int]:
    """The characters drawn with ``font``: those of each glyph in its subset map."""
    drawn: set[int] = set()
    for glyph, _ in font.subset.items():
        if glyph is not None:
            codes = glyph.unicode
            drawn.update(codes if isinstance(codes, tuple) else (codes,))
    return drawn
