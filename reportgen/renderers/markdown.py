"""The brief as Markdown (CommonMark with pipe tables), which reportgen reads back.

This class writes the body, one method per node type; the template's
``document.md.j2`` wraps it with front matter, key points, glossary and sources.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import assert_never

from ..images import ImageRefused
from ..links import anchors, link_target, safe_url
from ..model import (
    Block,
    Brief,
    Code,
    Emph,
    Figure,
    Inlines,
    Item,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Section,
    Strong,
    Table,
    Text,
)
from .base import Remarks, Rendered, Renderer
from .layout import Layout, figure_file

_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~])")
_RULES = {None: "---", "left": ":--", "center": ":-:", "right": "--:"}  # a rule cell per column alignment
_LINE_START = re.compile(r"^(\s*)(\d*)([#>+\-=.)])(?=\s|$)")


def escape(text: str) -> str:
    """Escape what Markdown would otherwise read as markup."""
    text = _SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: f"{m.group(1)}{m.group(2)}\\{m.group(3)}", text)


def inlines(spans: Inlines, in_table: bool = False, target: Callable[[str], str | None] = safe_url) -> str:
    """Inline spans as Markdown: the one place formatting is written. A link whose
    ``target`` is None (one a brief may not carry) is written as its text. In a
    table cell a pipe splits cells even inside code, unless escaped (GFM), so code
    and link targets escape it."""
    out: list[str] = []
    for k, span in enumerate(spans):
        before = spans[k - 1].text[-1:] if k else ""
        following = spans[k + 1] if k + 1 < len(spans) else None
        after = following.text[:1] if following else ""
        match span:
            case Text(text=text):
                out.append(escape(text))
            case Strong(text=text):
                out.append(_wrap("**", text, before, after))
            case Emph(text=text):
                out.append(_wrap("*", text, before, after))
            case Code(text=text):
                fence = "`" * (max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
                pad = " " if text.startswith("`") or text.endswith("`") else ""
                code = text.replace("|", "\\|") if in_table else text
                out.append(f"{fence}{pad}{code}{pad}{fence}")
            case Link(text=text, url=url):
                to = target(url)
                if to is None:
                    out.append(escape(text))
                else:
                    to = to.replace(">", "%3E").replace(" ", "%20")
                    out.append(f"[{escape(text)}](<{to.replace('|', '%7C') if in_table else to}>)")
            case _:
                assert_never(span)
        if isinstance(following, Link) and out[-1].endswith("!"):
            out[-1] = out[-1][:-1] + "\\!"  # "![" would open an image
    return "".join(out)


def _wrap(mark: str, text: str, before: str, after: str) -> str:
    """Emphasis marks must touch the text, so surrounding spaces go outside them.

    CommonMark cannot open emphasis on punctuation right after a letter (``a**:**``)
    or close it before one; such a span is written as plain text rather than as
    stray asterisks.
    """
    core = text.strip()
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    opens = not _punct(core[0]) or lead or not before or before.isspace() or _punct(before)
    closes = not _punct(core[-1]) or trail or not after or after.isspace() or _punct(after)
    if not (opens and closes):
        return escape(text)
    return f"{lead}{mark}{escape(core)}{mark}{trail}"


def _punct(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


class MarkdownRenderer(Renderer):
    name = "md"
    extension = ".md"
    binary = False

    def render(self, brief: Brief) -> Rendered:
        self.captions = Layout.of(brief, self.template, self.options).captions()
        self.remarks = Remarks()
        self._anchor_names = frozenset(anchors(brief.sections).values())  # "#name" links to headings stay links
        self._marks = ("-", ".")
        self._files: dict[str, bytes] = {}
        parts = self._blocks(brief.lead)
        parts.extend(self.section(s, 2) for s in brief.sections)
        body = "\n\n".join(p for p in parts if p)
        meta = brief.meta
        text = self.template.render(
            "document.md",
            meta=meta,
            marking=self.options.marking or meta.marking,
            title_md=escape(meta.title),
            subtitle_md=escape(meta.subtitle or ""),
            key_points=[self._inlines(p) for p in brief.key_points],
            body=body,
            notes=[self._inlines(n) for n in brief.notes],
            glossary=[
                {"term": escape(g.term), "expansion": escape(g.expansion)} for g in brief.glossary
            ],
            sources=[
                escape(s.name) + (f" <{url}>" if (url := self._source_url(s.url)) and s.url != s.name else "")
                for s in brief.sources
            ],
        )
        return Rendered(re.sub(r"\n{3,}", "\n\n", text).strip() + "\n", self.remarks.warnings(),
                        files=tuple(self._files.items()))

    def _target(self, url: str) -> str | None:
        """Where a link goes (``link_target``); one it may not go is told in a warning."""
        to = link_target(url, self._anchor_names)
        if to is None:
            self.remarks.link(url)
        return to

    def _source_url(self, url: str | None) -> str | None:
        safe = safe_url(url)
        if url and safe is None:
            self.remarks.link(url)
        return safe

    def _inlines(self, spans: Inlines, in_table: bool = False) -> str:
        return inlines(spans, in_table, self._target)

    def section(self, section: Section, level: int) -> str:
        parts = [f"{'#' * min(level, 6)} {escape(section.title)}"]
        if section.subtitle:
            parts.append(f"*{escape(section.subtitle)}*")
        parts.extend(self._blocks(section.blocks))
        parts.extend(self.section(s, level + 1) for s in section.sections)
        return "\n\n".join(parts)

    def _blocks(self, blocks: tuple[Block, ...]) -> list[str]:
        """Render blocks in order; a list right after another list switches its marker
        (``-``/``+``, ``1.``/``1)``), or Markdown would read the two as one."""
        out: list[str] = []
        for k, block in enumerate(blocks):
            prev = blocks[k - 1] if k else None
            follows = isinstance(block, ListBlock) and isinstance(prev, ListBlock) and not block.title
            if not follows:
                self._marks = ("-", ".")
            elif prev.ordered == block.ordered:  # type: ignore[union-attr]
                self._marks = ("+", ")") if self._marks == ("-", ".") else ("-", ".")
            out.append(self.block(block))
        return out

    def paragraph(self, block: Paragraph) -> str:
        return self._inlines(block.inlines)

    def list_block(self, block: ListBlock) -> str:
        lines = [f"{escape(block.title)}:", ""] if block.title else []
        lines.extend(self._items(block.items, block.ordered, ""))
        return "\n".join(lines)

    def _items(self, items: tuple[Item, ...], ordered: bool, pad: str) -> list[str]:
        lines: list[str] = []
        for n, item in enumerate(items, 1):
            marker = f"{n}{self._marks[1]}" if ordered else self._marks[0]
            term = f"**{escape(item.term)}**: " if item.term else ""
            lines.append(f"{pad}{marker} {term}{self._inlines(item.inlines)}")
            lines.extend(self._items(item.items, ordered, pad + " " * (len(marker) + 1)))
        return lines

    def table(self, block: Table) -> str:
        width = block.width
        lines = [f"{self.captions.number('table').rstrip('.')}: {escape(block.caption)}", ""] if block.caption else []
        for n, row in enumerate([block.header, *block.rows]):
            cells = [self._inlines(c, in_table=True) for c in row] + [""] * (width - len(row))
            lines.append("| " + " | ".join(cells) + " |")
            if n == 0:
                lines.append("|" + "|".join(_RULES[block.alignment(c)] for c in range(width)) + "|")
        return "\n".join(lines)

    def figure(self, block: Figure) -> str:
        """``![alt](images/….png "caption")``, the picture written beside the Markdown;
        the credit follows as an italic line, which the reader takes back."""
        try:
            found = figure_file(block.src)
        except ImageRefused as exc:
            self.remarks.picture(block.alt, exc)
            return ""
        self._files.setdefault(*found)
        title = escape(block.caption or "").replace('"', '\\"')
        line = f"![{escape(block.alt)}]({found[0]}" + (f' "{title}"' if title else "") + ")"
        return line + (f"\n*{escape(block.credit)}*" if block.credit else "")

    def quote(self, block: Quote) -> str:
        lines = [f"> {self._inlines(block.inlines)}"]
        who = ", ".join(escape(x) for x in (block.speaker, block.role) if x)
        if who:
            lines += [">", f"> — {who}"]
        return "\n".join(lines)
