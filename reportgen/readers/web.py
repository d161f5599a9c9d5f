"""Reader for saved web pages (``.html``, ``.htm``).

trafilatura finds the article and drops the rest (navigation, ads, related
stories, footers, scripts) and reads the metadata (meta tags, Open Graph,
JSON-LD); its XML output keeps the structure, which this module maps to the
model: headings, paragraphs, nested and definition lists, tables with header
rows, quotations, links and emphasis. Nothing in the page is executed and no
external resource is fetched: trafilatura parses with lxml, offline.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from pathlib import Path

from ..errors import SourceError
from ..model import (
    Brief,
    Code,
    Emph,
    Inline,
    Inlines,
    Item,
    Link,
    ListBlock,
    Meta,
    Paragraph,
    Quote,
    Source,
    Strong,
    Table,
    Text,
    collapse,
    normalize_inlines,
    plain,
    slice_inlines,
)
from ..prose import split_bold_term, split_role_name
from ..structure import Flat, Heading, rank_headings, sectionize
from . import _conventions as conv
from ._decode import decode_text
from ._figures import Figures
from ._web_figures import normal_key, place_figures, start_key

_HEAD = 4096  # bytes at the top of a page that hold its <html> tag and charset
_LEAST_ARTICLE = 40  # characters: less is a menu or a cookie notice, not an article
_LAYOUT_CELL = 2000  # characters: a table cell holding this much of the page is the page's layout
_LONGEST_HEADING = 200  # characters: a longer "heading" of the page is a paragraph in heading tags
_EDIT_LINK = re.compile(r"\s*\[\s*edit\s*\]$", re.I)  # wiki section-edit links
_PERMALINK = re.compile(r"(?:\s*[¶§🔗]|\s+#|(?<=[a-z0-9.!?)])#)$")  # after a capital, "C#" is a name
_RELATED = re.compile(
    r"^(?:more from\b.*|more (?:stories|news|articles|on this)\b.*|"
    r"related(?: stories| articles| posts| content| reading| links)?|read next|read more|up next|"
    r"also read|you (?:may|might) also like|recommended(?: for you| reading)?|"
    r"most (?:read|popular)|popular now|trending|"
    r"相關文章|相关文章|相關閱讀|延伸閱讀|関連記事|関連ニュース|あわせて読みたい|"
    r"(?:à )?lire aussi|sur le même sujet|mehr zum thema|das könnte sie auch interessieren|"
    r"te puede interesar|lea también|leia também|notas relacionadas|ver también)\s*[:：]?",
    re.I,
)
_LANG = re.compile(rb"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?)", re.I)


def read(data: bytes | str, *, path: Path | None = None, url: str | None = None,
         fetch: Callable[[str], bytes] | None = None) -> Brief:
    """Read a saved page (its pictures from disk beside it; remote ones are never
    fetched) or, with ``url``, a fetched one (its pictures through ``fetch``)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    text = data if isinstance(data, str) else _decode_html(raw)
    if "<" not in text[:_HEAD] and "<" not in text:
        raise SourceError("not an HTML page")
    doc = _extract(text, url)
    body = getattr(doc, "body", None) if doc is not None else None
    if body is not None and _swallowed_by_layout_table(body):
        unwrapped = _unwrap_layout_tables(text)
        again = _extract(unwrapped, url) if unwrapped else None
        if again is not None and unwrapped and getattr(again, "body", None) is not None:
            doc, body, text = again, again.body, unwrapped
    if body is None or len(collapse(" ".join(body.itertext()))) < _LEAST_ARTICLE:
        raise SourceError("no article found in the page")
    assert doc is not None  # a body was found in it
    title = collapse(doc.title or "")
    stream = _blocks(body)
    tree = _page_tree(text)
    # a saved page's pictures are the files saved with it: never anything else on the disk
    figures = Figures(path.parent if path is not None else None, confined=True, fetch=fetch if url else None)
    if tree is not None:
        stream = _restore_tables(tree, _restore_headings(tree, stream, title), url or doc.url)
        stream += _article_tail(tree, stream, url or doc.url)
        stream = place_figures(tree, stream, figures, url)
    if stream and isinstance(stream[0], Heading) and (not title or _same(stream[0].title, title)):
        title = title or stream[0].title
        stream = stream[1:]
    stream = rank_headings(conv.find_quotes(conv.attach_lead_ins(_without_related(stream))))
    stream, sources = conv.take_sources(stream)
    if not sources and tree is not None:
        sources = _page_sources(tree, stream, url or doc.url)
    lead, sections = sectionize(stream)
    if not (lead or sections):
        raise SourceError("no article found in the page")
    match = _LANG.search(raw[:_HEAD])
    canonical = _canonical(tree) if tree is not None else None  # a saved page's address; a fetched one's is url
    meta = Meta(
        title=title,
        date=doc.date or None,
        authors=tuple(a.strip() for a in re.split(r";|\band\b", doc.author or "") if a.strip()),
        publisher=collapse(doc.sitename or "") or None,
        url=url or canonical or doc.url or None,
        language=(doc.language or (match[1].decode() if match else "") or "en").lower(),
        source_path=str(path) if path else None,
    )
    return Brief(meta=meta, lead=lead, sections=sections, sources=tuple(sources), warnings=figures.warnings(),
                 picture_files=tuple(figures.files))


