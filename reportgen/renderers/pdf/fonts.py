"""Fonts for the PDF: embedded TrueType faces from pip packages, never from the OS.

DejaVu Sans, Serif and Sans Mono ship inside matplotlib (Latin, Greek, Cyrillic,
the typographic punctuation articles use); IPAex Gothic ships inside
matplotlib-fontja (Japanese, and the common Chinese characters). Both packages
are only *located*, not imported, so reading fonts costs no matplotlib import.

Text is split into runs by which face has the glyphs: ``markup`` escapes article
text once and wraps the CJK runs in the CJK face, for reportlab paragraphs.
"""

from __future__ import annotations

import importlib.util
import unicodedata
from functools import cache
from html import escape as _html_escape
from pathlib import Path

from ...errors import UsageError

# family name -> file stems for regular, bold, italic, bold italic
_DEJAVU = {
    "DejaVu Sans": ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"),
    "DejaVu Serif": ("DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic", "DejaVuSerif-BoldItalic"),
    "DejaVu Sans Mono": (
        "DejaVuSansMono",
        "DejaVuSansMono-Bold",
        "DejaVuSansMono-Oblique",
        "DejaVuSansMono-BoldOblique",
    ),
}
CJK_FAMILIES = {"IPAexGothic": "ipaexg"}
_STYLES = ("", "-Bold", "-Italic", "-BoldItalic")


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def font_file(family: str, style: int = 0) -> Path:
    """The TrueType file for ``family`` in style 0 regular, 1 bold, 2 italic, 3 bold italic."""
    if family in _DEJAVU:
        root = _package_dir("matplotlib")
        path = root / "mpl-data" / "fonts" / "ttf" / f"{_DEJAVU[family][style]}.ttf" if root else None
    elif family in CJK_FAMILIES:
        root = _package_dir("matplotlib_fontja")
        path = root / "fonts" / f"{CJK_FAMILIES[family]}.ttf" if root else None
    else:
        known = ", ".join([*_DEJAVU, *CJK_FAMILIES])
        raise UsageError(f"unknown font {family!r} (fonts available: {known})")
    if path is None or not path.is_file():
        raise UsageError(f"font {family!r} is missing: reinstall reportgen's dependencies")
    return path


@cache
def register(family: str) -> str:
    """Register ``family`` (four faces) with reportlab once per process; its base name."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    from . import _ttf

    base = family.replace(" ", "")
    single = family in CJK_FAMILIES  # one face serves all four styles: read once, named four times
    regular: _ttf.StableTTFont | None = None
    for style, suffix in enumerate(_STYLES):
        name = base + suffix
        path = font_file(family, 0 if single else style)
        if name not in pdfmetrics.getRegisteredFontNames():
            font = _ttf.alias(regular, name) if single and regular else _ttf.load(name, str(path))
            regular = regular or font
            pdfmetrics.registerFont(font)
        addMapping(base, style & 1, (style >> 1) & 1, name)
    return base


def face(family: str, bold: bool = False, italic: bool = False) -> str:
    """The reportlab name of one face of a registered family."""
    return register(family) + _STYLES[int(bold) + 2 * int(italic)]


@cache
def coverage(family: str) -> frozenset[int]:
    """Code points the regular face of ``family`` has glyphs for."""
    from reportlab.pdfbase import pdfmetrics

    font = pdfmetrics.getFont(register(family))
    return frozenset(font.face.charToGlyph)


def escape(text: str) -> str:
    """Text as reportlab paragraph markup: ``&``, ``<`` and ``>`` escaped."""
    return _html_escape(text, quote=False)


@cache
def characters(family: str) -> frozenset[str]:
    """The characters the regular face of ``family`` has glyphs for."""
    return frozenset(map(chr, coverage(family)))


class Markup:
    """Turns article text into reportlab paragraph markup for one body family and
    one CJK family: escaped once, CJK runs in the CJK face. Also remembers the
    characters neither face can show, for the build's warnings."""

    def __init__(self, body: str, cjk: str):
        self.body_cover = coverage(body)
        self.body_chars = characters(body)
        self.cjk = cjk
        self.missing: set[str] = set()

    @property
    def cjk_cover(self) -> frozenset[int]:
        """The CJK face's code points; the face is loaded only when a text needs it."""
        return coverage(self.cjk)

    @property
    def cjk_name(self) -> str:
        return register(self.cjk)

    def width(self, text: str, face_name: str, size: float) -> float:
        """The width of ``text`` as a paragraph draws it: CJK characters in the CJK face."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        if text.isascii() or self.body_chars.issuperset(text):
            return stringWidth(text, face_name, size)
        body = "".join(c for c in text if ord(c) in self.body_cover or ord(c) not in self.cjk_cover)
        cjk = "".join(c for c in text if ord(c) not in self.body_cover and ord(c) in self.cjk_cover)
        return stringWidth(body, face_name, size) + (stringWidth(cjk, self.cjk_name, size) if cjk else 0)

    def __call__(self, text: str) -> str:
        if text.isascii():
            return escape(text)
        if self.body_chars.issuperset(text):
            return escape(text)
        out: list[str] = []
        run: list[str] = []
        in_cjk = False
        for char in text:
            code = ord(char)
            wants_cjk = code not in self.body_cover and code in self.cjk_cover
            if code not in self.body_cover and not wants_cjk and unicodedata.category(char)[0] not in "CZ":
                self.missing.add(char)
            if wants_cjk != in_cjk and run:
                out.append(self._run("".join(run), in_cjk))
                run = []
            in_cjk = wants_cjk
            run.append(char)
        if run:
            out.append(self._run("".join(run), in_cjk))
        return "".join(out)

    def _run(self, text: str, cjk: bool) -> str:
        return f'<font name="{self.cjk_name}">{escape(text)}</font>' if cjk else escape(text)
