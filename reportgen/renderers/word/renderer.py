"""The editable Word brief, built from named styles only.

Every paragraph gets a style from ``ooxml.styles`` (Title, Heading 1–3, Body
Text, List Bullet/Number with real numbering, Caption, Quote, Quote
Attribution, Key Points, …) and the only run formatting is bold, italic, a
code font and links, so an editor restyles the whole brief by changing one
style. What the brief shows comes from ``layout.Layout``, as in the PDF.

The styled base document is built with python-docx (``base_document``) once
for each template and reference document, and cached between runs. Each brief
is then written as WordprocessingML elements (``wml``) and assembled with the
base's other parts (``package``): python-docx is not even imported when the
cache is warm.
"""

from __future__ import annotations

import contextlib
import importlib.util
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from lxml import etree

from ... import __version__, _cache
from ..._files import write_atomic
from ...images import ImageRefused, picture_of
from ...links import anchors, link_target
from ...model import (
    Brief,
    Code,
    Emph,
    Figure,
    Inlines,
    Item,
    Link,
    ListBlock,
    Meta,
    Paragraph,
    Quote,
    Section,
    Strong,
    Text,
    plain,
)
from ...model import Table as TableBlock
from ...ooxml import EMU_PER_POINT, TWIPS_PER_POINT, properties
from ...ooxml.styles import HEADINGS, Style
from ...templates import Template, load_template
from ..base import Remarks, Rendered, Renderer, build_time
from ..layout import (
    CELL_SEPARATOR,
    MOST_COLUMNS,
    Back,
    Front,
    Layout,
    Running,
    cell_pairs,
    figure_max_height,
    figure_size,
    quote_marks,
)
from . import package as pkg
from . import wml
from .package import LIST_POOL
from .reference import load as load_reference

# a table column's alignment as w:jc
_JUSTIFY: dict[str | None, str] = {"left": "start", "center": "center", "right": "end"}
_EAST_ASIAN_LANG = {"ja": "ja-JP", "zh": "zh-CN", "ko": "ko-KR"}
# The modules whose code shapes the cached base document: a change to any of them
# is a new cache entry.
_BASE_CODE = ("word/base_document.py", "word/oxml.py", "word/package.py", "layout.py",
              "../ooxml/styles.py", "../ooxml/__init__.py")


@lru_cache(maxsize=1)
def _code_digest() -> tuple[bytes, ...]:
    here = Path(__file__).resolve().parent.parent
    return tuple((here / name).read_bytes() for name in _BASE_CODE)


@lru_cache(maxsize=1)
def _docx_version() -> bytes:
    """python-docx's version, as its package's first file states it (read, not imported)."""
    spec = importlib.util.find_spec("docx")
    return Path(spec.origin).read_bytes() if spec is not None and spec.origin else b""


def _build(template: Template, reference: str | None) -> bytes:
    from . import base_document  # python-docx is imported only to build a base document

    return base_document.build(template, reference)


def _cache_entry(template: Template, reference: str | None) -> Path | None:
    """The base document's cache file, named by everything it is built from: the
    code that builds it, python-docx, the template, the reference document's bytes."""
    parts: list[bytes | str] = [*_code_digest(), _docx_version(), template.fingerprint()]
    if reference:
        parts.append(load_reference(reference))
    return _cache.entry("base", *parts, suffix=".docx")


@lru_cache(maxsize=8)
def _package(template: Template, reference: str | None) -> pkg.Base:
    """The base document taken apart for assembling briefs: built once per process,
    and kept in the user's cache folder between runs (an entry that does not parse
    is built again)."""
    entry = _cache_entry(template, reference)
    if entry is not None and entry.is_file():
        with contextlib.suppress(Exception):  # zip, XML or structure: whatever broke it
            return pkg.Base.parse(entry.read_bytes())
    data = _build(template, reference)
    _cache.store(entry, data)
    return pkg.Base.parse(data)


