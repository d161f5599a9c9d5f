"""The presentation layer: what a brief shows, decided once for every renderer.

A renderer draws; it does not decide. The masthead, the source line, the memo
fields, the running header and footer, the colophon, which links may be
links, the quotation marks of the brief's language, list labels by level and
numbered captions are all computed here from the brief and the template, so
the PDF and the Word brief of one article say the same things in the same
order, and a new output format only has to draw them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..images import ImageRefused, load_file, picture_of
from ..links import host_of, safe_url
from ..model import Brief, Digest, GlossaryEntry, Inlines, Meta, Quote, Source, plain
from ..prose import OPENING_QUOTES, is_cjk, language_of

if TYPE_CHECKING:
    from ..templates import Template
    from .base import RenderOptions

RUNNING_TITLE_MOST = 80  # characters of the title in the running header
ATTRIBUTION_MOST = 70  # characters of the footer's attribution: it shares a line with "Page N of M"
MOST_COLUMNS = 16  # a wider table is set as rows of "Header: cell" pairs (Word opens at most 63 columns)


# --- colours ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Palette:
    """The template's colours, each ``#rrggbb``."""

    text: str
    muted: str
    accent: str  # masthead band, headings, table header, rules of panels and quotes
    accent_text: str  # text on the accent colour
    panel: str  # key points panel
    rule: str  # lines between table rows and above the colophon
    zebra: str  # every other table row
    link: str

    @classmethod
    def of(cls, template: Template) -> Palette:
        colors = template.get("colors", {}) or {}
        return cls(**{name: str(colors[name]) for name in cls.__slots__})


# --- lists ---------------------------------------------------------------------------

BULLETS = ("•", "–", "◦")  # by level, then again from the first
ORDERED_FORMATS = ("decimal", "lowerLetter", "lowerRoman")  # by level: 1. a. i., as Word names them


def cell_pairs(header: Sequence[Inlines], row: Sequence[Inlines]) -> list[tuple[str, Inlines]]:
    """A table row set as text (a table too wide, or with a cell too long, for a
    grid): its filled cells, each with the text of its column's header ("" when
    the column has none)."""
    return [(plain(header[c]) if c < len(header) else "", cell) for c, cell in enumerate(row) if cell]


CELL_SEPARATOR = "  ·  "  # between the pairs of a row set as text


def list_label(ordered: bool, level: int, number: int) -> str:
    """The label of item ``number`` (from 1) of a list at ``level`` (from 0): the same
    scheme the Word brief's numbering definitions declare."""
    if not ordered:
        return BULLETS[level % len(BULLETS)]
    return f"{format_number(number, ORDERED_FORMATS[level % len(ORDERED_FORMATS)])}."


