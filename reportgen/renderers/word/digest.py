"""A digest as one Word document: the digest's masthead and title, a real
table-of-contents field, then each article as a chapter drawn by the code that
draws a brief alone (``DocxRenderer.body``), one heading level down, and one
glossary of every article at the end.

The contents field (``TOC \\o "1-2" \\h``) comes filled in with one entry per
article and the page numbers of the PDF digest, so it reads right when the
document is opened, and Word's "Update table" makes it again from the
headings. Each article's title is a Heading 1 starting a new page, with the
bookmark its entry links to. Each article is a section of its own, whose
header names the digest and the article (Word's ``STYLEREF`` field would do
it with one header, but LibreOffice does not fill it in).
"""

from __future__ import annotations

from dataclasses import replace

from lxml import etree

from ...model import Brief, Digest, Meta
from ...ooxml import XML_SPACE, qn
from ...ooxml.styles import Style
from ..base import Rendered, build_time
from ..layout import DigestLayout, Layout
from . import package as pkg
from . import wml
from .renderer import DocxRenderer

TOC_INSTRUCTION = ' TOC \\o "1-2" \\h '
_SE = etree.SubElement


def _field_char(paragraph: etree._Element, kind: str) -> None:
    _SE(_SE(paragraph, qn("w:r")), qn("w:fldChar"), {qn("w:fldCharType"): kind})


def _page_break_before(paragraph: etree._Element) -> None:
    """Start ``paragraph`` (one with a style) on a new page: ``w:pageBreakBefore`` follows
    ``w:pStyle`` in the schema's order, before anything a brief's paragraphs set."""
    paragraph.find(qn("w:pPr")).find(qn("w:pStyle")).addnext(etree.Element(qn("w:pageBreakBefore")))


class DocxDigestRenderer(DocxRenderer):
    def render_digest(self, digest: Digest, pages: tuple[int, ...] = ()) -> Rendered:
        """The digest; ``pages`` are where its articles start in the PDF digest, for the contents."""
        layout = DigestLayout.of(digest, self.template, self.options)
        whole = self._start(layout.whole)
        self._masthead(whole.front)
        bookmarks = [f"_TocArticle{n}" for n in range(1, len(digest.briefs) + 1)]
        self._contents(layout, bookmarks, pages)
        headers: list[etree._Element] = []
        for n, (brief, chapter) in enumerate(zip(digest.briefs, layout.chapters, strict=True)):
            self._end_section(headers)
            self.chapter(brief, chapter, bookmarks[n])
            headers.append(self._header(replace(whole.running, title=layout.running[n].title)))
        self.layout = whole
        if whole.back.glossary or whole.back.colophon:  # the digest's own end matter, on a page of its own
            self._end_section(headers)
            end = len(self._body)
            self._back(whole.back)
            _page_break_before(self._body[end])
        meta = Meta(title=digest.title, date=digest.date, marking=digest.marking, language=whole.language)
        return self._finish(meta, [g.term for g in digest.glossary], (), build_time(Brief(meta=meta)),
                            tuple(headers))

    def _end_section(self, headers: list[etree._Element]) -> None:
        """End the section so far at its last paragraph: the front's (the base's own
        section), or the last article's, whose header (``headers[-1]``) names it."""
        last = self._body[-1] if len(self._body) else None
        if last is None or last.tag != qn("w:p") or last.find(f".//{qn('w:fldChar')}") is not None:
            # not in the contents' field: LibreOffice then leaves the first page's page fields blank
            last = self._p(Style.BODY)
        section = self._base.section.__copy__()
        if headers:
            _, rel_id = pkg.extra_header(len(headers) - 1)
            for ref in section.findall(qn("w:headerReference")):
                if ref.get(qn("w:type")) == "default":
                    ref.set(qn("r:id"), rel_id)
            for first in section.findall(qn("w:titlePg")):  # an article's first page has its header
                section.remove(first)
        ppr = last.find(qn("w:pPr"))
        if ppr is None:
            ppr = etree.Element(qn("w:pPr"))
            last.insert(0, ppr)
        ppr.append(section)

    def _contents(self, layout: DigestLayout, bookmarks: list[str], pages: tuple[int, ...]) -> None:
        """The contents heading and the TOC field, its result one entry per article."""
        self._para(layout.contents_title, Style.TOC_HEADING)
        entries = list(zip(layout.entries, bookmarks, strict=True))
        for k, (entry, bookmark) in enumerate(entries):
            p = self._p(Style.TOC_1)
            if k == 0:
                _field_char(p, "begin")
                instr = _SE(_SE(p, qn("w:r")), qn("w:instrText"), {XML_SPACE: "preserve"})
                instr.text = TOC_INSTRUCTION
                _field_char(p, "separate")
            link = _SE(p, qn("w:hyperlink"), {qn("w:anchor"): bookmark, qn("w:history"): "1"})
            wml.run(link, entry.title)
            wml.run(link, f"\t{pages[k] if k < len(pages) else ''}")
            if k == len(entries) - 1:
                _field_char(p, "end")

    def chapter(self, brief: Brief, layout: Layout, bookmark: str) -> None:
        """One article as a chapter: on a new page, its title in Heading 1 (bookmarked
        for the contents), what it opens with, its body one level down, its sources."""
        self.layout = layout
        self.captions = layout.captions()
        self._anchor_scope(brief.sections)
        p = self._p(Style.HEADING_1)
        _page_break_before(p)
        wml.run(p, layout.front.title)
        wml.bookmark(p, self._next_bookmark("")[0], bookmark)
        self._article_front(layout.front)
        self.body(brief, 2)
        self._back(replace(layout.back, glossary=(), colophon=""), 2)
