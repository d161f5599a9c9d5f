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
import importlib.metadata
from functools import lru_cache
from pathlib import Path

from lxml import etree

from ... import __version__, _cache
from ..._files import write_atomic
from ...links import safe_url
from ...model import Brief, Code, Emph, Inlines, Item, Link, ListBlock, Paragraph, Quote, Section, Strong, Text, plain
from ...model import Table as TableBlock
from ...ooxml import properties
from ...ooxml.styles import HEADINGS, Style
from ...templates import Template, load_template
from ..base import Rendered, Renderer, build_time
from ..layout import Back, Front, Layout, quote_marks
from . import package as pkg
from . import wml
from .package import LIST_POOL

_EAST_ASIAN_LANG = {"ja": "ja-JP", "zh": "zh-CN", "ko": "ko-KR"}
# The modules whose code shapes the cached base document: a change to any of them
# is a new cache entry.
_BASE_CODE = ("word/base_document.py", "word/oxml.py", "word/package.py", "layout.py",
              "../ooxml/styles.py", "../ooxml/__init__.py")


@lru_cache(maxsize=1)
def _code_digest() -> tuple[bytes, ...]:
    here = Path(__file__).resolve().parent.parent
    return tuple((here / name).read_bytes() for name in _BASE_CODE)


def _build(template: Template, reference: str | None) -> bytes:
    from . import base_document  # python-docx is imported only to build a base document

    return base_document.build(template, reference)


def _cache_entry(template: Template, reference: str | None) -> Path | None:
    """The base document's cache file, named by everything it is built from: the
    code that builds it, python-docx, the template, the reference document's bytes."""
    parts: list[bytes | str] = [*_code_digest(), importlib.metadata.version("python-docx"),
                                template.fingerprint()]
    if reference:
        with contextlib.suppress(OSError):
            parts.append(Path(reference).read_bytes())
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
        self._base = base = self._package()
        self.layout = layout = Layout.of(brief, self.template, self.options)
        self.captions = layout.captions()
        document, self._body = base.new_document()
        self._links: dict[str, str] = {}
        self._dropped: dict[str, None] = {}
        self._lists = [0, 0]  # bulleted and numbered lists so far
        self._extra_lists: list[int] = []
        self._front(layout.front)
        for block in brief.lead:
            self.block(block)
        for section in brief.sections:
            self.section(section, 1)
        self._back(layout.back)
        language = brief.meta.language
        parts = pkg.Parts(
            document=document, links=self._links, extra_lists=self._extra_lists, running=self._running(),
            core=self._core(brief), custom=properties.brief_properties(
                brief.meta, brief.key_points if not layout.front.key_points else ()),
            language=(language, _EAST_ASIAN_LANG.get(language.split("-")[0], "ja-JP")),
        )
        warnings: tuple[str, ...] = ()
        if self._dropped:
            shown = ", ".join(list(self._dropped)[:3])
            warnings = (f"{len(self._dropped)} link target(s) a brief may not carry written as text: {shown}",)
        return Rendered(pkg.assemble(base, parts), warnings)

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
        target = safe_url(url)
        if target is None:
            self._dropped.setdefault(url[:60], None)
            wml.run(parent, text)
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

    def _core(self, brief: Brief) -> bytes:
        meta = brief.meta
        return pkg.core_part({
            "title": meta.title, "subject": meta.subtitle or meta.publisher or "",
            "creator": ", ".join(meta.authors), "keywords": ", ".join(g.term for g in brief.glossary),
            "description": f"Built by reportgen {__version__}" + (f" from {meta.url}" if meta.url else ""),
            "lastModifiedBy": "reportgen", "revision": "1", "language": meta.language,
            "category": self.layout.front.marking,
        }, build_time(brief))

    def _front(self, front: Front) -> None:
        if front.memo:
            title = self._para(front.masthead, Style.TITLE)
            if front.marking:
                wml.run(title, f"\t{front.marking}")
            for label, value in front.memo_fields:
                p = self._p(Style.MEMO_FIELD)
                wml.run(p, label, bold=True)
                wml.run(p, f"\t{value}")
        else:
            self._para(f"{front.masthead}    {front.marking}" if front.marking else front.masthead, Style.MASTHEAD)
            self._para(front.title, Style.TITLE)
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

    def _back(self, back: Back) -> None:
        if back.glossary:
            self._para(back.glossary_title, Style.HEADING_1)
            tbl, columns = self._table(header=False, count=2, shares=(0.28, 0.72), caption=back.glossary_title)
            for entry in back.glossary:
                tr = wml.row(tbl, heading=False)
                term, expansion = (wml.paragraph(wml.cell(tr, width), None) for width in columns)
                wml.run(term, entry.term, bold=True)
                wml.run(expansion, entry.expansion)
        if back.sources:
            self._para(back.sources_title, Style.HEADING_1)
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
        # The styles have a centre and a right tab; the header skips the centre one, so
        # that a long title still leaves the marking on the right of its line.
        header = wml.root("w:hdr")
        head = wml.paragraph(header, style(Style.HEADER), clear_tab=self._base.text_width // 2)
        wml.run(head, running.title)
        if running.marking:
            wml.run(head, f"\t{running.marking}")
        footers = (wml.root("w:ftr"), wml.root("w:ftr"))
        for footer in footers:
            foot = wml.paragraph(footer, style(Style.FOOTER))
            wml.run(foot, f"{running.attribution}\t{running.marking}\t{running.page_label} ")
            wml.field(foot, "PAGE")
            wml.run(foot, " of ")
            wml.field(foot, "NUMPAGES")
        return header, *footers

    # --- sections and blocks ---------------------------------------------------------------

    def section(self, section: Section, depth: int) -> None:
        self._para(section.title, HEADINGS[min(depth, len(HEADINGS)) - 1])
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
        caption = f"{self.captions.number('table')} {block.caption}" if block.caption else None
        if caption:
            self._para(caption, Style.CAPTION)
        columns_named = ", ".join(plain(h) for h in block.header if plain(h))
        tbl, columns = self._table(header=bool(block.header), count=max(block.width, 1), caption=caption,
                                   description=columns_named or None)
        rows = ([block.header] if block.header else []) + list(block.rows)
        for n, cells in enumerate(rows):
            heading = bool(block.header) and n == 0
            tr = wml.row(tbl, heading)
            style = self._base.style(Style.TABLE_HEADING if heading else Style.TABLE_TEXT)
            for c, width in enumerate(columns):
                p = wml.paragraph(wml.cell(tr, width), style)
                if c < len(cells):
                    self.inlines(p, cells[c])
        self._p(Style.BODY)  # room after the table; Word joins adjacent tables

    def _table(self, header: bool, count: int, shares: tuple[float, ...] | None = None,
               caption: str | None = None, description: str | None = None) -> tuple[etree._Element, list[int]]:
        """A table in our table style, as wide as the text, its ``count`` columns in
        ``shares`` of it (equal by default), with its title and description for screen
        readers; the table and its column widths."""
        columns = [int(self._base.text_width * share) for share in shares or [1 / count] * count]
        return wml.table(self._body, self._base.style(Style.TABLE), columns, header, caption, description), columns

    def quote(self, block: Quote) -> None:
        opening, closing = quote_marks(block, self.layout.language)
        p = self._para(opening, Style.QUOTE)
        self.inlines(p, block.inlines)
        if closing:
            wml.run(p, closing)
        who = ", ".join(x for x in (block.speaker, block.role) if x)
        if who:
            self._para(f"— {who}", Style.QUOTE_ATTRIBUTION)
