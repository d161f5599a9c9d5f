"""TrueType faces whose embedded subsets hold only the glyphs a document uses,
without hinting, and are built once per glyph set, not per PDF.

reportlab embeds, for every document, a subset of each face it used: it cuts the
glyphs out of the font file, writes a new TrueType program, compresses it, and
writes the widths and a ToUnicode map, and it numbers the characters in the
order the document first uses them, so no two documents share a subset. That
was a sixth of the time of a brief.

``StableTTFont`` numbers a fixed repertoire first — printable ASCII and the
typographic punctuation and accented letters articles use — so the first subset
of most documents is the same, and keeps what it built for a subset (font
program, widths, ToUnicode map, all compressed) to reuse in the next document.
A document that uses other characters gets them after the repertoire, and its
subsets are built as reportlab would, then kept in turn (a few per face).

The numbering is shared; the glyphs are not. A subset's font program holds only
the glyphs of the characters the document drew (the repertoire's other codes
show the missing glyph), and no hinting: fontTools takes the TrueType
instructions out, which were half of every glyph of DejaVu and are not used by
the screen renderers a brief is read on. The seed's three faces went from 67 KB
to about 14 KB. A program is kept per glyph set, in the process and in the
user's cache folder, so a brief built again costs nothing more.

Reading a font file (its glyph table, character map and widths) takes 12 ms a
face; ``load`` keeps the parsed face in the user's cache folder, where loading
it takes a tenth of that.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import importlib.util
import io
import os
import pickle
import sys
import weakref
import zlib
from functools import lru_cache
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, SUBSETN, TTFont, makeToUnicodeCMap

from ... import _cache

REPERTOIRE = (
    "".join(map(chr, range(32, 127)))
    + "’‘“”–—…•·€£°×½é"  # the punctuation and symbols of English news text
    + "èêëáàâäçíîïñóôöúüøåæßÉ"  # the accented letters of names and loanwords
)


class Raw(pdfdoc.PDFObject):
    """A PDF value formatted once and written as it is (``data`` may be filled in
    after the object is registered, once what it refers to is numbered)."""

    def __init__(self, data: bytes = b""):
        self.data = data

    def format(self, document) -> bytes:
        return self.data


def _deflated(data: bytes, **entries) -> pdfdoc.PDFStream:
    """A stream whose content is already compressed (reportlab does not compress
    a stream that names its filter)."""
    dictionary = pdfdoc.PDFDictionary({"Filter": pdfdoc.PDFName("FlateDecode"), **entries})
    return pdfdoc.PDFStream(dictionary, data)


class StableTTFont(TTFont):
    def __getstate__(self) -> dict:
        """The parsed font, for the cache folder: without the per-document numbering
        (there is none while the font is idle) and the face's scaling function,
        which ``__setstate__`` makes again from the face's units per em."""
        state = self.__dict__.copy()
        del state["state"]
        state.pop("_current", None)
        state.pop("_first", None)
        face = state["face"].__dict__.copy()
        face.pop("_pdfScale", None)
        state["face"] = (type(self.face), face)
        return state

    def __setstate__(self, state: dict) -> None:
        kind, parsed = state.pop("face")
        face = kind.__new__(kind)
        face.__dict__.update(parsed)
        per_em = face.unitsPerEm
        face._pdfScale = (lambda x: x) if per_em == 1000 else (lambda x, k=1000 / per_em: x * k)
        self.__dict__.update(state, face=face)
        self.state: WeakKeyDictionary = WeakKeyDictionary()

    def splitString(self, text, doc, encoding="utf-8"):
        """reportlab's split of ``text`` into (subset, bytes) runs, with a fast way
        for the usual case, text whose characters are all numbered in the first
        subset: one translation instead of a Python loop over every character.
        The characters are remembered as used."""
        self._numbered(doc)
        if text and isinstance(text, str):
            known, table = self._first_subset(doc)
            self._first[4].update(text)
            if known.issuperset(text):
                return [(0, text.translate(table).encode("latin-1"))]
        return super().splitString(text, doc, encoding)

    _first = None  # (numbering state, its size, the characters and codes of its first subset, characters used)

    def _first_subset(self, doc) -> tuple[frozenset[str], dict[int, int]]:
        state = self.state[doc]
        first = self._first
        if first is None or first[0] is not state or first[1] != len(state.assignments):
            table = {code: n for code, n in state.assignments.items() if n < 256}
            if 32 in table:
                table[0xA0] = table[32]  # reportlab prints a no-break space as a space
            used: set[str] = first[4] if first is not None and first[0] is state else set()
            first = self._first = (state, len(state.assignments), frozenset(map(chr, table)), table, used)
        return first[2], first[3]

    def getSubsetInternalName(self, subset, doc):
        self._numbered(doc)
        return super().getSubsetInternalName(subset, doc)

    _current = None  # a weak reference to the document last numbered

    def _numbered(self, doc) -> None:
        """Number the repertoire before this document's own text."""
        if self._current is not None and self._current() is doc:
            return
        if doc not in self.state:
            super().splitString(REPERTOIRE, doc)
        self._current = weakref.ref(doc)

    def addObjects(self, doc) -> None:
        """Add this face's subsets to ``doc``: reportlab's ``TTFont.addObjects``,
        with every subset's objects built once and then reused."""
        self._numbered(doc)
        state = self.state[doc]
        state.frozen = 1
        first = self._first
        used = set(map(ord, first[4])) if first is not None and first[0] is state else set()
        used.add(32)
        fonts = doc.idToObject["BasicFonts"].dict
        for n, subset in enumerate(state.subsets):
            internal = self.getSubsetInternalName(n, doc)[1:]
            base = (SUBSETN(n) + b"+" + self.face.name + self.face.subfontNameX).decode("pdfdoc")
            codes = tuple(subset) if n else tuple(code if code in used else 0 for code in subset)
            program, length, widths, cmap = _subset(self, base, codes)
            font = pdfdoc.PDFTrueTypeFont()
            font.__Comment__ = f"Font {self.fontName} subset {n}"
            font.Name, font.BaseFont = internal, base
            font.FirstChar, font.LastChar = 0, len(subset) - 1
            font.Widths = Raw(widths)
            font.ToUnicode = doc.Reference(_deflated(cmap), f"toUnicodeCMap:{base}")
            font.FontDescriptor = doc.Reference(self._descriptor(doc, base, program, length),
                                                f"fontDescriptor:{base}")
            doc.Reference(font, internal)
            fonts[internal] = font
        del self.state[doc]

    def _descriptor(self, doc, base: str, program: bytes, length: int) -> pdfdoc.PDFDictionary:
        face = self.face
        program_ref = doc.Reference(_deflated(program, Length1=length), f"fontFile:{face.filename}({base})")
        return pdfdoc.PDFDictionary({
            "Type": "/FontDescriptor", "Ascent": face.ascent, "CapHeight": face.capHeight,
            "Descent": face.descent, "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
            "FontBBox": pdfdoc.PDFArray(face.bbox), "FontName": pdfdoc.PDFName(base),
            "ItalicAngle": face.italicAngle, "StemV": face.stemV, "FontFile2": program_ref,
            "MissingWidth": face.defaultWidth,
        })


