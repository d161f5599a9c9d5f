"""The body of a Word document as the flat stream of headings and blocks.

Paragraph styles carry the structure, by the names Word shows (``ooxml.styles``
for a brief's own, Word's built-in ones for any document): Title, Subtitle,
Heading N (or an outline level), list paragraphs by what their numbering is,
Caption beside a table, Quote with its attribution, Key Points; the brief's
own furniture (masthead, source line, colophon) is left out. Runs become
inlines: bold and italic (direct or from a character style), code fonts aside,
hyperlinks (relationships, anchors and ``HYPERLINK`` fields). Text boxes are
read in place, after the paragraph that anchors them. A footnote or endnote
becomes a numbered note of the brief, marked ``[n]`` where it was referenced.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from lxml import etree

from ...errors import SourceError
from ...model import (
    Emph,
    Figure,
    Inline,
    Inlines,
    Item,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Strong,
    Table,
    Text,
    normalize_inlines,
    plain,
)
from ...ooxml import qn
from ...ooxml.styles import FURNITURE, Style
from ...prose import split_bold_term, split_role_name
from ...structure import Flat, Heading
from .. import _conventions as conv
from .._figures import Figures, captioned
from ._package import Numbering, Styles, numbering_of, on_off

_P, _R, _T, _TBL, _TR, _TC = (qn(f"w:{n}") for n in ("p", "r", "t", "tbl", "tr", "tc"))
_PPR, _RPR, _PSTYLE, _RSTYLE, _NUMPR = (qn(f"w:{n}") for n in ("pPr", "rPr", "pStyle", "rStyle", "numPr"))
_HYPERLINK, _FLD_SIMPLE, _FLD_CHAR, _INSTR = (qn(f"w:{n}") for n in ("hyperlink", "fldSimple", "fldChar", "instrText"))
_TXBX, _DRAWING = qn("w:txbxContent"), qn("w:drawing")
_DOC_PR, _BLIP = qn("wp:docPr"), qn("a:blip")
_EMBED, _LINK = qn("r:embed"), qn("r:link")
_VML_IMAGE = "{urn:schemas-microsoft-com:vml}imagedata"  # a picture as Word 2003 wrote it
_VML_TITLE = "{urn:schemas-microsoft-com:office:office}title"
_NOTE_REFERENCES = {qn("w:footnoteReference"): "footnotes", qn("w:endnoteReference"): "endnotes"}
_VAL, _R_ID = qn("w:val"), qn("r:id")
_TEXT_OF = {
    qn("w:tab"): "\t", qn("w:ptab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "-", qn("w:softHyphen"): "",
}
_HYPERLINK_FIELD = re.compile(r'^\s*HYPERLINK\s+(?:\\[a-z]\s+)*"?(?P<url>[^"\s]+)"?', re.I)
_HEADING_STYLE = re.compile(r"^heading (?P<level>[1-9])$")
_LIST_STYLE = re.compile(r"^list (?P<kind>bullet|number)(?: (?P<level>[2-9]))?$")
_KEY_POINT_BULLET = re.compile(r"^[•·\-–]\s*")
_QUOTE_STYLES = frozenset({"quote", "intense quote"})


@dataclass
class _OpenList:
    definition: str
    num_id: str
    ordered: bool
    items: list[list] = field(default_factory=list)  # [inlines, term, children]


@dataclass(frozen=True, slots=True)
class NotePart:
    """The notes of a footnotes or endnotes part by id, and the part's relationships."""

    notes: dict[str, etree._Element]
    links: dict[str, tuple[str, bool]]


