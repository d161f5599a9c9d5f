"""The pictures a source names, made part of its brief or left out with a reason.

Every reader finds figures its own way (a Markdown image, an HTML ``<figure>``,
a Word drawing); this is where each becomes a ``Figure`` whose ``src`` is the
picture made safe (``images.sanitize``) as a ``data:`` URI, or is left out with
a warning the build prints. A source's pictures come from disk beside it, or
from inside it; nothing here goes to the network (a URL source passes a
``fetch`` that does, under the page's own limits).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import SourceError
from ..images import ImageRefused, Picture, is_data_uri, load_file, picture_of, sanitize
from ..model import Figure, collapse

_SHOWN = 3  # reasons named in the warning; the rest are counted
_CREDIT = re.compile(
    r"(?:^|(?<=[.!?。]\s)|(?<=[.!?。])|(?<=\s)(?=[(\[]))[(\[]?((?:Image|Photo|Photograph|Picture|Chart|Graphic|"
    r"Map|Illustration|Credit|Source|Courtesy)s?(?: by| credit)?\s*[:：]\s*[^()\[\]]+?|©\s*[^()\[\]]+?)[)\]]?\s*$",
)


_FIGURE_LABEL = re.compile(
    r"^(?:figure|fig\.|abbildung|illustration|chart|image|photo|picture|map|図|图)\s*\d+(?:\.\d+)?\s*[:：.\-–—]?\s*",
    re.IGNORECASE,
)


def figure_caption_text(text: str) -> str:
    """A caption without its ``Figure 3.`` label (the brief numbers figures itself)."""
    return _FIGURE_LABEL.sub("", collapse(text), count=1) or collapse(text)


def captioned(figure: Figure, line: str) -> Figure:
    """``figure`` with the caption line a source puts by it (a Caption paragraph, an
    italic line): its label gone, a credit at its end taken as the credit."""
    caption, credit = split_credit(figure_caption_text(line))
    return replace(figure, caption=caption, credit=figure.credit or credit)


def _figure(picture: Picture, alt: str, caption: str | None, credit: str | None) -> Figure:
    caption = figure_caption_text(caption) if caption else None
    return Figure(picture.uri, collapse(alt), caption or None, collapse(credit or "") or None)


def split_credit(caption: str | None) -> tuple[str | None, str | None]:
    """A caption and the credit at its end (``… Photo: Jane Roe``, ``… (Image: Agency)``,
    ``© Agency``), each None when absent."""
    text = collapse(caption or "")
    match = _CREDIT.search(text)
    if not match:
        return text or None, None
    rest = text[: match.start()].strip()
    return rest or None, match.group(1).strip()


class Figures:
    """Turns what a source says about its pictures into figures.

    ``base`` is the folder relative image paths start from; ``confined`` keeps
    them inside it (a JSON brief names only files copied with it, a saved page
    only files saved with it); ``fetch``
    reads a remote picture (only for a source read from a URL)."""

    def __init__(self, base: Path | None, *, confined: bool = False,
                 fetch: Callable[[str], bytes] | None = None):
        self.base = base
        self.confined = confined
        self.fetch = fetch
        self.left_out: dict[str, None] = {}
        self.files: dict[str, None] = {}  # every file looked for, found or not

    def figure(self, src: str, alt: str = "", caption: str | None = None, credit: str | None = None,
               *, furniture: Callable[[Picture], bool] | None = None) -> Figure | None:
        """The figure ``src`` names, or None (with a reason kept) when it cannot be one.
        ``furniture`` says whether the decoded picture is page furniture (an icon),
        which is left out without a warning."""
        picture = self.picture(src)
        if picture is None or (furniture is not None and furniture(picture)):
            return None
        return _figure(picture, alt, caption, credit)

    def from_bytes(self, raw: bytes, name: str, alt: str = "", caption: str | None = None,
                   credit: str | None = None) -> Figure | None:
        """The figure of a picture held inside the source (a Word package's media part)."""
        try:
            picture = sanitize(raw)
        except ImageRefused as exc:
            self.leave_out(f"{name}: {exc}")
            return None
        return _figure(picture, alt, caption, credit)

    def picture(self, src: str) -> Picture | None:
        src = src.strip()
        shown = src if len(src) <= 60 else src[:57] + "…"
        try:
            if is_data_uri(src):
                return picture_of(src)
            parts = urlsplit(src)
            if parts.scheme in ("http", "https") or src.startswith("//"):
                if self.fetch is None:
                    self.leave_out(f"{shown}: a remote picture, not fetched for a local source")
                    return None
                try:
                    return sanitize(self.fetch(src if parts.scheme else "https:" + src))
                except SourceError as exc:
                    self.leave_out(f"{shown}: {exc}")
                    return None
            if (parts.scheme and len(parts.scheme) > 1) or not parts.path:
                self.leave_out(f"{shown}: not a picture file")
                return None
            target = self._local(unquote(parts.path), shown)
            self.files.setdefault(str(target), None)
            return load_file(target)
        except ImageRefused as exc:
            self.leave_out(str(exc) if str(exc).startswith(Path(src).name) else f"{shown}: {exc}")
            return None

    def _local(self, path: str, shown: str) -> Path:
        if self.base is None:
            raise ImageRefused("a relative path, with no folder to find it in")
        if self.confined and Path(path).is_absolute():  # on a saved page, a path on its web site
            raise ImageRefused("an absolute path (on the page's site, or the disk), not read")
        target = (self.base / path).resolve()
        if self.confined and not target.is_relative_to(self.base.resolve()):
            raise ImageRefused("outside the source's folder")
        return target

    def leave_out(self, reason: str) -> None:
        self.left_out.setdefault(reason, None)

    def warnings(self) -> tuple[str, ...]:
        if not self.left_out:
            return ()
        reasons = list(self.left_out)
        more = f"; and {len(reasons) - _SHOWN} more" if len(reasons) > _SHOWN else ""
        count = len(reasons)
        return (f"{count} picture{'s' if count > 1 else ''} left out: {'; '.join(reasons[:_SHOWN])}{more}",)
