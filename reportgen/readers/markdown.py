"""Reader for Markdown articles (``.md``), parsed by markdown-it-py with tables on.

Markdown says most of the structure itself; what it cannot say follows the
same conventions as plain text: YAML front matter, a single ``#`` heading as
the title, an emphasised line under a heading as its kicker, ``Lead-in:``
lines, quotations with speakers (a block quote may end in ``— Name, Role``),
and closing Sources, Key points and Glossary sections.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..errors import SourceError
from ..model import (
    Block,
    Brief,
    Code,
    Emph,
    Figure,
    GlossaryEntry,
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
    block_texts,
    collapse,
    normalize_inlines,
    plain,
    points,
)
from ..prose import split_bold_term, split_role_name, split_term
from ..structure import Flat, Heading, rank_headings, sectionize
from . import _conventions as conv
from ._decode import decode_text
from ._figures import Figures, captioned, split_credit
from ._meta import meta_from, overrides_from, parse_byline, read_sidecar, split_front_matter


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def read(data: bytes | str, *, path: Path | None = None) -> Brief:
    """Read a Markdown article into a Brief (not yet enriched)."""
    text = decode_text(data) if isinstance(data, bytes) else data
    front, body = split_front_matter(text)
    overrides = overrides_from(front, "front matter").merged_over(
        overrides_from(read_sidecar(path), "sidecar")
    )
    if not body.strip():
        raise SourceError("no article text (the file is empty)")
    tokens = _parser().parse(body)
    figures = Figures(path.parent if path is not None else None)
    stream = _Walker(tokens, figures).blocks()
    meta = dict(overrides.meta)
    stream = _take_title(stream, meta)
    stream = _kickers(stream)
    stream = conv.mark_interview(stream)
    stream = conv.attach_lead_ins(stream)
    stream = conv.find_quotes(stream)
    stream, key_points = _take_named_section(stream, conv.is_key_points_title, most=_MOST_KEY_POINTS)
    stream, glossary = _take_named_section(stream, conv.is_glossary_title)
    stream, notes = _take_named_section(stream, conv.is_notes_title)
    stream, sources = conv.take_sources(stream)
    stream = rank_headings(stream)
    lead, sections = sectionize(stream)
    if not lead and not sections and not meta.get("title"):
        raise SourceError("no article text found")
    return Brief(
        meta=meta_from(meta, lead, sections, path),
        key_points=points(overrides.key_points) if overrides.key_points else tuple(_item_lines(key_points)),
        lead=lead,
        sections=sections,
        sources=overrides.sources if overrides.sources is not None else tuple(sources),
        glossary=tuple(_glossary(glossary)),
        notes=tuple(_item_lines(notes)),
        warnings=figures.warnings(),
        picture_files=tuple(figures.files),
    )


# --- tokens to blocks -------------------------------------------------------------


class _Walker:
    """Walks markdown-it's token stream once, building headings and blocks."""

    def __init__(self, tokens: list[Token], figures: Figures | None = None):
        self.tokens = tokens
        self.figures = figures or Figures(None)
        self.i = 0

    def blocks(self, until: str | None = None) -> list[Flat]:
        out: list[Flat] = []
        while self.i < len(self.tokens):
            tok = self.tokens[self.i]
            if until and tok.type == until:
                self.i += 1
                return out
            self.i += 1
            if tok.type == "heading_open":
                text = plain(self._inline())
                self.i += 1  # heading_close
                if text:
                    out.append(Heading(text, int(tok.tag[1])))
            elif tok.type == "paragraph_open":
                children = self.tokens[self.i].children or []
                if any(child.type == "image" for child in children):
                    self.i += 2  # inline, paragraph_close
                    out.extend(self._pictures(children))
                    continue
                spans = self._inline()
                self.i += 1
                if isinstance(last := out[-1] if out else None, Figure) and last.caption is None \
                        and _emphasised(Paragraph(spans)):
                    out[-1] = captioned(last, plain(spans))  # an italic line under a picture is its caption
                elif plain(spans):
                    out.append(Paragraph(spans))
            elif tok.type in ("bullet_list_open", "ordered_list_open"):
                out.append(self._list(tok.type == "ordered_list_open"))
            elif tok.type == "table_open":
                out.append(self._table())
            elif tok.type == "blockquote_open":
                out.append(self._blockquote())
            elif tok.type in ("fence", "code_block") and tok.content.strip():
                out.append(Paragraph((Code(tok.content.strip("\n")),)))
            elif tok.type == "html_block" and (text := _html_text(tok.content)):
                out.append(Paragraph.of(text))
        return out

    def _pictures(self, children: list[Token]) -> list[Flat]:
        """A paragraph with images: its text (if any) as a paragraph, then each image
        as a figure. An image's title is its caption; an image alone in its paragraph
        takes an italic line under it as its caption."""
        images = [child for child in children if child.type == "image"]
        rest = [child for child in children if child.type != "image"]
        rest_spans = inline_spans(rest)
        caption_line = len(images) == 1 and _emphasised(Paragraph(rest_spans))
        out: list[Flat] = [] if caption_line or not plain(rest_spans) else [Paragraph(rest_spans)]
        line = plain(rest_spans) if caption_line else ""
        for image in images:
            title = str(image.attrs.get("title") or "")
            caption, credit = split_credit(title or line)
            if title and line:  # a caption in the title: the italic line is its credit
                credit = credit or split_credit(line)[1] or line
            figure = self.figures.figure(str(image.attrs.get("src") or ""), image.content, caption, credit)
            if figure is not None:
                out.append(figure)
        return out

    def _inline(self) -> tuple[Inline, ...]:
        tok = self.tokens[self.i]
        self.i += 1
        return inline_spans(tok.children or [])

    def _list(self, ordered: bool) -> ListBlock:
        close = "ordered_list_close" if ordered else "bullet_list_close"
        items: list[Item] = []
        while self.tokens[self.i].type != close:
            self.i += 1  # list_item_open
            inner = self.blocks(until="list_item_close")
            items.append(_item(inner))
        self.i += 1
        return ListBlock(items=tuple(items), ordered=ordered)

    def _table(self) -> Table:
        header: list[Inlines] = []
        rows: list[list[Inlines]] = []
        row: list[Inlines] | None = None
        align: list[str | None] = []
        in_head = False
        while self.tokens[self.i].type != "table_close":
            tok = self.tokens[self.i]
            self.i += 1
            if tok.type == "th_open":
                style = str(tok.attrGet("style") or "")
                align.append(style.removeprefix("text-align:") or None)
            elif tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open":
                row = []
            elif tok.type == "tr_close" and row is not None:
                if in_head:
                    header.extend(row)
                else:
                    rows.append(row)
            elif tok.type == "inline" and row is not None:
                row.append(inline_spans(tok.children or []))
        self.i += 1
        if not any(header):
            header = []
        return Table(header=tuple(header), rows=tuple(tuple(r) for r in rows),
                     align=tuple(align) if any(align) else ())

    def _blockquote(self) -> Quote:
        inner = self.blocks(until="blockquote_close")
        parts = [_spans_of(b) for b in inner if not isinstance(b, Heading)]
        speaker = role = None
        if len(parts) > 1 and (who := conv.attribution_line(Paragraph(parts[-1]))):
            speaker, role = split_role_name(who)
            parts = parts[:-1]
        elif parts and (trailing := conv.trailing_attribution(parts[-1])):
            speaker, role = split_role_name(trailing[1])
            parts[-1] = trailing[0]
        spans = normalize_inlines(tuple(span for part in parts for span in (*part, Text(" "))))
        found = conv.quotation(spans)
        if found and speaker is None:
            spans = found.inlines
            if found.who:
                speaker, role = split_role_name(found.who)
        elif found:
            spans = found.inlines
        return Quote(spans, speaker, role)