def _extract(text: str, url: str | None):
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return trafilatura.bare_extraction(
            text, url=url, include_tables=True, include_formatting=True, include_links=True,
            include_images=False, include_comments=False, with_metadata=True, favor_recall=True,
            output_format="python",
        )


def _swallowed_by_layout_table(body) -> bool:
    """trafilatura returned the article as one table cell: the page lays itself out
    with a table (old news sites do)."""
    cells = [collapse(" ".join(c.itertext())) for c in body.iter("cell")]
    text = collapse(" ".join(body.itertext()))
    return any(len(c) > 0.5 * len(text) and len(c) > _LAYOUT_CELL for c in cells)


def _unwrap_layout_tables(page: str) -> str | None:
    """The page with every table that holds headings turned into plain blocks, so
    the article inside can be found; data tables (no headings in them) stay, and
    blockquotes used to indent them become plain blocks too."""
    from lxml import etree, html

    try:
        tree = html.document_fromstring(page, parser=html.HTMLParser(no_network=True, remove_comments=True))
    except (etree.ParserError, ValueError):
        return None
    layout = [t for t in tree.iter("table") if next(t.iter("h1", "h2", "h3", "h4", "h5", "h6"), None) is not None]
    for table in layout:
        for element in table.iter("table", "tbody", "thead", "tfoot", "tr", "td", "th"):
            if element is table or not any(t is element for t in _data_tables(table)):
                element.tag = "div"
    for quote in tree.iter("blockquote"):  # such pages indent tables with blockquotes
        if next(quote.iter("table"), None) is not None:
            quote.tag = "div"
    return html.tostring(tree, encoding="unicode") if layout else None


def _data_tables(layout):
    """Tables nested in a layout table that hold no headings, and their parts."""
    for inner in layout.iter("table"):
        if inner is not layout and next(inner.iter("h1", "h2", "h3", "h4", "h5", "h6"), None) is None:
            yield from inner.iter()


def _decode_html(raw: bytes) -> str:
    """Bytes to text by the page's declared charset, else as other text sources."""
    head = raw[:_HEAD].decode("ascii", "replace")
    match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", head, re.I)
    if match:
        try:
            return raw.decode(match[1], errors="replace")
        except LookupError:
            pass
    return decode_text(raw)


def _same(a: str, b: str) -> bool:
    return collapse(a).casefold() == collapse(b).casefold()


def heading_text(text: str) -> str:
    """A heading without the marks sites put after it: a wiki's ``[edit]`` link and a
    permalink's ``¶``, ``§``, ``#`` or 🔗 (Sphinx, MkDocs, Jekyll); ``C#`` keeps its sign."""
    text = collapse(text)
    while (bare := _PERMALINK.sub("", _EDIT_LINK.sub("", text)).rstrip()) != text:
        text = bare
    return text