@dataclass
class Walk:
    """The stream of one document body, and what its styles say about the brief."""

    styles: Styles
    numbering: Numbering
    links: dict[str, tuple[str, bool]]  # relationship id -> (target, external)
    note_parts: dict[str, NotePart] = field(default_factory=dict)  # "footnotes"/"endnotes"
    stream: list[Flat] = field(default_factory=list)
    key_points: list[Inlines] = field(default_factory=list)
    notes: list[Inlines] = field(default_factory=list)
    title: str | None = None
    subtitle: str | None = None
    _list: _OpenList | None = None
    _list_title: str | None = None
    _caption: str | None = None
    figures: Figures = field(default_factory=lambda: Figures(None))
    media: Callable[[str], bytes | None] = lambda name: None  # a part's bytes by member name
    _drawings: list[etree._Element] = field(default_factory=list)  # pictures met in the runs read so far

    def body(self, body: etree._Element) -> None:
        for element in body:
            if element.tag == _P:
                self.paragraph(element)
            elif element.tag == _TBL:
                self._end_list()
                self.table(element)
        self._end_list()

    # --- paragraphs ----------------------------------------------------------------

    def paragraph(self, p: etree._Element) -> None:
        ppr = p.find(_PPR)
        style_id = _val(ppr.find(_PSTYLE)) if ppr is not None else None
        style = self.styles.name(style_id)
        spans, boxes = self.inlines(p)
        text = plain(spans)
        listed = self._numbering(ppr, style_id, style)
        if listed is not None and text:
            self._list_item(spans, listed, style)
        else:
            self._end_list()
            if text and style not in _FURNITURE:
                self._styled(style, ppr, style_id, spans, text)
        if style in _FURNITURE:
            self._drawings = []  # the logo the brief prints in its masthead
        self._pictures()
        for box in boxes:  # text boxes anchored here, read in place
            self.body(box)

    def _pictures(self) -> None:
        """The pictures of the runs just read, as figures, in order."""
        drawings, self._drawings = self._drawings, []
        for drawing in drawings:
            figure = self._figure(drawing)
            if figure is not None:
                self._end_list()
                self.stream.append(figure)

    def _figure(self, drawing: etree._Element) -> Figure | None:
        """An inline or anchored picture (or an older VML one): its image part, and
        its description (or title) as alt text. A picture linked from outside the
        document is left out."""
        if drawing.tag == _VML_IMAGE:
            shape = drawing.getparent()
            alt = (shape.get("alt") if shape is not None else None) or drawing.get(_VML_TITLE) or ""
            embed, link = drawing.get(_R_ID), drawing.get(qn("r:href"))
        else:
            blip = next(drawing.iter(_BLIP), None)
            if blip is None:
                return None  # a chart or a shape: no picture to take
            doc_pr = next(drawing.iter(_DOC_PR), None)
            alt = (doc_pr.get("descr") or doc_pr.get("title") or "") if doc_pr is not None else ""
            embed, link = blip.get(_EMBED), blip.get(_LINK)
        target = self.links.get(embed or "")
        if target is None or target[1]:
            linked = self.links.get(link or "", target)
            where = linked[0] if linked else "an unknown part"
            self.figures.leave_out(f"a picture linked from outside the document ({where[:50]})")
            return None
        try:
            data = self.media(target[0])
        except SourceError as exc:
            self.figures.leave_out(str(exc))
            return None
        if data is None:
            self.figures.leave_out(f"{target[0]}: not in the package")
            return None
        return self.figures.from_bytes(data, target[0].rsplit("/", 1)[-1], alt)

    def _styled(self, style: str, ppr: etree._Element | None, style_id: str | None, spans: Inlines,
                text: str) -> None:
        prev = self.stream[-1] if self.stream else None
        level = self._heading_level(style, ppr, style_id)
        if style == "title":
            if self.title is None:
                self.title = text
            else:
                self.stream.append(Paragraph(spans))
        elif style == "subtitle":
            if isinstance(prev, Heading) and prev.subtitle is None:
                self.stream[-1] = Heading(prev.title, prev.depth, text)
            elif not self.stream and self.subtitle is None:
                self.subtitle = text
            else:
                self.stream.append(Paragraph(spans))
        elif level is not None:
            self.stream.append(Heading(text, level))
        elif style == _KEY_POINTS:
            self.key_points.append(_without_bullet(spans))
        elif style == _LIST_TITLE:
            self._list_title = text.rstrip(":：")
        elif style == "caption" and isinstance(prev, Figure) and not prev.caption:  # a caption under its picture
            self.stream[-1] = captioned(prev, text)
        elif style == _CREDIT and isinstance(prev, Figure) and not prev.credit:
            self.stream[-1] = Figure(prev.src, prev.alt, prev.caption, text)
        elif style == "caption":
            caption = conv.caption_text(text)
            if isinstance(prev, Table) and not prev.caption:  # a caption under its table
                self.stream[-1] = replace(prev, caption=caption)
            else:
                self._caption = caption
        elif style in _QUOTE_STYLES:
            found = conv.quotation(spans)
            speaker, role = split_role_name(found.who) if found and found.who else (None, None)
            self.stream.append(Quote(found.inlines if found else spans, speaker, role))
        elif isinstance(prev, Quote) and not prev.speaker and (
            (who := conv.attribution_line(Paragraph(spans))) or style == _QUOTE_ATTRIBUTION
        ):
            speaker, role = split_role_name(who or text.lstrip("—–- "))
            self.stream[-1] = Quote(prev.inlines, speaker, role)
        else:
            self.stream.append(Paragraph(spans))

    def _heading_level(self, style: str, ppr: etree._Element | None, style_id: str | None) -> int | None:
        if match := _HEADING_STYLE.match(style):
            return int(match["level"])
        outline = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
        level = int(_val(outline) or 9) if outline is not None else self.styles.inherited(style_id, "outline")
        return level + 1 if isinstance(level, int) and level < 9 else None

    # --- lists -------------------------------------------------------------------------

    def _numbering(self, ppr: etree._Element | None, style_id: str | None, style: str) -> tuple[str, str, int] | None:
        """``(definition, numId, level)`` when the paragraph is a list item: by its own
        numbering, its style's, or a Word list style's name."""
        own = numbering_of(ppr.find(_NUMPR)) if ppr is not None else None
        found = own or self.styles.inherited(style_id, "numbering")
        if isinstance(found, tuple):
            num_id, level = found
            definition = self.numbering.definition(num_id)
            return (definition, num_id, level) if definition is not None else None
        if match := _LIST_STYLE.match(style):
            return f"style:{match['kind']}", f"style:{match['kind']}", int(match["level"] or 1) - 1
        return None

    def _list_item(self, spans: Inlines, listed: tuple[str, str, int], style: str) -> None:
        definition, num_id, level = listed
        current = self._list
        if current is None or current.definition != definition or (
            num_id != current.num_id and num_id in self.numbering.restarts
        ):
            self._end_list()
            ordered = self.numbering.ordered(num_id, level) or num_id == "style:number" or "number" in style
            current = self._list = _OpenList(definition, num_id, ordered)
        current.num_id = num_id
        term = None
        if bold := split_bold_term(spans):
            term, spans = bold
        target = current.items
        for _ in range(level):
            if not target:
                break
            target = target[-1][2]
        target.append([spans, term, []])

    def _end_list(self) -> None:
        if self._list is None:
            return
        found, self._list = self._list, None

        def build(raw: list[list]) -> tuple[Item, ...]:
            return tuple(Item(inlines=s, term=t, items=build(children)) for s, t, children in raw)

        title, self._list_title = self._list_title, None
        prev = self.stream[-1] if self.stream else None
        if title is None and isinstance(prev, Paragraph) and len(prev.inlines) == 1 \
                and isinstance(prev.inlines[0], Strong):
            title = prev.text.rstrip(":：")
            self.stream.pop()
        self.stream.append(ListBlock(build(found.items), found.ordered, title))

    # --- tables ---------------------------------------------------------------------------

    def table(self, tbl: etree._Element) -> None:
        rows: list[list[Inlines]] = []
        bold: list[bool] = []
        justified: list[list[str | None]] = []
        for tr in tbl.iterchildren(_TR):
            cells: list[Inlines] = []
            row_bold = True
            justified.append([_justification(tc) for tc in tr.iterchildren(_TC)])
            for tc in tr.iterchildren(_TC):
                merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
                if merge is not None and merge.get(_VAL, "continue") == "continue":
                    cells.append(())  # the cell above spans this one
                    continue
                spans, all_bold = self._cell(tc)
                cells.append(spans)
                row_bold = row_bold and all_bold
            if any(cells):
                rows.append(cells)
                bold.append(row_bold and any(cells))
        if not rows:
            return
        first = tbl.find(_TR)
        header = rows[0] if len(rows) > 1 and (self._header_row(tbl, first) or bold[0]) else []
        body = rows[1:] if header else rows
        caption, self._caption = self._caption, None
        align = _column_alignment(justified[1:] if header else justified)
        self.stream.append(Table(tuple(header), tuple(tuple(r) for r in body), caption, align))
        self._pictures()  # pictures in its cells follow it

    def _cell(self, tc: etree._Element) -> tuple[Inlines, bool]:
        """A cell's paragraphs as one run of inlines (nested tables' text included),
        and whether all its text is bold."""
        spans: list[Inline] = []
        for p in tc.iter(_P):
            inner, _ = self.inlines(p)
            if inner:
                spans.extend((*inner, Text(" ")))
        out = normalize_inlines(tuple(spans))
        return out, bool(out) and all(isinstance(s, Strong) or not s.text.strip() for s in out)

    def _header_row(self, tbl: etree._Element, first: etree._Element | None) -> bool:
        """Whether the first row is marked as the heading row, the ways Word marks it:
        repeated on every page, or the table style's first-row look switched on."""
        trpr = first.find(qn("w:trPr")) if first is not None else None
        if trpr is not None and on_off(trpr, "tblHeader"):
            return True
        tblpr = tbl.find(qn("w:tblPr"))
        if tblpr is None or tblpr.find(qn("w:tblStyle")) is None:
            return False
        look = tblpr.find(qn("w:tblLook"))
        if look is None:
            return False
        first_row = look.get(qn("w:firstRow"))
        if first_row is not None:
            return first_row.lower() in ("1", "true", "on")
        try:
            return bool(int(look.get(_VAL, "0"), 16) & 0x20)
        except ValueError:
            return False

    # --- runs ------------------------------------------------------------------------------

    def inlines(self, p: etree._Element) -> tuple[Inlines, list[etree._Element]]:
        """A paragraph's text as inlines, and the text boxes anchored in it."""
        spans: list[Inline] = []
        boxes: list[etree._Element] = []
        fields: list[list] = []  # open complex fields: [instruction, showing result?]
        for element, url in _runs(p, self.links):
            if element.tag == _FLD_CHAR:
                kind = element.get(qn("w:fldCharType"))
                if kind == "begin":
                    fields.append(["", False])
                elif kind == "separate" and fields:
                    fields[-1][1] = True
                elif kind == "end" and fields:
                    fields.pop()
                continue
            if element.tag == _INSTR:
                if fields:
                    fields[-1][0] += element.text or ""
                continue
            if fields and not fields[-1][1]:
                continue  # inside a field's instruction
            field_url = next((m["url"] for f in fields if (m := _HYPERLINK_FIELD.match(f[0]))), None)
            self._run(element, url or field_url, spans, boxes)
        return normalize_inlines(tuple(spans)), boxes

    def _run(self, r: etree._Element, url: str | None, spans: list[Inline], boxes: list[etree._Element]) -> None:
        rpr = r.find(_RPR)
        pieces = []
        for child in r:
            if child.tag == _T:
                pieces.append(child.text or "")
            elif child.tag in _TEXT_OF:
                pieces.append(_TEXT_OF[child.tag])
            elif child.tag in _NOTE_REFERENCES:
                pieces.append(self._note(_NOTE_REFERENCES[child.tag], child.get(qn("w:id"), "")))
            else:
                boxes.extend(child.iter(_TXBX))
                self._drawings.extend(d for d in child.iter(_DRAWING, _VML_IMAGE) if next(d.iter(_TXBX), None) is None)
        text = "".join(pieces)
        if not text:
            return
        if url:
            spans.append(Link(text, url))
        elif self._on(rpr, "b"):
            spans.append(Strong(text))
        elif self._on(rpr, "i"):
            spans.append(Emph(text))
        else:
            spans.append(Text(text))

    def _note(self, kind: str, note_id: str) -> str:
        """The mark of a note referenced here; its paragraphs (and any table in it)
        become one numbered note, so no word of it is lost."""
        part = self.note_parts.get(kind)
        note = part.notes.get(note_id) if part else None
        if part is None or note is None:
            return ""
        reader = Walk(self.styles, self.numbering, part.links)
        spans: list[Inline] = []
        for p in note.iter(_P):
            spans += [*reader.inlines(p)[0], Text(" ")]
        if reader._drawings:  # a note is a line of text: a picture in it has no place in the brief
            self.figures.leave_out(f"a picture in {kind[:-1]} {len(self.notes) + 1}")
        inlines = normalize_inlines(tuple(spans))
        if not plain(inlines):
            return ""
        self.notes.append(inlines)
        return f"[{len(self.notes)}]"

    def _on(self, rpr: etree._Element | None, name: str) -> bool:
        """Bold or italic on a run: set on the run, else by its character style."""
        if rpr is None:
            return False
        direct = on_off(rpr, name)
        if direct is not None:
            return direct
        style = rpr.find(_RSTYLE)
        inherited = self.styles.inherited(_val(style), "bold" if name == "b" else "italic")
        return bool(inherited)