def format_number(number: int, fmt: str) -> str:
    """``number`` as Word writes it in ``fmt``: 28 is ``28``, ``bb`` or ``xxviii``."""
    if fmt == "lowerLetter":  # a … z, then aa … zz, as Word counts
        letter = chr(ord("a") + (number - 1) % 26)
        return letter * ((number - 1) // 26 + 1)
    if fmt == "lowerRoman":
        return _roman(number)
    return str(number)


def _roman(number: int) -> str:
    out = []
    for value, digits in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        count, number = divmod(number, value)
        out.append(digits * count)
    return "".join(out)


# --- quotations ------------------------------------------------------------------------

QUOTE_MARKS = {
    "ja": ("「", "」"),
    "zh": ("“", "”"),
    "zh-hant": ("「", "」"),
    "zh-tw": ("「", "」"),
    "de": ("„", "“"),
    "fr": ("«\u202f", "\u202f»"),
    "en": ("“", "”"),
}


def quote_marks(quote: Quote, language: str) -> tuple[str, str]:
    """The marks a quotation is printed between: those of its own language (a
    Japanese quotation in an English brief keeps 「」), else the brief's; none
    when the text already opens with one."""
    if quote.text[:1] in OPENING_QUOTES:
        return "", ""
    tag = language_of(quote.text, language).lower()
    for key in (tag, tag.split("-")[0]):
        if key in QUOTE_MARKS:
            return QUOTE_MARKS[key]
    return QUOTE_MARKS["en"]


# --- captions --------------------------------------------------------------------------


class Captions:
    """Numbers tables (and figures) in the order a renderer meets them: ``Table 1.``."""

    def __init__(self, labels: dict[str, str]):
        self.labels = labels
        self.counts: Counter[str] = Counter()

    def number(self, kind: str) -> str:
        self.counts[kind] += 1
        return f"{self.labels[kind]} {self.counts[kind]}."


# --- figures ---------------------------------------------------------------------------

NATURAL_DPI = 150  # a picture is never printed larger than its pixels at this resolution
FIGURE_MAX_HEIGHT_MM = 110  # unless the template says otherwise ([figures] max_height_mm)
POINTS_PER_INCH = 72


def figure_size(width_px: int, height_px: int, text_width: float, max_height: float) -> tuple[float, float]:
    """How large a picture prints, in points: its natural size at ``NATURAL_DPI``,
    shrunk (never stretched) to the text width and the greatest height, its
    aspect kept."""
    width = width_px / NATURAL_DPI * POINTS_PER_INCH
    height = height_px / NATURAL_DPI * POINTS_PER_INCH
    scale = min(1.0, text_width / width, max_height / height)
    return width * scale, height * scale


PICTURES_FOLDER = "images"  # beside a Markdown or JSON brief


def figure_file(src: str) -> tuple[str, bytes]:
    """The file a figure's picture is written to beside a Markdown or JSON brief:
    named by its content, so briefs sharing a folder share their pictures and
    never overwrite another's. ``ImageRefused`` when ``src`` holds no picture."""
    picture = picture_of(src)
    return f"{PICTURES_FOLDER}/{picture.digest[:16]}{picture.extension}", picture.data


PAGE_HEIGHTS_MM = {"A4": 297.0, "LETTER": 279.4}
CAPTION_ROOM_MM = 20  # under the tallest picture, for its caption and credit


def figure_max_height(template: Template) -> float:
    """The tallest a figure prints, in points: what the template says, but never so
    tall that the picture and its caption do not fit between the margins."""
    get = template.get
    page = PAGE_HEIGHTS_MM.get(str(get("page.size", "A4")).upper(), PAGE_HEIGHTS_MM["A4"])
    room = page - float(get("page.margin_top_mm", 20)) - float(get("page.margin_bottom_mm", 20)) - CAPTION_ROOM_MM
    return min(float(get("figures.max_height_mm", FIGURE_MAX_HEIGHT_MM)), room) / 25.4 * POINTS_PER_INCH


# --- dates ---------------------------------------------------------------------------------


def display_date(iso: str | None) -> str | None:
    """``2025-03-03`` -> ``3 March 2025``."""
    if not iso:
        return None
    try:
        day = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


# --- the brief's parts -------------------------------------------------------------------


LOGO_HEIGHT_MM = 12
LOGO_ALT = "Logo"


@dataclass(frozen=True, slots=True)
class Logo:
    """The template's logo, made safe, and how large it prints (points)."""

    data: bytes
    digest: str
    extension: str
    width: float
    height: float
    alt: str

    @classmethod
    def of(cls, template: Template) -> Logo | None:
        path = template.logo_file()
        if path is None:
            return None
        try:
            picture = load_file(path)
        except ImageRefused as exc:
            raise UsageError(f"template {template.name!r}: logo {exc}") from None
        height = float(template.get("logo.height_mm", LOGO_HEIGHT_MM)) / 25.4 * POINTS_PER_INCH
        return cls(picture.data, picture.digest, picture.extension, height * picture.width / picture.height,
                   height, str(template.get("logo.alt") or LOGO_ALT))

    def fitted(self, text_width: float) -> tuple[float, float]:
        """Its printed size (points): as tall as the template says, never wider than
        a third of the text."""
        scale = min(1.0, text_width / 3 / self.width)
        return self.width * scale, self.height * scale


@dataclass(frozen=True, slots=True)
class Front:
    """Page 1 above the article: a masthead band or a memorandum block, the title,
    the source line and link, and the key points panel."""

    memo: bool  # a memorandum block (memo_fields) instead of the masthead band
    masthead: str  # the band's text; in a memorandum, its heading
    marking: str
    title: str
    subtitle: str | None
    source_line: str  # publisher and authors; empty when there is nothing to say
    url: str | None  # the article's address, when it may be a link
    memo_fields: tuple[tuple[str, str], ...]
    key_points_title: str
    key_points: tuple[Inlines, ...]  # empty when the template shows no panel
    logo: Logo | None = None  # the organisation's logo, in the masthead


@dataclass(frozen=True, slots=True)
class Running:
    """What the header and footer of every page after the first say."""

    title: str
    marking: str
    attribution: str
    page_label: str  # "Page", as in "Page 2 of 4"


@dataclass(frozen=True, slots=True)
class Back:
    """The end of the brief: notes, glossary, numbered sources, colophon. Notes are
    always shown (they are the article's words)."""

    notes_title: str
    notes: tuple[Inlines, ...]
    glossary_title: str
    glossary: tuple[GlossaryEntry, ...]  # empty when the template shows none
    sources_title: str
    sources: tuple[Source, ...]  # their URLs kept only where they may be links
    colophon: str  # empty when the template shows none


@dataclass(frozen=True, slots=True)
class Layout:
    front: Front
    running: Running
    back: Back
    palette: Palette
    language: str
    labels: dict[str, str]

    @classmethod
    def of(cls, brief: Brief, template: Template, options: RenderOptions | None = None) -> Layout:
        from .. import __version__

        meta = brief.meta
        get = template.get
        marking = (options.marking if options else None) or meta.marking or str(get("marking.default", "") or "")
        date = display_date(meta.date)
        memo = get("panels.masthead") == "memo"
        memo_fields = tuple(
            (label.strip(), value.strip())
            for label, _, value in (
                line.partition("|") for line in template.render("memo_header", date=date, meta=meta).splitlines()
            )
        ) if memo else ()
        url = safe_url(meta.url)
        front = Front(
            memo=memo,
            masthead=template.render("masthead", date=None if memo else date, meta=meta),
            marking=marking,
            title=meta.title,
            subtitle=meta.subtitle,
            source_line="" if memo else template.render("source_line", date=date, meta=meta),
            url=url,
            memo_fields=memo_fields,
            key_points_title=template.label("key_points"),
            key_points=brief.key_points if get("panels.key_points", True) else (),
            logo=Logo.of(template),
        )
        origin = meta.publisher or host_of(meta.url)
        running = Running(
            title=template.render("header", short_title=shorten(meta.title, RUNNING_TITLE_MOST), meta=meta),
            marking=marking,
            attribution=shorten(template.render("footer", attribution=origin, meta=meta, brief=brief),
                                ATTRIBUTION_MOST),
            page_label=template.label("page"),
        )
        source_name = re.split(r"[\\/]", meta.source_path or "")[-1] or "an article"
        back = Back(
            notes_title=template.label("notes"),
            notes=brief.notes,
            glossary_title=template.label("glossary"),
            glossary=brief.glossary if get("panels.glossary", True) else (),
            sources_title=template.label("sources"),
            sources=tuple(Source(s.name, safe_url(s.url)) for s in brief.sources)
            if get("panels.sources", True) else (),
            colophon=template.render("colophon", version=__version__, source_name=source_name, meta=meta)
            if get("panels.colophon", True) else "",
        )
        labels = {key: template.label(key) for key in ("table", "figure")}
        return cls(front, running, back, Palette.of(template), meta.language, labels)

    def captions(self) -> Captions:
        return Captions(self.labels)


def shorten(text: str, most: int) -> str:
    """``text`` cut at a word to at most ``most`` characters, with an ellipsis."""
    if len(text) <= most:
        return text
    cut = text[: most - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut and not is_cjk(cut) else cut) + "…"


# --- digests -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    """A line of a digest's contents: the article's title and what it is from."""

    title: str
    detail: str  # publisher and date; empty when the article names neither


@dataclass(frozen=True, slots=True)
class DigestLayout:
    """What a digest shows. ``whole`` is the digest's own page 1 (masthead, title,
    marking), running footer, glossary of every article and colophon; each
    chapter is laid out as the brief it is (source line, key points, sources),
    under the running title ``running[n]``."""

    whole: Layout
    contents_title: str
    entries: tuple[Entry, ...]
    chapters: tuple[Layout, ...]
    running: tuple[Running, ...]

    @classmethod
    def of(cls, digest: Digest, template: Template, options: RenderOptions | None = None) -> DigestLayout:
        from .. import __version__

        languages = {b.meta.language for b in digest.briefs}
        language = languages.pop() if len(languages) == 1 else "en"
        meta = Meta(title=digest.title, date=digest.date, marking=digest.marking, language=language)
        whole = Layout.of(Brief(meta=meta, glossary=digest.glossary), template, options)
        count = len(digest.briefs)
        front = whole.front if whole.front.memo else replace(
            whole.front, masthead=template.render("digest_masthead", date=display_date(digest.date), count=count))
        colophon = template.render("colophon", version=__version__, meta=meta,
                                   source_name=f"{count} article{'s' if count != 1 else ''}")
        whole = replace(whole, front=front, back=replace(whole.back, colophon=colophon if whole.back.colophon else ""))
        chapters = tuple(_chapter(b, template, options) for b in digest.briefs)
        running = tuple(
            replace(chapter.running, title=template.render(
                "header", short_title=shorten(f"{digest.title}  ·  {b.meta.title}", RUNNING_TITLE_MOST), meta=b.meta))
            for b, chapter in zip(digest.briefs, chapters, strict=True)
        )
        entries = tuple(
            Entry(b.meta.title, "  ·  ".join(x for x in (b.meta.publisher, display_date(b.meta.date)) if x))
            for b in digest.briefs
        )
        return cls(whole, template.label("contents"), entries, chapters, running)


def _chapter(brief: Brief, template: Template, options: RenderOptions | None) -> Layout:
    """An article laid out as a digest's chapter: as a brief, its source line with
    the date (a chapter has no masthead of its own to give it)."""
    layout = Layout.of(brief, template, options)
    date = display_date(brief.meta.date)
    line = "  ·  ".join(x for x in (template.render("source_line", date=date, meta=brief.meta), date) if x)
    return replace(layout, front=replace(layout.front, source_line=line))