def _without_related(stream: list[Flat]) -> list[Flat]:
    """The article without the "More from …", "Related", "Read next" blocks at its
    end: a heading or a label of that kind and the headline links under it."""
    end = len(stream)
    while end:
        links = end
        while links and _links_only(stream[links - 1]):
            links -= 1
        before = stream[links - 1] if links else None
        related_heading = isinstance(before, Heading) and _RELATED.fullmatch(before.title) and links < end
        if related_heading or (isinstance(before, Paragraph) and _labelled_links(before)):
            end = links - 1
        else:
            break
    return stream[:end]


def _links_only(block: Flat) -> bool:
    """A paragraph or list that is nothing but headline links."""
    if isinstance(block, ListBlock):
        return all(_links_only(Paragraph(item.inlines)) and not item.items for item in block.items)
    if not isinstance(block, Paragraph):
        return False
    return all(isinstance(s, Link) or not s.text.strip(" |·•,") for s in block.inlines) and any(
        isinstance(s, Link) for s in block.inlines
    )


def _labelled_links(block: Paragraph) -> bool:
    """``Read next: <a headline link>``."""
    match = _RELATED.match(block.text)
    if not match or match.end() == 0:
        return False
    rest = slice_inlines(block.inlines, match.end(), len(block.text))
    return bool(rest) and _links_only(Paragraph(rest))


def _blocks(element) -> list[Flat]:
    out: list[Flat] = []
    for child in element:
        tag = child.tag
        if tag == "head":
            text = heading_text(" ".join(child.itertext()))
            if text:
                level = child.get("rend", "h2")[1:]
                out.append(Heading(text, int(level) if level.isdigit() else 2))
        elif tag == "p":
            spans = _inlines(child)
            if spans:
                out.append(Paragraph(spans))
        elif tag == "list":
            block = _list(child)
            if block.items:
                out.append(block)
        elif tag == "table":
            table = _table(child)
            if table is not None:
                out.append(table)
        elif tag == "quote":
            spans = _inlines(child)
            if spans:
                out.append(_quote(spans))
        elif tag == "code":
            text = "".join(child.itertext()).strip()
            if text:
                out.append(Paragraph((Code(collapse(text)),)))
        elif tag in ("div", "section", "body"):
            out.extend(_blocks(child))
        else:
            text = collapse(" ".join(child.itertext()))
            if text:
                out.append(Paragraph.of(text))
    return out


def _inlines(element) -> tuple[Inline, ...]:
    """Text, emphasis and links of an element; nested lists and tables left out."""
    spans: list[Inline] = []

    def walk(node, style: str | None, href: str | None) -> None:
        if node.text:
            spans.append(_span(node.text, style, href))
        for child in node:
            tag = child.tag
            if tag in ("list", "table"):
                pass
            elif tag == "hi":
                rend = child.get("rend", "")
                inner = "b" if "b" in rend else "i" if "i" in rend else style
                walk(child, inner, href)
            elif tag == "ref":
                walk(child, style, child.get("target") or href)
            elif tag == "code":
                spans.append(Code(collapse("".join(child.itertext()))))
            elif tag == "lb":
                spans.append(Text(" "))
            else:
                walk(child, style, href)
            if child.tail:
                spans.append(_span(child.tail, style, href))

    walk(element, None, None)
    cleaned = [s for s in spans if s.text]
    collapsed = normalize_inlines(tuple(cleaned))
    return collapsed if "".join(s.text for s in collapsed).strip() else ()


def _span(text: str, style: str | None, href: str | None) -> Inline:
    text = re.sub(r"\s+", " ", text)
    if href and href.startswith(("http://", "https://", "mailto:")):
        return Link(text, href)
    return Strong(text) if style == "b" else Emph(text) if style == "i" else Text(text)