@lru_cache(maxsize=64)
def _subset(font: StableTTFont, base: str, subset: tuple[int, ...]) -> tuple[bytes, int, bytes, bytes]:
    """A subset's compressed font program, its raw length, its widths array (as
    PDF) and its compressed ToUnicode map. Code 0 stands for a code not used."""
    program = _unhinted(font.face.makeSubset(list(subset)))
    widths = pdfdoc.PDFArray([font.face.getCharWidth(code) if code else 0 for code in subset])
    cmap = makeToUnicodeCMap(base, list(subset)).encode("utf-8")
    return zlib.compress(program), len(program), widths.format(pdfdoc.DummyDoc()), zlib.compress(cmap)


SUBSETS_KEPT = 512  # font subsets in the cache folder (a few KB each): one per face per recent glyph set
NAMES_KEPT = range(7)  # copyright, family, style, unique name, full name, version, PostScript name


@lru_cache(maxsize=1)
def _made_by() -> tuple[bytes, bytes]:
    """What a cached subset depends on besides the font: fontTools and this module."""
    tools = importlib.util.find_spec("fontTools")
    origin = Path(tools.origin) if tools is not None and tools.origin else Path(__file__)
    return origin.read_bytes(), Path(__file__).read_bytes()


def _unhinted(program: bytes) -> bytes:
    """``program`` (a TrueType subset) without hinting — the glyphs' instructions
    and the tables they use — and with the short names only (not the licence
    text), made by fontTools; kept in the user's cache folder."""
    entry = _cache.entry("subset", program, *_made_by(), suffix=".ttf")
    if entry is not None:
        with contextlib.suppress(OSError):
            kept = entry.read_bytes()  # its digest, then the font: a damaged entry is made again
            if hashlib.sha256(kept[32:]).digest() == kept[:32]:
                return kept[32:]
    from fontTools.ttLib import TTFont as Tools

    font = Tools(io.BytesIO(program), recalcBBoxes=False, recalcTimestamp=False)
    font["glyf"].removeHinting()  # on each glyph's compact data: no outline is decoded
    for tag in ("fpgm", "prep", "cvt "):
        if tag in font:
            del font[tag]
    font["name"].names = [record for record in font["name"].names if record.nameID in NAMES_KEPT]
    out = io.BytesIO()
    font.save(out, reorderTables=False)
    data = out.getvalue()
    _cache.store(entry, hashlib.sha256(data).digest() + data, keep=SUBSETS_KEPT)
    return data


def alias(font: StableTTFont, name: str) -> StableTTFont:
    """``font`` under another ``name``, to register it by without reading its file
    again (a CJK face is 6 MB, and serves all four styles). reportlab gives the
    face registered first for every name of it, so the alias only names it."""
    named = copy.copy(font)  # by __getstate__: the parsed face, no document's numbering
    named.fontName = name
    return named


def load(name: str, path: str) -> StableTTFont:
    """The face in ``path`` named ``name``: from the cache folder if it was parsed
    before (by this code, this reportlab and this Python), else parsed and kept."""
    info = os.stat(path)
    entry = _cache.entry(
        "font", name, path, f"{info.st_size}:{info.st_mtime_ns}", reportlab.Version, sys.version,
        Path(__file__).read_bytes(), suffix=".pickle",
    )
    if entry is not None:
        with contextlib.suppress(Exception):  # no entry yet, or a damaged one: parse the font again
            with open(entry, "rb") as cached:
                font = pickle.load(cached)
            if isinstance(font, StableTTFont) and font.fontName == name:
                return font
    font = StableTTFont(name, path)
    _cache.store(entry, pickle.dumps(font, protocol=pickle.HIGHEST_PROTOCOL))
    return font
