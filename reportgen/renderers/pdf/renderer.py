"""The printable PDF brief, on reportlab platypus.

One method per block type returns flowables; what the brief shows comes from
``layout.Layout``. Article text becomes paragraph markup in exactly one place,
``self.text`` (escaping, CJK runs), and inline formatting in one walker,
``self.inlines``, so nothing an article says is ever read as markup.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Callable
from datetime import datetime
from functools import partial, wraps
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    HRFlowable,
    KeepTogether,
    PageTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as GridTable

from ... import __version__
from ...images import ImageRefused, picture_of
from ...links import anchors, link_target
from ...model import (
    Brief,
    Code,
    Emph,
    Inlines,
    Item,
    Link,
    ListBlock,
    Meta,
    Quote,
    Section,
    Strong,
    Text,
    plain,
)
from ...model import Figure as FigureBlock
from ...model import Paragraph as Para
from ...model import Table as TableBlock
from ...prose import CJK
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
    list_label,
    quote_marks,
)
from . import fonts, tagging
from .flowables import Box, BriefCanvas, BriefFrame, Figure, Heading, PageFurniture, Paragraph, time_stamp
from .styles import aligned_style, item_style, paragraph_styles
from .tagging import ROLES, heading_role

PAGE_SIZES = {"A4": A4, "LETTER": LETTER}
UNSPLITTABLE = 2500  # characters: more than this may not fit one page in a box that cannot split
PANEL_MOST = 20  # key points a panel holds; more are set as a plain list
SHORT_TABLE_ROWS = 12  # a table this short moves whole to the next page with its caption
HEADING_ROOM = 30 * mm  # a heading starts a new page rather than sit below less than this
BACK_MATTER_ROOM = 40 * mm
LONG_TABLE_ROOM = 45 * mm  # a long table starts where a few rows fit
CELL_PADDING = 10  # points: a cell's left and right padding together
WIDEST_NARROW_COLUMN = 45 * mm  # a column's longest word decides its least width, up to this
NARROWEST_COLUMN = 14 * mm
LOGO_GAP = 10  # points between the logo and the masthead's text
LEAD_IN_ENDINGS = (":", ",", "：", "、")  # a paragraph ending so introduces what follows it


def collector_paused(method: Callable[..., Rendered]) -> Callable[..., Rendered]:
    """``method`` run with Python's cycle collector paused. A brief is tens of
    thousands of objects that live until its PDF is made, and the collector,
    started every few hundred new objects, walked them again and again (a
    twentieth of the time of a brief) to find nothing: what a brief leaves
    behind is freed as soon as it is done (``BriefCanvas``), not by the
    collector. It is paused for the whole process, other threads included, and
    only if it was running."""

    @wraps(method)
    def paused(*args: Any, **kwargs: Any) -> Rendered:
        if not gc.isenabled():
            return method(*args, **kwargs)
        gc.disable()
        try:
            return method(*args, **kwargs)
        finally:
            gc.enable()

    return paused


class PDFRenderer(Renderer):
    name = "pdf"
    extension = ".pdf"
    binary = True
    tagged = True  # a tagged PDF (PDF/UA-1): structure tree and marked content

    # --- set-up -----------------------------------------------------------------

    def _setup(self) -> None:
        get = self.template.get
        self.body_family = get("fonts.body", "DejaVu Sans")
        self.mono_family = get("fonts.mono", "DejaVu Sans Mono")
        self.body_font = fonts.register(self.body_family)
        self.text = fonts.Markup(self.body_family, get("fonts.cjk", "IPAexGothic"))
        self.page_size = PAGE_SIZES.get(str(get("page.size", "A4")).upper(), A4)
        self.margins = tuple(
            float(get(f"page.margin_{side}_mm", 20)) * mm for side in ("top", "right", "bottom", "left")
        )
        self.frame_width = self.page_size[0] - self.margins[1] - self.margins[3]
        self.styles = paragraph_styles(self.template)

    def warm(self) -> None:
        self._setup()

    # --- the document -------------------------------------------------------------

    @collector_paused
    def render(self, brief: Brief) -> Rendered:
        self._setup()
        layout = self._start(Layout.of(brief, self.template, self.options), brief.sections)
        story = [*self._front(layout.front), *self.body(brief, 1), *self._back(layout.back)]
        data = self._document(story, brief.meta, [g.term for g in brief.glossary], layout.running,
                              build_time(brief))
        return Rendered(data, self._warnings())

    def _start(self, layout: Layout, sections: tuple[Section, ...] = ()) -> Layout:
        """Begin a document drawn in ``layout``'s colours."""
        self.layout = layout
        self.color = {k: colors.HexColor(getattr(layout.palette, k)) for k in layout.palette.__slots__}
        self.captions = layout.captions()
        self._outlines = 0
        self.remarks = Remarks()
        self._anchor_scope(sections)
        self.tags = tagging.Tree(layout.language)
        return layout

    def _anchor_scope(self, sections: tuple[Section, ...], prefix: str = "") -> None:
        """Where links to ``#name`` go from here on: the headings of ``sections``
        (one article's), their destinations kept apart from another's by ``prefix``."""
        self._anchors = anchors(sections)
        self._anchor_names = frozenset(self._anchors.values())
        self._anchor_prefix = f"a-{prefix}"

    def body(self, brief: Brief, depth: int) -> list[Any]:
        """The article: its lead, then its sections, the top ones at ``depth``."""
        story = self._blocks(brief.lead)
        for section in brief.sections:
            story += self.section(section, depth)
        return story

    def _document(self, story: list[Any], meta: Meta, keywords: list[str], running: Running,
                  when: datetime) -> bytes:
        """The PDF of ``story``: page 1 without a header, ``running`` header and footer on every page."""
        buffer = io.BytesIO()
        top, right, bottom, left = self.margins
        width, height = self.page_size
        frame = BriefFrame(left, bottom, width - left - right, height - top - bottom, id="body",
                           leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        doc = BaseDocTemplate(
            buffer, pagesize=self.page_size, title=meta.title, author=", ".join(meta.authors),
            subject=meta.subtitle or meta.publisher or "", keywords=keywords,
            creator=f"reportgen {__version__}", producer=f"reportgen {__version__}",
            lang=meta.language, invariant=1, initialFontName=self.body_font,
            pageTemplates=[PageTemplate(id="page", frames=[frame])],
            leftMargin=left, rightMargin=right, topMargin=top, bottomMargin=bottom,
        )
        self.tags.metadata = tagging.Metadata(meta.title, meta.authors, meta.language, when)
        maker = partial(BriefCanvas, furniture=self._furniture(running), stamp=time_stamp(when),
                        tree=self.tags if self.tagged else None)
        doc.build(list(_flatten(story)), canvasmaker=maker)
        doc.canv = None  # the template refers to itself (its namespace): only it is left for the collector
        return buffer.getvalue()

    def _furniture(self, running: Running) -> PageFurniture:
        return PageFurniture(
            short_title=self.text(running.title),
            marking=self.text(running.marking),
            attribution=self.text(running.attribution),
            page_label=self.text(running.page_label),
            style=ParagraphStyle("running", fontName=self.body_font, fontSize=7.5, leading=9,
                                 textColor=self.color["muted"]),
            marking_font=fonts.face(self.body_family, bold=True),
            rule=self.color["rule"], left=self.margins[3], right=self.margins[1],
        )

    def _warnings(self) -> tuple[str, ...]:
        out = []
        if self.text.missing:
            out.append(f"no font can show: {' '.join(sorted(self.text.missing))[:60]}")
        return (*out, *self.remarks.warnings())

    def _front(self, front: Front) -> list[Any]:
        return [*self._masthead(front), *self._article_front(front)]

    def _masthead(self, front: Front) -> list[Any]:
        """The top of page 1: the masthead band and the title, or the memorandum block."""
        s = self.styles
        out: list[Any] = []
        if front.memo:
            out += self._memo_header(front)
        else:
            cells: list[Any] = [Paragraph(self.text(front.masthead), s["masthead"]),
                                Paragraph(self.text(front.marking), s["masthead_right"])]
            widths = [self.frame_width * 0.7, self.frame_width * 0.3]
            if front.logo:
                logo = self._logo(front)
                cells.insert(0, logo)
                widths = [logo.width + LOGO_GAP, widths[0] - logo.width - LOGO_GAP, widths[1]]
            band = GridTable([cells], colWidths=widths)
            band.setStyle(self._table_style([
                ("BACKGROUND", (0, 0), (-1, -1), self.color["accent"]),
                ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]))
            title = self.tags.tag(Paragraph(self.text(front.title), s["title"]), heading_role(1), front.title)
            out += [band, Spacer(0, 10), title]
        return out

    def _article_front(self, front: Front, depth: int = 1) -> list[Any]:
        """What an article opens with below its title: subtitle, source line, link, key points."""
        s = self.styles
        out: list[Any] = []
        if front.subtitle:
            out.append(self._para(self.text(front.subtitle), s["subtitle"], front.subtitle))
        if front.source_line:
            out.append(self._para(self.text(front.source_line), s["source"], front.source_line))
        if front.url:
            out.append(self._para(self._link(front.url, front.url), s["source"]))
        out.append(Spacer(0, 8))
        if front.key_points:
            out += list(_flatten([self._key_points(front, depth + 1)]))
        return out

    def _memo_header(self, front: Front) -> list[Any]:
        s = self.styles
        heading = ParagraphStyle("memo_title", parent=s["title"], fontSize=s["title"].fontSize, spaceAfter=10)
        out: list[Any] = []
        if front.logo:
            logo = self._logo(front)
            logo.hAlign, logo.spaceAfter = "LEFT", 8
            out.append(logo)
        if front.marking:
            out.append(self._para(self.text(front.marking), ParagraphStyle(
                "memo_marking", parent=s["masthead_right"], textColor=self.color["accent"]), front.marking))
        title = self.tags.tag(Paragraph(self.text(front.masthead), heading), heading_role(1), front.masthead)
        rows = self._row_headed([(self.text(label), self.text(value)) for label, value in front.memo_fields],
                                s["memo_label"], s["body"])
        table = GridTable(rows, colWidths=[28 * mm, self.frame_width - 28 * mm])
        table.setStyle(self._table_style([
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("LINEBELOW", (0, -1), (-1, -1), 1.2, self.color["text"]),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
        ]))
        return [*out, title, table, Spacer(0, 10)]

    def _logo(self, front: Front) -> Figure:
        """The template's logo, as tall as it says, never wider than a third of the text."""
        assert front.logo is not None
        logo = front.logo
        return Figure(logo.data, *logo.fitted(self.frame_width), logo.alt)

    def _key_points(self, front: Front, level: int = 2) -> Flowable | list[Any]:
        """The key-points panel, its title a heading ``level`` deep (under the title)."""
        s = self.styles
        with self.tags.group(ROLES["section"]):
            inner: list[Any] = [self.tags.tag(Paragraph(self.text(front.key_points_title), s["panel_title"]),
                                              heading_role(level), front.key_points_title)]
            with self.tags.group(ROLES["list"]):
                inner += [self._item(self.inlines(p), list_label(False, 0, n), 12, 12, text=plain(p))
                          for n, p in enumerate(front.key_points, 1)]
        if len(front.key_points) > PANEL_MOST or sum(len(plain(p)) for p in front.key_points) > UNSPLITTABLE:
            return [*inner, Spacer(0, 10)]  # more than a page holds: the panel cannot split, its items can
        panel = Box(inner, padding=(7, 10, 6, 10), background=self.color["panel"], rule=self.color["accent"],
                    rule_width=3, width=self.frame_width)
        panel.spaceAfter = 10
        return panel

    def _back(self, back: Back, level: int = 0) -> list[Any]:
        """Notes, glossary, sources and colophon, their headings at outline ``level``."""
        s, out = self.styles, []
        if back.notes:
            out += self._end_heading(back.notes_title, level)
            labels = [list_label(True, 0, n) for n in range(1, len(back.notes) + 1)]
            hang = self._hang(labels, 16)
            with self.tags.group(ROLES["list"]):
                out += [self._item(self.inlines(note), label, hang, hang, accent=False, text=plain(note))
                        for label, note in zip(labels, back.notes, strict=True)]
        if back.glossary and any(len(g.term) + len(g.expansion) > UNSPLITTABLE // 4 for g in back.glossary):
            out += self._end_heading(back.glossary_title, level)  # a row of a table never splits: paragraphs can
            out += [self._para(f"<b>{self.text(g.term)}:</b> {self.text(g.expansion)}", s["body"],
                               f"{g.term}: {g.expansion}") for g in back.glossary]
        elif back.glossary:
            out += self._end_heading(back.glossary_title, level)
            rows = self._row_headed([(self.text(g.term), self.text(g.expansion)) for g in back.glossary],
                                    s["memo_label"], s["cell"])
            size = s["memo_label"].fontSize
            width = min(self.frame_width * 0.3, max(self._natural(g.term, True, size) for g in back.glossary) + 12)
            table = GridTable(rows, colWidths=[width, self.frame_width - width])
            table.setStyle(self._table_style([
                ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, self.color["rule"]),
                ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]))
            out.append(table)
        if back.sources:
            out += self._end_heading(back.sources_title, level)
            labels = [list_label(True, 0, n) for n in range(1, len(back.sources) + 1)]
            hang = self._hang(labels, 16)
            with self.tags.group(ROLES["list"]):
                for label, source in zip(labels, back.sources, strict=True):
                    text = self.text(source.name)
                    if source.url:
                        link = self._link(source.url, source.url)
                        text = link if source.name == source.url else f"{text}<br/>{link}"
                    out.append(self._item(text, label, hang, hang, accent=False, text=source.name))
        if back.colophon:
            rule = HRFlowable(width="100%", thickness=0.5, color=self.color["rule"], spaceAfter=4)
            colophon = self._para(self.text(back.colophon), s["colophon"], back.colophon)
            out += [Spacer(0, 14), KeepTogether([rule, colophon])]
        return out

    def _row_headed(self, rows: list[tuple[str, str]], head: ParagraphStyle, cell: ParagraphStyle) -> list[list[Any]]:
        """Two-column rows whose first cell names the row (memo fields, glossary): a
        table whose first column is row headers."""
        out = []
        with self.tags.group(ROLES["table"]), self.tags.group(ROLES["rows"]):
            for label, value in rows:
                with self.tags.group(ROLES["row"]):
                    out.append([self.tags.tag(Paragraph(label, head), ROLES["header_cell"], keep=True,
                                              A={"O": "Table", "Scope": "Row"}),
                                 self.tags.tag(Paragraph(value, cell), ROLES["cell"], keep=True)])
        return out

    def _para(self, markup: str, style: ParagraphStyle, text: str | None = None) -> Paragraph:
        """A paragraph of the brief, tagged P (``text``: its plain text, for its language)."""
        return self.tags.tag(Paragraph(markup, style), ROLES["paragraph"], text)

    def _table_style(self, commands: list[tuple]) -> TableStyle:
        """A table style that names our font, so no cell falls back to unembedded Helvetica."""
        return TableStyle([("FONTNAME", (0, 0), (-1, -1), self.body_font), *commands])

    def _end_heading(self, title: str, level: int = 0) -> list[Any]:
        return [CondPageBreak(BACK_MATTER_ROOM), self._heading(title, f"h{level + 1}", level)]

    def _heading(self, title: str, style: str, level: int, kind: type[Heading] = Heading,
                 anchor: str | None = None) -> Heading:
        """A heading and its outline entry; ``anchor``: where links to it go, and
        where its outline entry opens too."""
        heading = self.tags.tag(kind(self.text(title), self.styles[style]), heading_role(level + 2), title)
        self._outlines += 1
        heading.anchor = anchor
        heading.outline = (anchor or f"h{self._outlines}", title, level)
        return heading

    # --- sections and blocks -----------------------------------------------------------

    def section(self, section: Section, depth: int, under_heading: bool = False) -> list[Any]:
        """A section: its heading, then its blocks and sub-sections. A heading starts
        a new page rather than sit low on one, unless it comes straight under its
        parent's (``under_heading``): a page break between the two would strand the
        parent's heading at the foot of a page, and the two keep together anyway."""
        with self.tags.group(ROLES["section"]):
            name = self._anchors.get(id(section))  # where links to "#<anchor>" go
            heading = self._heading(section.title, f"h{min(depth, 3)}", depth - 1,
                                    anchor=self._anchor_prefix + name if name else None)
            out: list[Any] = [heading] if under_heading else [CondPageBreak(HEADING_ROOM), heading]
            if section.subtitle:
                out.append(self._para(self.text(section.subtitle), self.styles["kicker"], section.subtitle))
            out += self._blocks(section.blocks)
            bare = not section.subtitle and not section.blocks  # its first sub-section's heading comes straight under
            for n, sub in enumerate(section.sections):
                out += self.section(sub, depth + 1, under_heading=n == 0 and bare)
        return out

    def _blocks(self, blocks: tuple) -> list[Any]:
        """Blocks in order; a paragraph that introduces a quote, list or table
        (ending in ``:`` or ``,``) stays on the same page as it."""
        out: list[Any] = []
        for k, block in enumerate(blocks):
            nxt = blocks[k + 1] if k + 1 < len(blocks) else None
            if isinstance(block, Para) and nxt is not None and not isinstance(nxt, Para) \
                    and block.text.rstrip().endswith(LEAD_IN_ENDINGS):
                out.append(self._para(self.inlines(block.inlines), self.styles["lead_in"], block.text))
            else:
                out.append(self.block(block))
        return out

    def inlines(self, spans: Inlines) -> str:
        """Inline spans as paragraph markup: the one place formatting is drawn."""
        out: list[str] = []
        for span in spans:
            match span:
                case Text(text=text):
                    out.append(self.text(text))
                case Strong(text=text):
                    out.append(f"<b>{self.text(text)}</b>")
                case Emph(text=text):
                    out.append(f"<i>{self.text(text)}</i>")
                case Code(text=text):
                    out.append(f'<font name="{fonts.register(self.mono_family)}">{self.text(text)}</font>')
                case Link(text=text, url=url):
                    out.append(self._link(url, text))
        return "".join(out)

    def _link(self, url: str, text: str) -> str:
        """A link to ``url`` showing ``text``; a target a brief may not carry prints as text."""
        target = link_target(url, self._anchor_names)
        if target is None:
            self.remarks.link(url)
            return self.text(text)
        if target.startswith("#"):
            href = f"#{self._anchor_prefix}{target[1:]}"
        else:
            href = fonts.escape(target).replace('"', "&quot;")
        return f'<a href="{href}" color="{self.layout.palette.link}">{self.text(text)}</a>'

    def paragraph(self, block: Para) -> Flowable:
        return self._para(self.inlines(block.inlines), self.styles["body"], block.text)

    def list_block(self, block: ListBlock) -> list[Any]:
        title = [self._para(self.text(block.title), self.styles["list_title"], block.title)] if block.title else []
        with self.tags.group(ROLES["list"]):
            items = self._items(block.items, block.ordered, 0)
        return _spaced(*title, *items, Spacer(0, 4))

    def _items(self, items: tuple[Item, ...], ordered: bool, level: int, indent: float = 0) -> list[Any]:
        """The items as paragraphs with hanging labels, each level further in than
        its parent's text."""
        labels = [list_label(ordered, level, n) for n in range(1, len(items) + 1)]
        hang = self._hang(labels, 14)
        out: list[Any] = []
        for label, item in zip(labels, items, strict=True):
            text = self.inlines(item.inlines)
            if item.term:
                text = f"<b>{self.text(item.term)}</b>" + (f" – {text}" if text else "")
            out.append(self._item(text, label, indent + hang, hang, text=item.text))
            if item.items:
                with self.tags.group(node=self._last_item), self.tags.group(ROLES["list"]):
                    out += self._items(item.items, ordered, level + 1, indent + hang)
        return out

    def _hang(self, labels: list[str], least: float) -> float:
        """How far list text sits from its bullets or numbers: room for the widest
        label and the gap reportlab keeps after it (0.6 em), and at least ``least``."""
        size = self.styles["item"].fontSize
        widest = max((stringWidth(label, self.body_font, size) for label in labels), default=0)
        return max(least, round(widest + 0.6 * size + 0.5))

    def _item(self, markup: str, label: str, indent: float, hang: float, accent: bool = True,
              text: str | None = None) -> Paragraph:
        """A list item: a paragraph ``indent`` points in, its bullet or number ``hang``
        points before the text (lighter than reportlab's list flowables), tagged LI."""
        paragraph = Paragraph(markup, item_style(self.template, indent, hang, accent), bulletText=label)
        self._last_item = self.tags.item(paragraph, text)
        return paragraph

    def table(self, block: TableBlock) -> list[Any]:
        s = self.styles
        width = block.width
        if not width:
            self.remarks.note("a table with no cells left out")
            return []
        empty: Inlines = ()
        header = [*block.header, *[empty] * (width - len(block.header))] if block.header else []
        rows = [[*r, *[empty] * (width - len(r))] for r in block.rows]
        label = self.captions.number("table") if block.caption else ""
        if width > MOST_COLUMNS or any(len(plain(c)) > UNSPLITTABLE for row in rows for c in row):
            if width > MOST_COLUMNS:
                self.remarks.note(f"a table of {width:,} columns set as rows of paragraphs")
            return self._table_as_paragraphs(header, rows, label, block.caption)
        head_styles = [self._aligned("head_cell", block.alignment(c)) for c in range(width)]
        cell_styles = [self._aligned("cell", block.alignment(c)) for c in range(width)]
        short = len(rows) <= SHORT_TABLE_ROWS
        caption = None
        with self.tags.group(ROLES["table"]):
            if block.caption:
                caption = self.tags.tag(
                    Paragraph(f"<b>{self.text(label)}</b> {self.text(block.caption)}",
                              s["caption"] if short else s["caption_loose"]), ROLES["caption"], block.caption)
            data = self._cells([header], head_styles, ROLES["head"], ROLES["header_cell"]) if header else []
            data += self._cells(rows, cell_styles, ROLES["rows"], ROLES["cell"], row_headers=not header)
        texts = [[plain(c) for c in row] for row in ([header, *rows] if header else rows)]
        table = GridTable(data, colWidths=self._column_widths(texts, bool(header)), repeatRows=1 if header else 0,
                          hAlign="LEFT")
        commands: list[tuple] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, self.color["rule"]),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            ("ROWBACKGROUNDS", (0, 1 if header else 0), (-1, -1), [colors.white, self.color["zebra"]]),
        ]
        if header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), self.color["accent"]))
        table.setStyle(self._table_style(commands))
        out: list[Any] = [] if short else [CondPageBreak(LONG_TABLE_ROOM)]
        if caption is not None:
            out.append(caption)
        out.append(table)
        return _spaced(*out)

    def _aligned(self, name: str, align: str | None) -> ParagraphStyle:
        """The table cell style ``name``, aligned as the column says."""
        return self.styles[name] if align is None else aligned_style(self.template, name, align)

    def _cells(self, rows: list[list[Inlines]], styles: list[ParagraphStyle], part: str, cell: str,
               row_headers: bool = False) -> list[list[Any]]:
        """Rows of cell paragraphs (``styles``: one a column), tagged as one part of a
        table (THead, TBody): header cells head their columns; in a table without a
        header row the first cell of each row heads its row."""
        out = []
        with self.tags.group(part):
            for row in rows:
                with self.tags.group(ROLES["row"]):
                    cells = []
                    for k, (c, style) in enumerate(zip(row, styles, strict=True)):
                        heads_row = row_headers and k == 0
                        scope = "Row" if heads_row else "Column" if cell == ROLES["header_cell"] else None
                        attrs = {"A": {"O": "Table", "Scope": scope}} if scope else {}
                        cells.append(self.tags.tag(Paragraph(self.inlines(c), style),
                                                   ROLES["header_cell"] if heads_row else cell, plain(c), keep=True,
                                                   **attrs))
                    out.append(cells)
        return out

    def _table_as_paragraphs(self, header: list[Inlines], rows: list[list[Inlines]], label: str,
                             caption: str | None) -> list[Any]:
        """A table with a cell longer than a page cannot be drawn as a grid (a row
        never splits); its rows become paragraphs of ``Header: cell`` pairs."""
        out: list[Any] = []
        if caption:
            out.append(self._para(f"<b>{self.text(label)}</b> {self.text(caption)}", self.styles["caption"], caption))
        for row in rows:
            pairs = [f"<b>{self.text(head)}:</b> {self.inlines(cell)}" if head else self.inlines(cell)
                     for head, cell in cell_pairs(header, row)]
            if len(pairs) > MOST_COLUMNS:  # one paragraph a pair: a paragraph of thousands re-wraps at every page
                out += [*(self._para(pair, self.styles["cell"]) for pair in pairs), Spacer(0, 6)]
            else:
                out.append(self._para(CELL_SEPARATOR.join(pairs), self.styles["body"], " ".join(plain(c) for c in row)))
        return out

    def _natural(self, text: str, bold: bool = False, size: float | None = None) -> float:
        size = size or self.styles["cell"].fontSize
        return self.text.width(text, fonts.face(self.body_family, bold=bold), size)

    def _column_widths(self, rows: list[list[str]], header: bool = False) -> list[float]:
        """Columns as wide as their content wants, shrunk in proportion when the
        page is too narrow; no column narrower than its longest word allows (a
        CJK line breaks between any two characters, but a short cell stays whole).
        With ``header`` the first row is measured in bold, as it is drawn."""
        count = max(len(r) for r in rows)
        bold = [header and n == 0 for n in range(len(rows))]
        want = [
            max((self._natural(r[c], b) for r, b in zip(rows, bold, strict=True)), default=0) + CELL_PADDING
            for c in range(count)
        ]
        floor = [
            min(max((self._natural(w, b) for r, b in zip(rows, bold, strict=True) for w in _unbreakable(r[c])),
                    default=0) + CELL_PADDING,
                WIDEST_NARROW_COLUMN)
            for c in range(count)
        ]
        floor = [max(f, NARROWEST_COLUMN) for f in floor]
        want = [max(w, f) for w, f in zip(want, floor, strict=True)]
        total = self.frame_width
        if sum(want) <= total:
            return want
        if sum(floor) >= total:
            return [total / count] * count
        spare = total - sum(floor)
        extra = [w - f for w, f in zip(want, floor, strict=True)]
        return [f + spare * e / sum(extra) for f, e in zip(floor, extra, strict=True)]

    def quote(self, block: Quote) -> Flowable | list[Any]:
        s = self.styles
        opening, closing = quote_marks(block, self.layout.language)
        markup = f"{self.text(opening)}{self.inlines(block.inlines)}{self.text(closing)}"
        long = len(block.text) > UNSPLITTABLE  # longer than a page: indented paragraphs that can split
        style = ParagraphStyle("long_quote", parent=s["quote"], leftIndent=14) if long else s["quote"]
        who = ", ".join(x for x in (block.speaker, block.role) if x)
        with self.tags.group(ROLES["quote"], text=block.text):
            inner: list[Any] = [self._para(markup, style)]
            if who:
                inner.append(self._para(self.text(f"— {who}"), s["attribution"], who))
        if long:
            return [*inner, Spacer(0, 8)]
        box = Box(inner, padding=(2, 6, 2, 12), rule=self.color["accent"], rule_width=2.5,
                  width=self.frame_width - 12)
        box.hAlign = "RIGHT"
        box.spaceBefore, box.spaceAfter = 4, 8
        return box

    def figure(self, block: FigureBlock) -> list[Any]:
        """The picture at most as wide as the text, its caption (numbered like
        tables) and credit under it, all on one page."""
        try:
            picture = picture_of(block.src)
        except ImageRefused as exc:
            self.remarks.picture(block.alt, exc)
            return []
        width, height = figure_size(picture.width, picture.height, self.frame_width, figure_max_height(self.template))
        image = self.tags.tag(Figure(picture.data, width, height, block.alt), ROLES["figure"], block.alt,
                              Alt=block.alt)
        image.hAlign = "LEFT"
        image.spaceBefore = 6
        parts: list[Any] = [image]
        with self.tags.group(node=image._tag):
            if block.caption:
                label = self.captions.number("figure")
                parts.append(self.tags.tag(Paragraph(f"<b>{self.text(label)}</b> {self.text(block.caption)}",
                                                     self.styles["figure_caption"]), ROLES["caption"], block.caption))
            if block.credit:
                parts.append(self._para(self.text(block.credit), self.styles["credit"], block.credit))
        return [KeepTogether(parts), Spacer(0, 8)]


SHORT_CJK_CELL = 8  # characters: a CJK cell this short (``2030年度``) is never broken


def _unbreakable(text: str) -> list[str]:
    """The pieces a cell's lines cannot break inside: its words, and in a long run
    of CJK text each character."""
    if not CJK.search(text):
        return text.split()
    if len(text) <= SHORT_CJK_CELL:
        return [text]
    return [piece for word in text.split() for piece in (list(word) if CJK.search(word) else [word])]


def _spaced(*flowables: Any) -> list[Any]:
    return [*flowables, Spacer(0, 6)]


def _flatten(items: list[Any]):
    for item in items:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item