def _list(element) -> ListBlock:
    ordered = element.get("rend", "") == "ol"
    items: list[Item] = []
    term: str | None = None
    for item in element.findall("item"):
        rend = item.get("rend", "")
        if rend.startswith("dt"):
            term = collapse(" ".join(item.itertext())) or None
            continue
        nested: list[Item] = []
        for sub in item.iter("list"):
            if sub is not item:
                nested.extend(_list(sub).items)
                break
        spans = _inlines(item)
        if not spans and not nested and not term:
            continue
        if term is None and (bold := split_bold_term(spans)):
            term, spans = bold
        items.append(Item(inlines=spans, term=term, items=tuple(nested)))
        term = None
    if term:
        items.append(Item(inlines=(), term=term))
    return ListBlock(tuple(items), ordered)


def _table(element) -> Table | None:
    rows: list[list[Inlines]] = []
    header: list[Inlines] = []
    caption = None
    found = [r for r in element.findall("row") if any(collapse(" ".join(c.itertext())) for c in r.findall("cell"))]
    width = max((len(r.findall("cell")) for r in found), default=0)
    for n, row in enumerate(found):
        cells = row.findall("cell")
        spans = [_inlines(c) for c in cells]
        filled = [plain(c) for c in spans if c]
        if n == 0 and width > 1 and len(filled) == 1 and len(found) > 2:
            caption = filled[0]  # a <caption> comes out as a first row
        elif not rows and not header and cells and all(c.get("role") == "head" for c in cells):
            header = spans
        else:
            rows.append(spans)
    if not rows and not header:
        return None
    if not rows:
        header, rows = [], [header]
    return Table(tuple(header), tuple(tuple(r) for r in rows), caption)


def _quote(spans: Inlines) -> Quote:
    found = conv.quotation(spans)
    if found:
        speaker, role = split_role_name(found.who) if found.who else (None, None)
        return Quote(found.inlines, speaker, role)
    trailing = conv.trailing_attribution(spans)
    if trailing:
        speaker, role = split_role_name(trailing[1])
        return Quote(trailing[0], speaker, role)
    return Quote(spans)


_RELATED_HEADING = re.compile(r"^(?:related|recommended|more from|more stories|most popular|you may also)\b", re.I)
_FURNITURE_TAGS = frozenset({"nav", "aside", "footer", "form"})
_FURNITURE_NAMES = re.compile(r"related|recommend|sidebar|menu|\btoc\b|breadcrumb|promo", re.I)


def _furniture(heading) -> bool:
    """A page heading in the page's furniture: navigation, a sidebar, a table of
    contents, a "Related" or "Recommended" box (other articles' headlines)."""
    text = heading_text(heading.text_content())
    if _RELATED.fullmatch(text) or _RELATED_HEADING.match(text):
        return True
    for element in heading.iterancestors():
        if element.tag in _FURNITURE_TAGS:
            return True
        if _FURNITURE_NAMES.search(f"{element.get('class', '')} {element.get('id', '')}"):
            return True
    return False


def _next_paragraph(heading, starts: dict[str, int]) -> int | None:
    """The index in the stream of the first paragraph with words after a page heading
    (an image's paragraph, or an empty one, is passed over)."""
    following = heading.xpath("following::p[normalize-space()][1]")
    return starts.get(start_key(following[0].text_content())) if following else None


def _canonical(tree) -> str | None:
    """The page's canonical address: ``<link rel="canonical">``, else ``og:url``
    (an absolute ``http(s)`` address; a relative one has nothing to resolve against)."""
    rel = "concat(' ', normalize-space(translate(@rel, 'CANONIL', 'canonil')), ' ')"
    found = tree.xpath(f"//link[contains({rel}, ' canonical ')]/@href")
    found = found or tree.xpath("//meta[@property='og:url' or @name='og:url']/@content")
    return next((a for href in found if (a := collapse(href)).startswith(("http://", "https://"))), None)


def _page_tree(page: str):
    """The whole page parsed with lxml (offline, comments left out), or None."""
    from lxml import etree, html

    try:
        return html.document_fromstring(page, parser=html.HTMLParser(no_network=True, remove_comments=True))
    except (etree.ParserError, ValueError):
        return None


