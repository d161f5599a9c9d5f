"""Bytes to text: BOMs, UTF-8, UTF-16 and the Windows code page, and refusing binary data."""

from __future__ import annotations

import codecs
import re

from ..errors import SourceError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# C0 controls other than tab, newline, form feed and carriage return never
# occur in text a person typed or pasted; a few of them mean binary data.
# Control characters text does not contain (tab, newlines and form feed aside), and
# the replacement character a bad decoding leaves.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def decode_text(data: bytes) -> str:
    """Decode a text source, or raise SourceError when it is not text.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are read as such;
    other bytes that are not valid UTF-8 are read as cp1252, the code page of
    text pasted on Windows, which is what such files almost always are.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise SourceError(f"not valid {encoding.upper()} text ({exc.reason})") from None
            break
    else:
        if _looks_like_utf16(data):
            text = data.decode("utf-16-le" if data[1:2] == b"\0" else "utf-16-be", "replace")
        else:
            text = _decode_8bit(data)
    _refuse_binary(text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_8bit(data: bytes) -> str:
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    # cp1252 leaves five bytes undefined; Latin-1 keeps them as characters.
    return data.decode("latin-1")


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: every other byte is NUL in mostly-ASCII text."""
    sample = data[:4000]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return (odd.count(0) > 0.4 * len(odd) and even.count(0) == 0) or (
        even.count(0) > 0.4 * len(even) and odd.count(0) == 0
    )


def _refuse_binary(text: str) -> None:
    sample = text[:8000]
    bad = len(_NOT_TEXT.findall(sample))
    if "\0" in sample or bad > max(8, len(sample) // 100):
        raise SourceError("binary data, not text")