class DocxRenderer(Renderer):
    name = "docx"
    extension = ".docx"
    binary = True

    @classmethod
    def write_reference(cls, path: Path) -> None:
        """Write the default reference document: every style, with a sample of each."""
        from . import base_document

        write_atomic(path, base_document.reference_document(_package(load_template(), None).data))

    def _package(self) -> pkg.Base:
        reference = self.options.reference_docx
        return _package(self.template, str(Path(reference).resolve()) if reference else None)

    def warm(self) -> None:
        self._package()

    def render(self, brief: Brief) -> Rendered:
        layout = self._start(Layout.of(brief, self.template, self.options), brief.sections)
        self._front(layout.front)
        self.body(brief, 1)
        self._back(layout.back)
        return self._finish(brief.meta, [g.term for g in brief.glossary],
                            brief.key_points if not layout.front.key_points else (), build_time(brief))

    def _start(self, layout: Layout, sections: tuple[Section, ...] = ()) -> Layout:
        """Begin a document laid out by ``layout``."""
        self._base = self._package()
        self.layout = layout
        self.captions = layout.captions()
        self._document, self._body = self._base.new_document()
        self._links: dict[str, str] = {}
        self.remarks = Remarks()
        self._pictures: dict[str, tuple[str, bytes]] = {}  # relationship id -> media file, bytes
        self._drawings = 0
        self._bookmark_count = 0
        self._anchor_scope(sections)
        self._lists = [0, 0]  # bulleted and numbered lists so far
        self._extra_lists: list[int] = []
        return layout

    def _anchor_scope(self, sections: tuple[Section, ...]) -> None:
        """Where links to ``#name`` go from here on: the headings of ``sections`` (one
        article's), each a bookmark of its own in the document."""
        self._anchors = anchors(sections)
        self._anchor_names = frozenset(self._anchors.values())
        # Word's bookmark names: at most 40 characters; a leading _ keeps them out of Word's list
        self._bookmarks = {name: self._next_bookmark("_rg") for name in self._anchors.values()}

    def _next_bookmark(self, stem: str) -> tuple[int, str]:
        """A bookmark id no other bookmark of the document has, and a name from it."""
        number, self._bookmark_count = self._bookmark_count, self._bookmark_count + 1
        return number, f"{stem}{number}"

    def body(self, brief: Brief, depth: int) -> None:
        """The article: its lead, then its sections, the top ones at ``depth``."""
        for block in brief.lead:
            self.block(block)
        for section in brief.sections:
            self.section(section, depth)

    def _finish(self, meta: Meta, keywords: list[str], key_points: tuple[Inlines, ...], when: datetime,
                headers: tuple[etree._Element, ...] = ()) -> Rendered:
        """The package of the document built since ``_start``; ``key_points`` are kept in
        the properties when the document does not show them; ``headers`` are more header
        parts, for sections of the document (``package.extra_header``)."""
        language = meta.language
        parts = pkg.Parts(
            document=self._document, links=self._links, extra_lists=self._extra_lists, running=self._running(),
            core=self._core(meta, keywords, when), custom=properties.brief_properties(meta, key_points),
            language=(language, _EAST_ASIAN_LANG.get(language.split("-")[0], "ja-JP")), headers=headers,
            pictures=self._pictures,
        )
        return Rendered(pkg.assemble(self._base, parts), self.remarks.warnings())

    # --- paragraphs and runs ------------------------------------------------------------

    def _p(self, style: str, numbering: tuple[int, int] | None = None) -> etree._Element:
        """A new paragraph in ``style`` (its Word name) at the end of the body."""
        return wml.paragraph(self._body, self._base.style(style), numbering)

    def _para(self, text: str | None, style: str) -> etree._Element:
        p = self._p(style)
        if text:
            wml.run(p, text)
        return p

    def inlines(self, parent: etree._Element, spans: Inlines) -> None:
        """Inline spans as runs at the end of ``parent``: the one place formatting is written."""
        for span in spans:
            match span:
                case Text(text=text):
                    wml.run(parent, text)
                case Strong(text=text):
                    wml.run(parent, text, bold=True)
                case Emph(text=text):
                    wml.run(parent, text, italic=True)
                case Code(text=text):
                    wml.run(parent, text, font=self.template.get("fonts.mono", "DejaVu Sans Mono"))
                case Link(text=text, url=url):
                    self._link(parent, url, text)

    def _link(self, parent: etree._Element, url: str, text: str) -> None:
        """A hyperlink to ``url`` showing ``text``; a target a brief may not carry is written as text."""
        target = link_target(url, self._anchor_names)
        if target is None:
            self.remarks.link(url)
            wml.run(parent, text)
            return
        if target.startswith("#"):
            link = wml.anchor_link(parent, self._bookmarks[target[1:]][1])
            wml.run(link, text, style_id=self._base.style(Style.HYPERLINK))
            return
        rel_id = self._links.setdefault(target, f"rgLink{len(self._links) + 1}")
        wml.run(wml.hyperlink(parent, rel_id), text, style_id=self._base.style(Style.HYPERLINK))

    def _list_instance(self, ordered: bool) -> int:
        """A new bulleted or numbered list that starts again at 1; its ``w:numId``."""
        count = self._lists[ordered]
        self._lists[ordered] += 1
        if count < LIST_POOL:
            return self._base.ready_list(ordered, count)
        self._extra_lists.append(self._base.lists[ordered])
        return self._base.first_extra_list + len(self._extra_lists) - 1

    # --- whole-document parts -----------------------------------------------------------

    def _core(self, meta: Meta, keywords: list[str], when: datetime) -> bytes:
        return pkg.core_part({
            "title": meta.title, "subject": meta.subtitle or meta.publisher or "",
            "creator": ", ".join(meta.authors), "keywords": ", ".join(keywords),
            "description": f"Built by reportgen {__version__}" + (f" from {meta.url}" if meta.url else ""),
            "lastModifiedBy": "reportgen", "revision": "1", "language": meta.language,
            "category": self.layout.front.marking,
        }, when)

    def _front(self, front: Front) -> None:
        self._masthead(front)
        self._article_front(front)

    def _masthead(self, front: Front) -> None:
        """The top of page 1: the masthead and the title, or the memorandum block."""
        logo = front.logo
        if logo and front.memo:
            self._logo(self._p(Style.MEMO_FIELD), front)
        if front.memo:
            title = self._para(front.masthead, Style.TITLE)
            if front.marking:
                wml.run(title, f"\t{front.marking}")
            for label, value in front.memo_fields:
                p = self._p(Style.MEMO_FIELD)
                wml.run(p, label, bold=True)
                wml.run(p, f"\t{value}")
        else:
            band = self._p(Style.MASTHEAD)
            if logo:
                self._logo(band, front)
                wml.run(band, "  ")
            wml.run(band, f"{front.masthead}    {front.marking}" if front.marking else front.masthead)
            self._para(front.title, Style.TITLE)

    def _article_front(self, front: Front) -> None:
        """What an article opens with below its title: subtitle, source line, link, key points."""
        if front.subtitle:
            self._para(front.subtitle, Style.SUBTITLE)
        if front.source_line:
            self._para(front.source_line, Style.SOURCE_LINE)
        if front.url:
            self._link(self._p(Style.SOURCE_LINE), front.url, front.url)
        if front.key_points:
            self._para(front.key_points_title, Style.KEY_POINTS_TITLE)
            for point in front.key_points:
                p = self._para("•\t", Style.KEY_POINTS)
                self.inlines(p, point)

    def _logo(self, paragraph: etree._Element, front: Front) -> None:
        """The template's logo as a picture at the start of ``paragraph``, never wider than a third of the text."""
        assert front.logo is not None
        logo = front.logo
        self._picture(paragraph, logo.data, logo.digest, logo.extension,
                      logo.fitted(self._base.text_width / TWIPS_PER_POINT), logo.alt)

    def _back(self, back: Back, depth: int = 1) -> None:
        """Notes, glossary, sources and colophon, their headings at ``depth``."""
        heading = HEADINGS[min(depth, len(HEADINGS)) - 1]
        if back.notes:
            self._para(back.notes_title, heading)
            num_id = self._list_instance(ordered=True)
            for note in back.notes:
                self.inlines(self._p(Style.LIST_NUMBER, (num_id, 0)), note)
        if back.glossary:
            self._para(back.glossary_title, heading)
            tbl, columns = self._table(header=False, count=2, shares=(0.28, 0.72), caption=back.glossary_title)
            for entry in back.glossary:
                tr = wml.row(tbl, heading=False)
                term, expansion = (wml.paragraph(wml.cell(tr, width), None) for width in columns)
                wml.run(term, entry.term, bold=True)
                wml.run(expansion, entry.expansion)
        if back.sources:
            self._para(back.sources_title, heading)
            num_id = self._list_instance(ordered=True)
            for source in back.sources:
                p = self._p(Style.LIST_NUMBER, (num_id, 0))
                if source.url and source.url != source.name:
                    wml.run(p, f"{source.name} ")
                if source.url:
                    self._link(p, source.url, source.url)
                else:
                    wml.run(p, source.name)
        if back.colophon:
            self._para(back.colophon, Style.COLOPHON)

    def _running(self) -> tuple[etree._Element, ...]:
        """Header (short title, marking) and footers (attribution, Page N of M); the
        first page has the masthead instead of a header (the base's empty one)."""
        running = self.layout.running
        style = self._base.style
        header = self._header(running)
        footers = (wml.root("w:ftr"), wml.root("w:ftr"))
        for footer in footers:
            foot = wml.paragraph(footer, style(Style.FOOTER))
            wml.run(foot, f"{running.attribution}\t{running.marking}\t{running.page_label} ")
            wml.field(foot, "PAGE")
            wml.run(foot, " of ")
            wml.field(foot, "NUMPAGES")
        return header, *footers

    def _header(self, running: Running) -> etree._Element:
        """A header part: the running title, and the marking on the right."""
        # The styles have a centre and a right tab; the header skips the centre one, so
        # that a long title still leaves the marking on the right of its line.
        header = wml.root("w:hdr")
        head = wml.paragraph(header, self._base.style(Style.HEADER), clear_tab=self._base.text_width // 2)
        wml.run(head, running.title)
        if running.marking:
            wml.run(head, f"\t{running.marking}")
        return header

    # --- sections and blocks ---------------------------------------------------------------

    def section(self, section: Section, depth: int) -> None:
        heading = self._para(section.title, HEADINGS[min(depth, len(HEADINGS)) - 1])
        if id(section) in self._anchors:  # where links to "#<anchor>" go
            number, name = self._bookmarks[self._anchors[id(section)]]
            wml.bookmark(heading, number, name)
        if section.subtitle:
            self._para(section.subtitle, Style.SUBTITLE)
        for block in section.blocks:
            self.block(block)
        for sub in section.sections:
            self.section(sub, depth + 1)

    def paragraph(self, block: Paragraph) -> None:
        self.inlines(self._p(Style.BODY), block.inlines)

    def list_block(self, block: ListBlock) -> None:
        if block.title:
            self._para(block.title, Style.LIST_TITLE)
        num_id = self._list_instance(block.ordered)
        self._items(block.items, block.ordered, num_id, 0)

    def _items(self, items: tuple[Item, ...], ordered: bool, num_id: int, level: int) -> None:
        for item in items:
            p = self._p(Style.LIST_NUMBER if ordered else Style.LIST_BULLET, (num_id, min(level, 8)))
            if item.term:
                wml.run(p, item.term, bold=True)
                if item.inlines:
                    wml.run(p, " – ")
            self.inlines(p, item.inlines)
            self._items(item.items, ordered, num_id, level + 1)

    def table(self, block: TableBlock) -> None:
        if not block.width:
            self.remarks.note("a table with no cells left out")
            return
        caption = f"{self.captions.number('table')} {block.caption}" if block.caption else None
        if caption:
            self._para(caption, Style.CAPTION)
        if block.width > MOST_COLUMNS:
            self.remarks.note(f"a table of {block.width:,} columns set as rows of paragraphs")
            self._table_as_paragraphs(block)
            return
        columns_named = ", ".join(plain(h) for h in block.header if plain(h))
        tbl, columns = self._table(header=bool(block.header), count=max(block.width, 1), caption=caption,
                                   description=columns_named or None)
        rows = ([block.header] if block.header else []) + list(block.rows)
        for n, cells in enumerate(rows):
            heading = bool(block.header) and n == 0
            tr = wml.row(tbl, heading)
            style = self._base.style(Style.TABLE_HEADING if heading else Style.TABLE_TEXT)
            for c, width in enumerate(columns):
                p = wml.paragraph(wml.cell(tr, width), style, justify=_JUSTIFY.get(block.alignment(c)))
                if c < len(cells):
                    self.inlines(p, cells[c])
        self._p(Style.BODY)  # room after the table; Word joins adjacent tables

    def _table_as_paragraphs(self, block: TableBlock) -> None:
        """A table too wide for a page: each row a paragraph of ``Header: cell`` pairs."""
        style = self._base.style(Style.TABLE_TEXT)
        for row in block.rows:
            p = wml.paragraph(self._body, style)
            for n, (head, cell) in enumerate(cell_pairs(block.header, row)):
                if n:
                    wml.run(p, CELL_SEPARATOR)
                if head:
                    wml.run(p, f"{head}: ", bold=True)
                self.inlines(p, cell)

    def _table(self, header: bool, count: int, shares: tuple[float, ...] | None = None,
               caption: str | None = None, description: str | None = None) -> tuple[etree._Element, list[int]]:
        """A table in our table style, as wide as the text, its ``count`` columns in
        ``shares`` of it (equal by default), with its title and description for screen
        readers; the table and its column widths."""
        columns = [int(self._base.text_width * share) for share in shares or [1 / count] * count]
        return wml.table(self._body, self._base.style(Style.TABLE), columns, header, caption, description), columns

    def figure(self, block: Figure) -> None:
        """An inline picture in a Figure paragraph, its alt text as the drawing's
        description, then its caption (Caption) and credit (Credit). A picture
        used twice is stored once."""
        try:
            picture = picture_of(block.src)
        except ImageRefused as exc:
            self.remarks.picture(block.alt, exc)
            return
        self._picture(self._p(Style.FIGURE), picture.data, picture.digest, picture.extension,
                      figure_size(picture.width, picture.height, self._base.text_width / TWIPS_PER_POINT,
                                  figure_max_height(self.template)), block.alt)
        if block.caption:
            self._para(f"{self.captions.number('figure')} {block.caption}", Style.CAPTION)
        if block.credit:
            self._para(block.credit, Style.CREDIT)

    def _picture(self, paragraph: etree._Element, data: bytes, digest: str, extension: str,
                 size: tuple[float, float], alt: str) -> None:
        rel_id = f"rgPicture{digest[:12]}"
        self._pictures.setdefault(rel_id, (f"reportgen-{digest[:16]}{extension}", data))
        self._drawings += 1
        emu = (round(size[0] * EMU_PER_POINT), round(size[1] * EMU_PER_POINT))
        wml.picture(paragraph, rel_id, emu, self._drawings, alt)

    def quote(self, block: Quote) -> None:
        opening, closing = quote_marks(block, self.layout.language)
        p = self._para(opening, Style.QUOTE)
        self.inlines(p, block.inlines)
        if closing:
            wml.run(p, closing)
        who = ", ".join(x for x in (block.speaker, block.role) if x)
        if who:
            self._para(f"— {who}", Style.QUOTE_ATTRIBUTION)