def inline_spans(children: list[Token]) -> tuple[Inline, ...]:
    """markdown-it inline tokens as whole-string runs (formatting does not nest in the model)."""
    spans: list[Inline] = []
    strong = emph = 0
    href: str | None = None
    for tok in children:
        kind = tok.type
        if kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong -= 1
        elif kind == "em_open":
            emph += 1
        elif kind == "em_close":
            emph -= 1
        elif kind == "link_open":
            href = str(tok.attrs.get("href") or "") or None
        elif kind == "link_close":
            href = None
        elif kind in ("softbreak", "hardbreak"):
            spans.append(Text(" "))
        elif kind == "code_inline":
            spans.append(Link(tok.content, href) if href else Code(tok.content))
        elif kind in ("text", "image") or (kind == "html_inline" and not tok.content.startswith("<")):
            text = tok.content
            if href:
                spans.append(Link(text, href))
            elif strong:
                spans.append(Strong(text))
            elif emph:
                spans.append(Emph(text))
            else:
                spans.append(Text(text))
    return normalize_inlines(tuple(spans))


def _spans_of(block: Flat) -> Inlines:
    """A block's text with its formatting, as far as inlines can hold it."""
    if isinstance(block, Paragraph | Quote):
        return block.inlines
    return normalize_inlines((Text(" ".join(block_texts(block))),)) if not isinstance(block, Heading) else ()