def _restore_headings(tree, stream: list[Flat], title: str) -> list[Flat]:
    """Put back the article headings trafilatura dropped: a page heading whose next
    paragraph is in the article goes right before that paragraph."""
    have = {normal_key(b.title) for b in stream if isinstance(b, Heading)} | {normal_key(title)}
    titled = normal_key(title)
    starts: dict[str, int] = {}
    for n, block in enumerate(stream):
        if isinstance(block, Paragraph):
            starts.setdefault(start_key(block.text), n)
    inserts: dict[int, list[Heading]] = {}
    headings = list(tree.iter("h1", "h2", "h3", "h4", "h5", "h6"))
    related = {id(element) for element in headings if _furniture(element)}
    page_order: dict[str, int] = {}
    for n, element in enumerate(headings):
        page_order.setdefault(normal_key(heading_text(element.text_content())), n)
    for n, element in enumerate(headings):
        text = heading_text(element.text_content())
        key = normal_key(text)
        if not text or len(text) > _LONGEST_HEADING or key in have or id(element) in related:
            continue
        if titled.startswith(f"{key} ") or titled.endswith(f" {key}"):
            continue  # the headline, where the title adds the site's name
        found = _next_paragraph(element, starts)
        # before the article's headings that come after it on the page (a dropped
        # headline above a kept standfirst), never between them
        while (found and isinstance(prev := stream[found - 1], Heading)
               and page_order.get(normal_key(prev.title), -1) > n):
            found -= 1
        if found is None or (found and isinstance(stream[found - 1], Heading)):
            continue
        inserts.setdefault(found, []).append(Heading(text, int(element.tag[1])))
        have.add(normal_key(text))
    speakers = _blockquote_speakers(tree)
    if speakers:
        stream = [
            _attributed(b, speakers) if isinstance(b, Paragraph | Quote) else b for b in stream
        ]
    if not inserts:
        return stream
    out: list[Flat] = []
    for n, block in enumerate(stream):
        out.extend(inserts.get(n, ()))
        out.append(block)
    return out


_TAIL_BLOCKS = 12  # blocks: an author's note or a closing section, not a second article


def _article_tail(tree, stream: list[Flat], base_url: str | None) -> list[Flat]:
    """A headed section at the end of the page's ``<article>`` (an "About the
    author" note) that the extractor dropped: the headings and paragraphs after
    the article's last paragraph, inside the same ``<article>`` element."""
    last = next((b for b in reversed(stream) if isinstance(b, Paragraph)), None)
    if last is None:
        return []
    key = start_key(last.text)
    ends = [p for p in tree.iter("p") if key and start_key(p.text_content()) == key]
    article = next((a for a in ends[-1].iterancestors("article")), None) if ends else None
    if article is None:
        return []
    have = {normal_key(b.title) for b in stream if isinstance(b, Heading)}
    have |= {start_key(b.text) for b in stream if isinstance(b, Paragraph)}
    out: list[Flat] = []
    after = False
    for element in article.iter("p", "h1", "h2", "h3", "h4", "h5", "h6"):
        if element is ends[-1]:
            after = True
            continue
        if not after or any(a.tag in _FURNITURE_TAGS for a in element.iterancestors()):
            continue
        text = heading_text(element.text_content())
        if not text or start_key(text) in have:
            continue
        if element.tag == "p":
            out.append(Paragraph(_page_inlines(element, base_url)))
        elif not _furniture(element):
            out.append(Heading(text, int(element.tag[1])))
    while out and isinstance(out[-1], Heading):  # a heading with nothing under it heads a box of links
        out.pop()
    if not any(isinstance(b, Heading) for b in out) or len(out) > _TAIL_BLOCKS:
        return []
    return out


def _page_sources(tree, stream: list[Flat], base_url: str | None) -> list[Source]:
    """A closing sources section the extractor dropped (a ``Sources & links`` heading
    and a list of links right after the article's last paragraph), taken from the page."""
    last = next((b for b in reversed(stream) if isinstance(b, Paragraph)), None)
    if last is None:
        return []
    for element in tree.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        if not conv.is_sources_title(heading_text(element.text_content())):
            continue
        before = element.xpath("preceding::p[normalize-space()][1]")
        after = element.xpath("following-sibling::*[1]")
        if not before or not after or after[0].tag not in ("ul", "ol"):
            continue
        if start_key(before[0].text_content()) != start_key(last.text):
            continue
        items = tuple(Item(inlines=spans) for li in after[0].iter("li") if (spans := _page_inlines(li, base_url)))
        return conv.block_sources(ListBlock(items)) if items else []
    return []


