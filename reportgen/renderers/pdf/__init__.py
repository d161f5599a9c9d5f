"""The printable PDF brief: reportlab platypus, with our fonts and flowables.

reportlab's paragraph module compiles, as it is imported, a case-insensitive
pattern for web addresses spanning most of Unicode; compiling it took 55 ms,
a sixth of the time a build takes to start, and it is used only to break a
long address across lines. The module is imported here first, with that one
pattern compiled when it is first used (``tests/test_pdf_stock.py``).

Three of reportlab's functions are called hundreds or thousands of times a
brief; they are replaced by faster ones that give the same answers:

- breaking a paragraph into lines measures every word (a third of the time
  reportlab takes to break lines), and the same words recur through a brief
  and a batch. The faces registered under a name never change in a process,
  so a width once measured stays right.
- writing the PDF spells out each dictionary key as a PDF name, character by
  character (a twentieth of a brief); there are a few dozen keys.
- every piece of PDF syntax written as text (an object's number, a key, a
  value) is encoded with reportlab's PDFDocEncoding codec, which is written in
  Python. It is ASCII for ASCII text, bar eight control characters it cannot
  encode; encoding such text as ASCII is ten times faster (a twentieth of a
  brief, more with the structure tree's hundreds of objects).

Widths and names answer through a cache.

``tests/test_pdf_stock.py`` builds every sample with reportlab's own functions
too, and checks the bytes are the same.
"""

import re
from functools import lru_cache

_URI_PATTERN_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"  # how reportlab's pattern for web addresses begins
_compile = re.compile


class _CompiledWhenUsed:
    """A regular expression compiled the first time any of its methods is asked for."""

    def __init__(self, pattern: str, flags: int):
        self._source = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> object:
        if self._compiled is None:
            self._compiled = _compile(*self._source)
        return getattr(self._compiled, name)


def _deferring(pattern: object, flags: int = 0) -> object:
    if isinstance(pattern, str) and pattern.startswith(_URI_PATTERN_START):
        return _CompiledWhenUsed(pattern, flags)
    return _compile(pattern, flags)  # type: ignore[call-overload]


re.compile = _deferring  # type: ignore[assignment]
try:
    from reportlab.platypus import paragraph as _paragraph
finally:
    re.compile = _compile

from reportlab.pdfbase import pdfdoc as _pdfdoc  # noqa: E402

WIDTHS_KEPT = 1 << 15  # words measured and kept, by face and size (a few MB at most)
NAMES_KEPT = 1 << 10
_NOT_IN_PDFDOC = _compile("[\x18-\x1f]")  # the ASCII characters PDFDocEncoding has no code for
_pdfdoc_encoded = _pdfdoc.pdfdocEnc


def _encoded(text: str | bytes) -> bytes:
    """reportlab's ``pdfdocEnc``: ASCII text as ASCII, the rest by reportlab's codec."""
    if isinstance(text, str) and text.isascii() and _NOT_IN_PDFDOC.search(text) is None:
        return text.encode("ascii")
    return _pdfdoc_encoded(text)


_paragraph.stringWidth = lru_cache(maxsize=WIDTHS_KEPT)(_paragraph.stringWidth)
_pdfdoc.PDFName = lru_cache(maxsize=NAMES_KEPT)(_pdfdoc.PDFName)
_pdfdoc.pdfdocEnc = _encoded

from .renderer import PDFRenderer  # noqa: E402

__all__ = ["PDFRenderer"]
