"""The printable PDF brief: reportlab platypus, with our fonts and flowables.

reportlab's paragraph module compiles, as it is imported, a case-insensitive
pattern for web addresses spanning most of Unicode; compiling it took 55 ms,
a sixth of the time a build takes to start, and it is used only to break a
long address across lines. The module is imported here first, with that one
pattern compiled when it is first used (``tests/test_pdf_stock.py``).

Breaking a paragraph into lines measures every word (a third of the time
reportlab takes to break lines); the module measures through a cache of widths
by word, face and size, as the same words recur through a brief and a batch.
The faces registered under a name never change in a process, so a width once
measured stays right.
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

WIDTHS_KEPT = 1 << 15  # words measured and kept, by face and size (a few MB at most)
_paragraph.stringWidth = lru_cache(maxsize=WIDTHS_KEPT)(_paragraph.stringWidth)

from .renderer import PDFRenderer  # noqa: E402

__all__ = ["PDFRenderer"]
