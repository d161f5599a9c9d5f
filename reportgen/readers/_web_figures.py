"""The figures of a web page: pictures of the article, without the page's furniture.

trafilatura finds the article's text; its pictures are found here, in the page
parsed with lxml, and put in the stream beside the paragraph they stand before
on the page. A ``<figure>`` with its ``<img>`` (or ``<picture>``) and
``<figcaption>`` is a figure, and so is a picture boxed with an element whose
class says caption (``wp-caption``, ``thumbcaption``); a lone ``<img>`` is one
only when its alt text says what it shows. Page furniture is left out without a word: anything outside
the article (its ``<article>`` or ``<main>`` when the page has one), in a
header, navigation, footer, aside, form or button, anything whose class or id
says logo, share, social, avatar, icon and the like, pictures marked
decorative (``alt=""`` on a lone image, ``role="presentation"``,
``aria-hidden``), and tiny ones (icons, tracking pixels).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

from ..images import Picture
from ..model import Figure, Paragraph, collapse
from ..structure import Flat
from ._figures import Figures, split_credit

_FURNITURE = re.compile(
    r"logo|share|sharing|social|avatar|icon|sprite|badge|emoji|author|byline|profile|comment|related|"
    r"promo|advert|(?<![a-z])ads?(?![a-z])|sponsor|banner|newsletter|subscribe|signup|tracking|pixel|"
    r"button|brand|(?<![a-z])nav|menu|breadcrumb|widget|teaser|recommend|outbrain|taboola",
    re.IGNORECASE,
)
_OUTSIDE_TAGS = frozenset({"nav", "footer", "aside", "form", "button", "noscript"})
_CREDIT_CLASS = re.compile(r"credit|copyright|byline|attribution|source|photographer", re.IGNORECASE)
_GENERIC_ALT = re.compile(r"^(?:image|photo|picture|img|graphic|logo|icon|banner|thumbnail|placeholder)\s*\d*$",
                          re.IGNORECASE)
_FILE_NAME = re.compile(r"\.(?:png|jpe?g|gif|webp|svg)$", re.IGNORECASE)
_CAPTION_CLASS = re.compile(r"caption", re.IGNORECASE)
_CAPTION_BOX_LEVELS = 3
_SMALLEST_SIDE = 48  # pixels: an image the page draws this small is an icon
_MOST_FIGURES = 40  # a page with more pictures than this is a gallery; the rest are left out, with a warning
_KEY_CHARS = 50


def place_figures(tree, stream: list[Flat], figures: Figures, base_url: str | None) -> list[Flat]:
    """``stream`` with the page's article figures put in, each before the paragraph
    that follows it on the page (or after the one before it)."""
    container = _article(tree)
    starts: dict[str, int] = {}
    for n, block in enumerate(stream):
        if isinstance(block, Paragraph):
            starts.setdefault(start_key(block.text), n)
    before: dict[int, list[Figure]] = {}
    captions: set[str] = set()
    found = list(_candidates(tree, container))
    if len(found) > _MOST_FIGURES:
        figures.leave_out(f"{len(found) - _MOST_FIGURES} pictures beyond the first {_MOST_FIGURES}")
    for element, img in found[:_MOST_FIGURES]:
        place = _anchor(element, starts, len(stream), container)
        if place is None:
            continue
        caption, credit, full = _caption(element)
        src = _source(img)
        if not src:
            continue
        if base_url and not src.startswith("data:"):
            src = urljoin(base_url, src)
        figure = figures.figure(src, img.get("alt") or "", caption, credit, furniture=_tiny)
        if figure is None:
            continue
        before.setdefault(place, []).append(figure)
        captions.update(normal_key(t) for t in (full, caption or "") if t)
    if not before:
        return stream
    out: list[Flat] = []
    for n, block in enumerate(stream):
        out.extend(before.get(n, ()))
        if not (isinstance(block, Paragraph) and normal_key(block.text) in captions):
            out.append(block)  # a caption trafilatura kept as a paragraph is the figure's now
    out.extend(before.get(len(stream), ()))
    return out


def _article(tree):
    """The page's article element (the ``<article>`` with the most text, else
    ``<main>``), or None when the page marks none."""
    articles = tree.xpath("//article")
    if articles:
        return max(articles, key=lambda a: len(a.text_content()))
    main = tree.xpath("//main | //*[@role='main']")
    return main[0] if main else None


def _candidates(tree, container) -> Iterator[tuple[Any, Any]]:
    """``(element, img)`` for each figure and each lone image that is not furniture."""
    seen: set[int] = set()
    for figure in tree.iter("figure"):
        img = next(figure.iter("img"), None)
        captioned = next(figure.iter("figcaption"), None) is not None
        if img is None or _furniture(figure, container) or _decorative(img, lone=False, captioned=captioned):
            continue
        seen.update(id(i) for i in figure.iter("img"))
        yield figure, img
    for img in tree.iter("img"):
        if id(img) in seen or _furniture(img, container):
            continue
        holder = _captioned_box(img)
        if holder is not None and not _decorative(img, lone=False, captioned=True):
            yield holder, img
        elif holder is None and not _decorative(img, lone=True, captioned=False):
            yield img, img


def _captioned_box(img):
    """The box a picture shares with its caption in markup older than ``<figure>``
    (WordPress's ``wp-caption``, wikis' ``thumb`` with ``thumbcaption``): the nearest
    ancestor, a few levels up, holding this one picture and an element whose class
    says caption."""
    node = img.getparent()
    for _ in range(_CAPTION_BOX_LEVELS):
        if node is None or node.tag in ("body", "article", "main"):
            return None
        if sum(1 for _ in node.iter("img")) > 1:
            return None
        if _caption_element(node) is not None:
            return node
        node = node.getparent()
    return None


def _caption_element(box):
    return next((e for e in box.iter() if e is not box and isinstance(e.tag, str)
                 and _CAPTION_CLASS.search(e.get("class", "")) and next(e.iter("img"), None) is None), None)


def _furniture(element, container) -> bool:
    if container is not None and not _inside(element, container):
        return True
    node = element
    while node is not None and node is not container:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _OUTSIDE_TAGS or (tag == "header" and container is None):
            return True
        if _FURNITURE.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
        if tag == "a" and (node.get("href") or "").rstrip("/") in ("", "/", "#", "index.html"):
            return True  # a picture linking to the site's home page is its logo
        node = node.getparent()
    return False


def _inside(element, container) -> bool:
    node = element
    while node is not None:
        if node is container:
            return True
        node = node.getparent()
    return False


def _decorative(img, *, lone: bool, captioned: bool) -> bool:
    """A picture the page marks as decoration (``alt=""`` without a caption), or
    draws icon-sized; a lone image also needs alt text that says something."""
    if img.get("role") == "presentation" or img.get("aria-hidden") == "true":
        return True
    sides = [_number(img.get(side)) for side in ("width", "height")]
    if any(side is not None and side <= _SMALLEST_SIDE for side in sides):
        return True
    alt = collapse(img.get("alt") or "")
    if lone:
        return len(alt) < 4 or bool(_GENERIC_ALT.match(alt) or _FILE_NAME.search(alt))
    return img.get("alt") is not None and not alt and not captioned


def _number(value: str | None) -> int | None:
    match = re.match(r"\s*(\d+)\s*(?:px)?\s*$", value or "")
    return int(match[1]) if match else None


def _tiny(picture: Picture) -> bool:
    return picture.tiny


def _source(img) -> str:
    """The image a browser shows: ``src``, a lazy loader's ``data-src``, or the first
    of ``srcset`` (of the image, then of its ``<picture>``'s sources)."""
    for name in ("src", "data-src", "data-lazy-src", "data-original"):
        value = (img.get(name) or "").strip()
        if value and not value.startswith("data:image/gif"):  # a lazy loader's placeholder
            return value
    sets = [img.get("srcset") or ""]
    parent = img.getparent()
    if parent is not None and parent.tag == "picture":
        sets += [s.get("srcset") or "" for s in parent.iter("source")]
    for srcset in sets:
        first = srcset.split(",")[0].strip().split(" ")[0]
        if first:
            return first
    return (img.get("src") or "").strip()


def _caption(element) -> tuple[str | None, str | None, str]:
    """A figure's caption and credit (a ``<small>``, ``<cite>`` or ``.credit`` in its
    figcaption, or ``Photo: …`` at its end), and the figcaption's whole text."""
    if element.tag == "figure":
        figcaption = next(element.iter("figcaption"), None)
    else:
        figcaption = _caption_element(element) if element.tag != "img" else None
    if figcaption is None:
        return None, None, ""
    full = collapse(figcaption.text_content())
    credits = [e for e in figcaption.iter()
               if e is not figcaption and (e.tag in ("small", "cite") or _CREDIT_CLASS.search(e.get("class", "")))]
    credit = " ".join(collapse(e.text_content()) for e in credits if collapse(e.text_content())) or None
    text = full
    for e in credits:
        gone = collapse(e.text_content())
        if gone:
            text = collapse(text.replace(gone, "", 1))
    caption, tail = split_credit(text)
    return caption, credit or tail, full


def _anchor(element, starts: dict[str, int], end: int, container) -> int | None:
    """Where in the stream a figure goes: before the page's next paragraph that is
    in the stream, else after the one before it, else at the end when it is inside
    the article; None when it is near no article text."""
    following = element.xpath("following::p")
    for p in following[:3]:
        found = starts.get(start_key(p.text_content()))
        if found is not None:
            return found
    preceding = element.xpath("preceding::p[1]")
    if preceding and (found := starts.get(start_key(preceding[0].text_content()))) is not None:
        return found + 1
    return end if container is not None else None


def normal_key(text: str) -> str:
    """Text as the page and the extracted article both spell it: words only, any case."""
    return re.sub(r"\W+", " ", text).strip().casefold()


def start_key(text: str) -> str:
    """The start of a paragraph's text, enough to find it on the page."""
    return normal_key(text)[:_KEY_CHARS]
