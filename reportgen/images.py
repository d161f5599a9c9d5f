"""Pictures, which come from untrusted sources: checked and made safe once, for
readers and renderers alike.

Every image a brief carries passes through ``sanitize``: Pillow reads its header
and refuses it before decoding when it claims more pixels than ``MAX_PIXELS``
(a 40,000 × 40,000 PNG is a few kilobytes that would decode to 6 GB); only PNG,
JPEG, GIF and WebP are read (GIF and WebP become PNG); the EXIF orientation is
applied; a picture larger than ``MAX_SIDE_PX`` (200 dpi at the widest a brief
prints it) is scaled down; and it is encoded again, as PNG or JPEG, so no
metadata survives. The result is reproducible: the same bytes in give the same
bytes out. Results are kept per process by content hash, under both the bytes
they came from and the bytes they became, so a reader's picture costs a
renderer nothing to decode again.

Inside a brief, a picture travels as a ``data:`` URI (``Figure.src``), so a
brief is whole on its own; ``picture_of`` turns it back into a ``Picture``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import warnings
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_PIXELS = 40_000_000  # a picture claiming more is refused before it is decoded
MAX_BYTES = 30 * 1024 * 1024  # an image file larger than this is not read
PRINT_DPI = 200
MAX_PRINT_MM = (180, 250)  # the largest a brief prints a picture: wider than any template's text
MAX_SIDE_PX = tuple(round(side / 25.4 * PRINT_DPI) for side in MAX_PRINT_MM)
FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
JPEG_QUALITY = 85
TINY_PX = 48  # a picture no larger than this each way is an icon or a tracking pixel, not a figure
_CACHED = 64  # pictures kept per process


class ImageRefused(Exception):
    """An image that is not made part of a brief; the message says why, for a warning."""


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture made safe: PNG or JPEG bytes and their size in pixels."""

    data: bytes
    mime: str  # image/png or image/jpeg
    width: int
    height: int
    digest: str = field(init=False)  # names the picture wherever it is stored, worked out once

    def __post_init__(self) -> None:
        object.__setattr__(self, "digest", hashlib.sha256(self.data).hexdigest())

    @property
    def extension(self) -> str:
        return ".jpg" if self.mime == "image/jpeg" else ".png"

    @property
    def uri(self) -> str:
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"

    @property
    def tiny(self) -> bool:
        return self.width <= TINY_PX and self.height <= TINY_PX


_cache: OrderedDict[str, Picture] = OrderedDict()


def sanitize(raw: bytes) -> Picture:
    """``raw`` image bytes as a safe Picture; ImageRefused when they cannot be one."""
    key = hashlib.sha256(raw).hexdigest()
    found = _cache.get(key)
    if found is None:
        if len(raw) > MAX_BYTES:
            raise ImageRefused(f"larger than {MAX_BYTES // 2**20} MB")
        found = _decode(raw)
        _remember(key, found)
        _remember(found.digest, found)  # sanitizing a sanitized picture changes nothing
    else:
        _cache.move_to_end(key)
    return found


def _remember(key: str, picture: Picture) -> None:
    _cache[key] = picture
    while len(_cache) > _CACHED:
        _cache.popitem(last=False)


def load_file(path: Path) -> Picture:
    """The picture in the file at ``path``; ImageRefused when it is missing or not a picture."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ImageRefused(f"{path.name}: larger than {MAX_BYTES // 2**20} MB")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ImageRefused(f"{path.name}: no such file") from None
    except OSError as exc:
        raise ImageRefused(f"{path.name}: cannot read it ({exc.strerror})") from None
    try:
        return sanitize(raw)
    except ImageRefused as exc:
        raise ImageRefused(f"{path.name}: {exc}") from None


def is_data_uri(src: str) -> bool:
    return src[:5].lower() == "data:"


def decode_data_uri(src: str) -> bytes:
    """The bytes of a ``data:`` URI (base64 or percent-encoded); ImageRefused when it is not one."""
    from urllib.parse import unquote_to_bytes

    head, comma, body = src.partition(",")
    if not comma or not is_data_uri(head):
        raise ImageRefused("not a data: URI")
    if len(body) > MAX_BYTES * 4 // 3 + 4:
        raise ImageRefused(f"larger than {MAX_BYTES // 2**20} MB")
    if head.lower().endswith(";base64"):
        try:
            return base64.b64decode(body, validate=False)
        except (binascii.Error, ValueError):
            raise ImageRefused("a data: URI that is not valid base64") from None
    return unquote_to_bytes(body)


def picture_of(src: str) -> Picture:
    """The picture a figure's ``src`` holds (a ``data:`` URI); ImageRefused otherwise."""
    return sanitize(decode_data_uri(src))


def _decode(raw: bytes) -> Picture:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's notes on odd metadata, which is dropped anyway
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw), formats=list(FORMATS)) as image:  # no other decoder sees it
                kind = image.format or "?"
                width, height = image.size
                if width * height > MAX_PIXELS or not width or not height:
                    raise ImageRefused(f"it claims {width:,} × {height:,} pixels, more than a brief takes")
                if kind == "JPEG" and _clean_jpeg(image):
                    return Picture(raw, "image/jpeg", width, height)  # encoding it again would only lose detail
                if kind == "JPEG":
                    image.draft("RGB", _fitted(width, height))  # decode a large photo at a fraction of its size
                image.load()
                upright = ImageOps.exif_transpose(image) or image
                return _encode(upright, photo=kind == "JPEG")
    except ImageRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRefused("it claims more pixels than a brief takes") from None
    except UnidentifiedImageError:
        raise ImageRefused("not a PNG, JPEG, GIF or WebP picture") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageRefused(f"a damaged picture ({exc})") from None


def _clean_jpeg(image: Any) -> bool:
    """A JPEG as ``_encode`` writes one: no metadata beyond the JFIF header, a plain
    colour model, no larger than a brief prints."""
    return (image.mode in ("RGB", "L") and all(marker == "APP0" for marker, _ in image.applist)
            and not image.info.get("comment") and _fitted(*image.size) == image.size)


def _fitted(width: int, height: int) -> tuple[int, int]:
    scale = min(1.0, MAX_SIDE_PX[0] / width, MAX_SIDE_PX[1] / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _encode(image: Any, *, photo: bool) -> Picture:
    from PIL import Image

    transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if transparent:
        image = image.convert("RGBA")
    elif image.mode not in ("RGB", "L", "P"):  # a palette image stays one: a chart stays small
        image = image.convert("RGB")
    size = _fitted(*image.size)
    if size != image.size:
        image = image.resize(size, Image.Resampling.LANCZOS)
    image.info = {}  # Pillow writes some of it (a JPEG's comment) back when it saves
    out = io.BytesIO()
    if photo and not transparent:
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
        mime = "image/jpeg"
    else:
        image.save(out, "PNG", optimize=False, compress_level=6)
        mime = "image/png"
    return Picture(out.getvalue(), mime, *image.size)