def _item(inner: list[Flat]) -> Item:
    """A list item: its first paragraph is its text (an opening bold run or a
    ``Term – text`` shape gives its term), nested lists are its items."""
    spans: tuple[Inline, ...] = ()
    nested: list[Item] = []
    extra: list[str] = []
    for block in inner:
        if isinstance(block, Paragraph) and not spans:
            spans = block.inlines
        elif isinstance(block, ListBlock):
            nested.extend(block.items)
        elif not isinstance(block, Heading):
            extra.extend(block_texts(block))
    if extra:
        spans = normalize_inlines((*spans, Text(" " + " ".join(extra))))
    term = None
    if bold := split_bold_term(spans):
        term, spans = bold
    elif spans and all(isinstance(s, Text) for s in spans):
        term, text = split_term(plain(spans))
        if term:
            spans = (Text(text),)
    return Item(inlines=normalize_inlines(spans), term=term or None, items=tuple(nested))


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _html_text(html: str) -> str:
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return collapse(" ".join(parser.parts))


# --- conventions Markdown adds ---------------------------------------------------


def _take_title(stream: list[Flat], meta: dict) -> list[Flat]:
    """A single ``#`` heading at the top is the title; a byline under it fills authors and date."""
    out = list(stream)
    first = out[0] if out else None
    top_level = [h for h in out if isinstance(h, Heading) and h.depth == 1]
    if isinstance(first, Heading) and first.depth == 1 and len(top_level) == 1:
        out.pop(0)
        if "title" not in meta:  # front matter that names the title names the subtitle too
            meta["title"] = first.title
            if out and isinstance(out[0], Paragraph) and _emphasised(out[0]):
                meta["subtitle"] = out.pop(0).text  # type: ignore[union-attr]
        elif (meta.get("subtitle") and out and isinstance(out[0], Paragraph) and _emphasised(out[0])
              and out[0].text == meta["subtitle"]):
            out.pop(0)
    elif isinstance(first, Heading) and meta.get("title", "").casefold() == first.title.casefold():
        out.pop(0)
    for k, block in enumerate(out[:4]):
        if isinstance(block, Paragraph) and (byline := parse_byline(block.text)):
            meta.setdefault("authors", byline.authors)
            if byline.date:
                meta.setdefault("date", byline.date)
            del out[k]
            break
    return out


def _emphasised(block: Flat) -> bool:
    return isinstance(block, Paragraph) and bool(block.inlines) and all(
        isinstance(s, Emph) or (isinstance(s, Text) and not s.text.strip()) for s in block.inlines
    )


def _kickers(stream: list[Flat]) -> list[Flat]:
    """An emphasised line right under a heading is that section's kicker."""
    out: list[Flat] = []
    for block in stream:
        prev = out[-1] if out else None
        if isinstance(prev, Heading) and prev.subtitle is None and _emphasised(block):
            out[-1] = replace(prev, subtitle=block.text)  # type: ignore[union-attr]
        else:
            out.append(block)
    return out


_MOST_KEY_POINTS = 12  # a longer "Highlights" list is content, not a summary


def _take_named_section(
    stream: list[Flat], named: Callable[[str], bool], most: int = 1000
) -> tuple[list[Flat], list[Block]]:
    """Remove a heading that matches ``name`` with the list right under it, and return
    that list. Other blocks under it stay where they are (they read as what comes next).

    Only a short flat list is lifted: a newsletter's long nested "Highlights" is
    content, and stays a section of the brief."""
    for k, block in enumerate(stream):
        if isinstance(block, Heading) and named(block.title):
            end = k + 2 if k + 1 < len(stream) and isinstance(stream[k + 1], ListBlock) else k + 1
            lists = stream[k + 1 : end]
            items = [i for b in lists for i in b.items]  # type: ignore[union-attr]
            if lists and len(items) <= most and not any(i.items for i in items):
                return stream[:k] + stream[end:], list(stream[k + 1 : end])  # type: ignore[arg-type]
    return stream, []


def _item_lines(blocks: list[Block]) -> list[Inlines]:
    """The items of a Key points or Notes list as lines (a term leads its line)."""
    return [
        i.line
        for b in blocks
        if isinstance(b, ListBlock)
        for i in b.items
    ]


def _glossary(blocks: list[Block]) -> list[GlossaryEntry]:
    out = []
    for block in blocks:
        if isinstance(block, ListBlock):
            for item in block.items:
                if item.term and item.text:
                    out.append(GlossaryEntry(item.term, item.text))
    return out