def _runs(p: etree._Element, links: dict[str, tuple[str, bool]]) -> Iterator[tuple[etree._Element, str | None]]:
    """A paragraph's runs and field characters in order, each with the link it is in."""
    for child in p:
        tag = child.tag
        if tag == _R:
            for element in child:
                if element.tag in (_FLD_CHAR, _INSTR):
                    yield element, None
            yield child, None
        elif tag == _HYPERLINK:
            target = links.get(child.get(_R_ID, ""))
            url = target[0] if target and target[1] else None
            for r in child.iter(_R):
                yield r, url
        elif tag == _FLD_SIMPLE:
            found = _HYPERLINK_FIELD.match(child.get(qn("w:instr"), ""))
            for r in child.iter(_R):
                yield r, found["url"] if found else None


_ALIGNMENT = {"end": "right", "right": "right", "center": "center", "start": "left", "left": "left"}


def _justification(tc: etree._Element) -> str | None:
    """A cell's alignment, from its first paragraph's own ``w:jc``."""
    jc = tc.find(f"{_P}/{_PPR}/{qn('w:jc')}")
    return _ALIGNMENT.get(_val(jc) or "")


def _column_alignment(rows: list[list[str | None]]) -> tuple[str | None, ...]:
    """A column is aligned when all its body cells are aligned alike (Word has no
    column alignment, only each cell's paragraphs)."""
    width = max((len(r) for r in rows), default=0)
    out = []
    for c in range(width):
        found = {r[c] if c < len(r) else None for r in rows}
        out.append(found.pop() if len(found) == 1 else None)
    return tuple(out) if any(out) else ()


def _val(element: etree._Element | None) -> str | None:
    return element.get(_VAL) if element is not None else None


def _without_bullet(spans: Inlines) -> Inlines:
    """A key point without the bullet the brief prints before it."""
    if spans and isinstance(spans[0], Text):
        first = _KEY_POINT_BULLET.sub("", spans[0].text, count=1)
        return normalize_inlines((Text(first), *spans[1:]))
    return spans


_FURNITURE = frozenset(style.lower() for style in FURNITURE)
_KEY_POINTS = Style.KEY_POINTS.lower()
_LIST_TITLE = Style.LIST_TITLE.lower()
_QUOTE_ATTRIBUTION = Style.QUOTE_ATTRIBUTION.lower()
_CREDIT = Style.CREDIT.lower()
