"""A digest as one PDF: page 1 with the digest's masthead and title, the
contents, then each article as a chapter, drawn by the code that draws a
brief alone (``PDFRenderer.body``) one heading level down, and one glossary
of every article at the end.

The contents' page numbers are drawn once every page is laid out (the canvas
keeps each page until then, as it does for ``Page N of M``), so a digest
takes one layout pass; ``pages`` then says where each article starts.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak

from ...model import Brief, Digest, Meta
from ..base import Rendered, build_time
from ..layout import DigestLayout, Entry, Layout, Running
from . import fonts, tagging
from .flowables import Heading, Paragraph
from .renderer import PDFRenderer, collector_paused
from .tagging import ROLES, heading_role

PAGE_NUMBER_ROOM = 16 * mm  # the contents' column of page numbers


class ChapterHeading(Heading):
    """An article's title in a digest: the outline entry of its chapter, the page
    it starts on (``pages[key]``), and the running header from its page on."""

    chapter: tuple[str, dict[str, int], tuple[str, str]] | None = None  # key, pages, (title, attribution)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts = super().split(availWidth, availHeight)
        if parts and parts[0] is not self:
            parts[0].chapter, self.chapter = self.chapter, None
        return parts

    def draw(self) -> None:
        if self.chapter is not None:
            key, pages, running = self.chapter
            pages[key] = self.canv.getPageNumber()
            self.canv.running = running
        super().draw()


class ContentsEntry(tagging.Marked, Flowable):
    """One line of the contents: the article's title and detail, its page number on
    the right (drawn once the page is known), the whole entry a link to the chapter."""

    def __init__(self, title: Paragraph, detail: Paragraph | None, key: str, pages: dict[str, int],
                 number_style: ParagraphStyle):
        super().__init__()
        self.parts = [p for p in (title, detail) if p is not None]
        self.key, self.pages, self.number_style = key, pages, number_style
        self.spaceAfter = 6

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self._sizes = [p.wrapOn(self.canv, availWidth - PAGE_NUMBER_ROOM, availHeight) for p in self.parts]
        self.height = sum(h for _, h in self._sizes)
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        y = self.height
        for n, (part, (_, height)) in enumerate(zip(self.parts, self._sizes, strict=True)):
            y -= height
            part.drawOn(canv, 0, y)
            if n < len(self.parts) - 1 and getattr(canv, "tree", None) is not None:
                tagging.word_break(canv, part.style.fontName, part.style.fontSize)
        canv.linkRect("", self.key, (0, 0, self.width, self.height), relative=1)
        style = self.number_style
        x, baseline = canv.absolutePosition(self.width, self.height - style.fontSize)

        def number(page: Canvas) -> None:
            page.setFont(style.fontName, style.fontSize)
            page.setFillColor(style.textColor)
            page.drawRightString(x, baseline, str(self.pages.get(self.key, "")))

        canv.later.setdefault(canv.getPageNumber(), []).append(number)


class DigestRunning(Flowable):
    """Gives the pages from here on the digest's own running header and footer again
    (after the last article, for the digest's end matter)."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.running = None


class PDFDigestRenderer(PDFRenderer):
    """Draws a digest; ``pages`` is where each of its articles starts, once drawn."""

    pages: tuple[int, ...] = ()

    @collector_paused
    def render_digest(self, digest: Digest) -> Rendered:
        self._setup()
        layout = DigestLayout.of(digest, self.template, self.options)
        whole = self._start(layout.whole)
        keys = [f"article{n}" for n in range(1, len(digest.briefs) + 1)]
        pages: dict[str, int] = {}
        story = [*self._masthead(whole.front), *self._contents(layout, keys, pages)]
        for brief, chapter, running, key in zip(digest.briefs, layout.chapters, layout.running, keys, strict=True):
            story += self.chapter(brief, chapter, running, key, pages)
        self.layout = whole
        back = self._back(whole.back)
        story += [PageBreak(), DigestRunning(), *back] if back else []
        meta = Meta(title=digest.title, date=digest.date, marking=digest.marking, language=whole.language)
        data = self._document(story, meta, [g.term for g in digest.glossary], whole.running,
                              build_time(Brief(meta=meta)))
        self.pages = tuple(pages.get(key, 0) for key in keys)
        return Rendered(data, self._warnings())

    def _contents(self, layout: DigestLayout, keys: list[str], pages: dict[str, int]) -> list[Any]:
        s = self.styles
        title = ParagraphStyle("contents_title", parent=s["body"], fontName=fonts.face(self.body_family, bold=True),
                               spaceAfter=0)
        out: list[Any] = [self.tags.tag(Paragraph(self.text(layout.contents_title), s["h1"]), heading_role(2),
                                         layout.contents_title)]
        with self.tags.group(ROLES["contents"]):
            for entry, key in zip(layout.entries, keys, strict=True):
                out.append(self.tags.tag(self._entry(entry, key, pages, title), ROLES["contents_entry"],
                                         entry.title))
        return out

    def _entry(self, entry: Entry, key: str, pages: dict[str, int], style: ParagraphStyle) -> ContentsEntry:
        """A contents entry: the title in ``style``, and its page number in it too."""
        detail = Paragraph(self.text(entry.detail), self.styles["source"]) if entry.detail else None
        return ContentsEntry(Paragraph(self.text(entry.title), style), detail, key, pages, style)

    def chapter(self, brief: Brief, layout: Layout, running: Running, key: str,
                pages: dict[str, int]) -> list[Any]:
        """One article as a chapter: on a new page, its title as the top heading,
        what it opens with, its body one level down, its sources at its end."""
        self.layout = layout
        self.captions = layout.captions()
        self._anchor_scope(brief.sections, f"{key}-")
        heading = self._heading(layout.front.title, "h1", 0, ChapterHeading)
        heading.outline = (key, layout.front.title, 0)
        heading.chapter = (key, pages, (self.text(running.title), self.text(running.attribution)))
        back = replace(layout.back, glossary=(), colophon="")
        return [PageBreak(), heading, *self._article_front(layout.front, 2), *self.body(brief, 2),
                *self._back(back, 1)]