def _blockquote_speakers(tree) -> dict[str, str]:
    """Quotation text (as a key) -> who said it, from blockquotes' footer or cite."""
    out: dict[str, str] = {}
    for quote in tree.iter("blockquote"):
        who = [collapse(e.text_content()) for e in quote.iter("footer", "cite") if collapse(e.text_content())]
        if not who:
            continue
        for element in list(quote.iter("footer", "cite")):
            if element.getparent() is not None:
                element.drop_tree()
        out[start_key(quote.text_content())] = who[0].lstrip("—–-― ").strip()
    return out


def _attributed(block, speakers: dict[str, str]):
    text = block.text
    who = speakers.get(start_key(text))
    if who is None or (isinstance(block, Quote) and block.speaker):
        return block
    speaker, role = split_role_name(who)
    body = conv.quotation(block.inlines)
    return Quote(body.inlines if body else block.inlines, speaker, role)


def _restore_tables(tree, stream: list[Flat], base_url: str | None) -> list[Flat]:
    """Table cells with their links and formatting, from the page: trafilatura
    leaves out a cell whose text is all a link. A table of the page whose every
    cell trafilatura kept has the same text, row by row, replaces its cells."""
    tables = [b for b in stream if isinstance(b, Table)]
    if not tables:
        return stream
    page_tables = []
    for element in tree.iter("table"):
        rows = [[c for c in tr if c.tag in ("td", "th")] for tr in element.iter("tr")]
        rows = [r for r in rows if any(collapse(c.text_content()) for c in r)]
        if rows:
            page_tables.append(rows)
    out = []
    for block in stream:
        if isinstance(block, Table):
            block = _with_page_cells(block, page_tables, base_url)
        out.append(block)
    return out


def _with_page_cells(table: Table, page_tables: list, base_url: str | None) -> Table:
    rows = [table.header, *table.rows] if table.header else list(table.rows)
    for page_rows in page_tables:
        if len(page_rows) != len(rows) or any(len(p) != len(r) for p, r in zip(page_rows, rows, strict=True)):
            continue
        if all(not plain(cell) or normal_key(plain(cell)) == normal_key(collapse(page.text_content()))
               for page_row, row in zip(page_rows, rows, strict=True)
               for page, cell in zip(page_row, row, strict=True)):
            cells = [tuple(_page_inlines(c, base_url) for c in page_row) for page_row in page_rows]
            header = cells[0] if table.header else ()
            return Table(header, tuple(cells[1:] if table.header else cells), table.caption)
    return table


_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.I)
_ITALIC_STYLE = re.compile(r"font-style\s*:\s*italic", re.I)


def _page_inlines(element, base_url: str | None) -> Inlines:
    """The inlines of an element of the page: links (made absolute against the
    page's address), bold and italic by tag or style, code; nested tables left out."""
    from urllib.parse import urljoin

    spans: list[Inline] = []

    def walk(node, style: str | None, href: str | None) -> None:
        if node.text:
            spans.append(_span(node.text, style, href))
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else ""
            inner, target = style, href
            css = child.get("style", "")
            if tag in ("b", "strong") or _BOLD_STYLE.search(css):
                inner = "b"
            elif tag in ("i", "em") or _ITALIC_STYLE.search(css):
                inner = inner or "i"
            if tag == "a" and child.get("href"):
                link = child.get("href", "")
                target = urljoin(base_url, link) if base_url else link
            if tag in ("table", "script", "style"):
                pass
            elif tag == "code":
                spans.append(Code(collapse(child.text_content())))
            elif tag == "br":
                spans.append(Text(" "))
            else:
                walk(child, inner, target)
            if child.tail:
                spans.append(_span(child.tail, style, href))

    walk(element, None, None)
    return normalize_inlines(tuple(s for s in spans if s.text))
