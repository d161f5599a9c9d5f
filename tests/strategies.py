"""Hypothesis strategies that build valid Briefs of every shape."""

from __future__ import annotations

from hypothesis import strategies as st

from reportgen.model import (
    Brief,
    Code,
    Emph,
    GlossaryEntry,
    Item,
    Link,
    ListBlock,
    Meta,
    Paragraph,
    Quote,
    Section,
    Source,
    Strong,
    Table,
    Text,
    collapse,
    normalize_inlines,
)
from reportgen.readers._conventions import attribution_line, sources_label

# Letters of several scripts, digits, punctuation, and the characters that
# break naive renderers (&, <, >, braces, quotes, backslashes).
_ALPHABET = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    + list(" .,;:!?-–—'\"“”‘’()[]{}<>&%$#*/\\|_~^@")
    + list("éüßçñøåœ")
    + list("αβγδΩЖжДдЯя")
    + list("日本語の文字「」・。")
)

words = st.text(_ALPHABET, min_size=1, max_size=40).map(collapse).filter(bool)
short = st.text(_ALPHABET, min_size=1, max_size=15).map(collapse).filter(bool)
# People, sources and glossary terms are named in letters and digits ("A:" or ";" name nothing).
_NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ÅéçŁΣДж東京"
names = st.tuples(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), st.text(_NAME_CHARS, max_size=14)).map(
    lambda p: collapse(p[0] + p[1])
)
# Link targets and article addresses as real inputs carry them: full URLs, bare hosts
# ("example.org"), international names, long queries, anchors, mail addresses, and
# targets a brief must not carry as links.
urls = st.one_of(
    st.from_regex(r"https://example\.org/[a-z0-9/_-]{0,20}", fullmatch=True),
    st.from_regex(r"(?:www\.)?[a-z]{1,12}\.(?:org|com|co\.uk)(?:/[a-z0-9-]{1,12})?", fullmatch=True),
    st.text("abcdefghijklmnopqrstuvwxyz0123456789=&-_", min_size=200, max_size=2500).map(
        lambda q: f"https://example.org/search?q={q}"),
    st.sampled_from([
        "https://bücher.example/über-uns", "https://例え.jp/記事?id=3", "http://example.org:8080/a#part",
        "mailto:desk@example.org", "#section-2", "#", "javascript:alert(1)", "file:///etc/passwd",
        "data:text/html,hi", "pdf://host/share/doc.pdf", "smb://host/share", "document:1", "ftp://example.org",
        "//example.org/no-scheme", "https://", "https://exa mple.org",
    ]),
)

inline = st.one_of(
    words.map(Text),
    words.map(Strong),
    words.map(Emph),
    words.map(Code),
    st.builds(Link, words, urls),
)
inlines = st.lists(inline, min_size=1, max_size=5).map(lambda xs: normalize_inlines(tuple(xs))).filter(bool)

# A paragraph in italics alone under a heading reads as its kicker, and one that
# starts with a dash after a quotation as its attribution (DESIGN.md); generated
# paragraphs are neither, since the text could not tell them apart.
paragraphs = st.builds(Paragraph, inlines).filter(
    lambda p: not all(isinstance(s, Emph) for s in p.inlines) and not attribution_line(p)
)
# An item that opens in bold followed by more text reads as "**Term**: text"
# (DESIGN.md), so generated items open in bold only when they are all bold.
item_inlines = inlines.filter(lambda spans: not (isinstance(spans[0], Strong) and len(spans) > 1))
items = st.recursive(
    st.builds(Item, item_inlines, st.none() | names, st.just(())),
    lambda children: st.builds(Item, item_inlines, st.none() | names, st.lists(children, max_size=3).map(tuple)),
    max_leaves=8,
)
# A list titled "Sources:" at the end of an article is its sources (DESIGN.md).
titles = names.filter(lambda t: not sources_label(t))
lists = st.builds(ListBlock, st.lists(items, min_size=1, max_size=5).map(tuple), st.booleans(), st.none() | titles)
cell_inlines = st.lists(inline, min_size=1, max_size=3).map(lambda xs: normalize_inlines(tuple(xs)))
cells = st.lists(cell_inlines | st.just(()), min_size=1, max_size=5).map(tuple)
tables = st.builds(Table, cells.filter(any) | st.just(()), st.lists(cells, min_size=1, max_size=6).map(tuple),
                   st.none() | titles)
quotes = st.builds(Quote, inlines, st.none() | names, st.none() | names).map(
    lambda q: q if q.speaker else Quote(q.inlines)  # a role belongs to a speaker
)
blocks = st.one_of(paragraphs, lists, tables, quotes)

sections = st.recursive(
    st.builds(Section, short, st.none() | short, st.lists(blocks, max_size=4).map(tuple), st.just(())),
    lambda children: st.builds(
        Section, short, st.none() | short, st.lists(blocks, max_size=3).map(tuple),
        st.lists(children, max_size=3).map(tuple),
    ),
    max_leaves=6,
)

meta = st.builds(
    Meta,
    title=short,
    subtitle=st.none() | short,
    date=st.none() | st.dates().map(lambda d: d.isoformat()),
    authors=st.lists(short, max_size=3).map(tuple),
    publisher=st.none() | short,
    url=st.none() | urls,
    language=st.sampled_from(["en", "ja", "de", "en-GB", "fr", "zh-TW", "ko"]),
    marking=st.none() | short,
    source_path=st.none() | st.just("sources/example.txt"),
)

briefs = st.builds(
    Brief,
    meta=meta,
    key_points=st.lists(inlines, max_size=5).map(tuple),
    lead=st.lists(blocks, max_size=4).map(tuple),
    sections=st.lists(sections, max_size=4).map(tuple),
    sources=st.lists(st.builds(Source, names, st.none() | urls), max_size=4).map(tuple),
    glossary=st.lists(st.builds(GlossaryEntry, names, words), max_size=4).map(tuple),
    notes=st.lists(inlines, max_size=3).map(tuple),
)
