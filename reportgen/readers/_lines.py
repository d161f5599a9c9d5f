"""Scraped plain text, line by line: what each line is, and the blocks runs of lines make.

The scanner knows shapes, not meaning: list items (a marker may stand alone on
its line), pipe and tab-separated tables, Markdown ``#`` and underlined
headings, and runs of prose lines. Deciding which prose line is a heading
needs the lines around it, and happens in ``text.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from ..model import Item, ListBlock, Table, collapse, normalize_inlines
from ..prose import link_inlines, split_term

_BULLET = re.compile(r"^(?P<indent>\s*)(?P<marker>[-*+•・◦▪●‣∙·])(?:\s+(?P<text>\S.*)|\s*$)")
_BULLET_TIGHT = re.compile(r"^(?P<indent>\s*)(?P<marker>[•・◦▪●‣])(?P<text>\S.*)$")
_ORDERED = re.compile(
    r"^(?P<indent>\s*)(?P<marker>\(?(?:\d{1,3}|[a-z]|[ivx]{1,5})[.)]|\(\d{1,3}\)|\([a-z]\)|[A-Z]\))"
    r"(?:\s+(?P<text>\S.*)|\s*$)"
)
_SECTION_NUMBER = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2})+)\.?\s+(?P<text>\S.*)$")
_MD_HEADING = re.compile(r"^\s{0,3}(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
_UNDERLINE = re.compile(r"^\s*(?:={3,}|-{3,})\s*$")
_RULE = re.compile(r"^\s*(?:(?:\*\s*){3,}|(?:_\s*){3,}|(?:-\s*){3,}|(?:=\s*){3,})$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")


class LineKind(Enum):
    """What a line's shape says it is."""

    BLANK = "blank"
    TEXT = "text"
    BULLET = "bullet"  # - item, • item, ・item
    ORDERED = "ordered"  # 1. item, a) item, (iv) item
    NUMBER = "number"  # 2.1 Section heading
    MD_HEADING = "mdhead"  # ## Heading
    UNDERLINE = "underline"  # ===== or ----- under a heading
    RULE = "rule"  # * * *
    PIPE = "pipe"  # | a | b |
    TABLE_RULE = "tablerule"  # |---|:--:|
    TAB = "tab"  # cells\tseparated\tby tabs


LIST_KINDS = frozenset({LineKind.BULLET, LineKind.ORDERED})


@dataclass(slots=True)
class Line:
    """One source line and what its shape says it is."""

    kind: LineKind
    text: str
    indent: int = 0
    marker: str = ""
    level: int = 0


def classify(raw: str) -> Line:
    line = raw.rstrip()
    indent = len(line) - len(line.lstrip())
    if not line.strip():
        return Line(LineKind.BLANK, "")
    if _TABLE_RULE.match(line) and "|" in line and ("--" in line or ":-" in line or "-:" in line):
        return Line(LineKind.TABLE_RULE, line.strip())
    if m := _MD_HEADING.match(line):
        return Line(LineKind.MD_HEADING, m["text"], indent, level=len(m["hashes"]))
    if _UNDERLINE.match(line):
        return Line(LineKind.UNDERLINE, line.strip(), indent, level=1 if "=" in line else 2)
    if _RULE.match(line):
        return Line(LineKind.RULE, line.strip(), indent)
    if (m := _SECTION_NUMBER.match(line.strip())) and "\t" not in m["text"]:
        return Line(LineKind.NUMBER, m["text"], indent, marker=m["number"], level=m["number"].count(".") + 1)
    if m := (_BULLET.match(line) or _BULLET_TIGHT.match(line)):
        return Line(LineKind.BULLET, (m["text"] or "").strip(), indent, marker=m["marker"])
    if m := _ORDERED.match(line):
        return Line(LineKind.ORDERED, (m["text"] or "").strip(), indent, marker=m["marker"])
    if "|" in line and len(split_pipe_row(line)) >= 2:
        return Line(LineKind.PIPE, line.strip(), indent)
    if "\t" in line.strip() and len([c for c in line.split("\t") if c.strip()]) >= 2:
        return Line(LineKind.TAB, line.strip("\n"), indent)
    return Line(LineKind.TEXT, collapse(line), indent)


def split_pipe_row(line: str) -> list[str]:
    cells = [collapse(c) for c in re.split(r"(?<!\\)\|", line.strip())]
    if cells and cells[0] == "" and line.strip().startswith("|"):
        cells = cells[1:]
    if cells and cells[-1] == "" and line.strip().endswith("|"):
        cells = cells[:-1]
    return [c.replace("\\|", "|") for c in cells]


class Family(Enum):
    """The family of a list marker: items of one family make one list."""

    BULLET = "bullet"
    DECIMAL = "decimal"
    ALPHA = "alpha"
    UPPER = "upper"


def marker_type(marker: str) -> Family:
    bare = marker.strip("().")
    if marker[0] in "-*+•・◦▪●‣∙·":
        return Family.BULLET
    if bare.isdigit():
        return Family.DECIMAL
    return Family.UPPER if bare.isupper() else Family.ALPHA


# --- lists ----------------------------------------------------------------------

@dataclass(slots=True)
class _OpenItem:
    text: str
    children: list[_OpenList] = field(default_factory=list)

    def close(self, terms: bool) -> Item:
        term, body = split_term(self.text) if terms else (None, self.text)
        nested = tuple(item for sub in self.children for item in sub.close_items())
        return Item(inlines=normalize_inlines(link_inlines(body)), term=term, items=nested)


@dataclass(slots=True)
class _OpenList:
    indent: int
    family: Family
    items: list[_OpenItem] = field(default_factory=list)

    def close_items(self) -> tuple[Item, ...]:
        return tuple(i.close(terms=True) for i in self.items)

    def close(self) -> ListBlock:
        return ListBlock(items=self.close_items(), ordered=self.family != Family.BULLET)


def read_list(lines: list[Line], start: int) -> tuple[ListBlock, int]:
    """Read the list that starts at ``lines[start]``; return it and the index after it.

    A marker alone on its line takes the next non-blank line as its text; a
    deeper indent, or a new marker family under an ordered item (``1)`` then
    ``a)``), opens a nested list; an indented text line continues the item.
    """
    root = _OpenList(lines[start].indent, marker_type(lines[start].marker))
    stack = [root]
    i = start
    while i < len(lines):
        line = lines[i]
        if line.kind == LineKind.BLANK:
            nxt = next_nonblank(lines, i)
            if nxt is None or lines[nxt].kind not in LIST_KINDS:
                break
            if lines[nxt].kind == LineKind.BULLET and lines[nxt].marker != lines[start].marker:
                break  # a different bullet after a blank line starts a new list
            i += 1
            continue
        if line.kind in LIST_KINDS:
            text = line.text
            if not text:  # marker alone: the item text is on the next line
                nxt = next_nonblank(lines, i)
                if nxt is None or lines[nxt].kind != LineKind.TEXT:
                    break
                text, i = lines[nxt].text, nxt
            family = marker_type(line.marker)
            _place(stack, line.indent, family, text)
            i += 1
            continue
        if line.kind == LineKind.TEXT and line.indent > stack[-1].indent and stack[-1].items:
            stack[-1].items[-1].text += " " + line.text
            i += 1
            continue
        break
    return root.close(), i


def _place(stack: list[_OpenList], indent: int, family: Family, text: str) -> None:
    while len(stack) > 1 and indent < stack[-1].indent:
        stack.pop()
    top = stack[-1]
    nest = indent > top.indent
    if indent == top.indent and family != top.family:
        same = [k for k, o in enumerate(stack) if o.family == family and o.indent == indent]
        if same:
            del stack[same[-1] + 1 :]
            top = stack[-1]
        else:
            # "1)" then "a)": letters under a numbered item are its sub-items.
            nest = top.family == Family.DECIMAL and family in (Family.ALPHA, Family.UPPER)
    if nest and top.items:
        sub = _OpenList(indent, family)
        top.items[-1].children.append(sub)
        stack.append(sub)
        top = sub
    top.items.append(_OpenItem(text))


def next_nonblank(lines: list[Line], i: int) -> int | None:
    for j in range(i + 1, len(lines)):
        if lines[j].kind != LineKind.BLANK:
            return j
    return None


# --- tables ---------------------------------------------------------------------


def read_pipe_table(lines: list[Line], start: int) -> tuple[Table | None, int]:
    """A pipe table: rows until the first line that is not a row; a ``---|---`` rule
    line ends the header, and its colons (``:--``, ``:-:``, ``--:``) align the
    columns. Without a rule line the first row is the header when it reads as one."""
    rows: list[list[str]] = []
    header: list[str] = []
    align: tuple[str | None, ...] = ()
    i = start
    while i < len(lines) and lines[i].kind in (LineKind.PIPE, LineKind.TABLE_RULE):
        if lines[i].kind == LineKind.TABLE_RULE:
            if rows and not header:
                header = [" ".join(c for c in col if c) for col in _columns(rows)]
                rows = []
                align = rule_alignment(lines[i].text)
        else:
            rows.append(split_pipe_row(lines[i].text))
        i += 1
    if not header and len(rows) < 2:
        return None, start
    if not header and reads_as_header(rows[0], rows[1:]):
        header, rows = rows[0], rows[1:]
    return _table(header, rows, align), i


def rule_alignment(rule: str) -> tuple[str | None, ...]:
    """The alignments a Markdown rule row's colons give its columns."""
    out: list[str | None] = []
    for cell in split_pipe_row(rule):
        left, right = cell.startswith(":"), cell.endswith(":")
        out.append("center" if left and right else "right" if right else "left" if left else None)
    return tuple(out) if any(out) else ()


_NUMBER = re.compile(r"^[(+\-−–]?[$€£¥]?\s?\d[\d,. \u202f]*(?:%|[kKmMbB]n?|bn)?\)?$")
_BOLD_CELL = re.compile(r"^(\*\*|__)(?P<text>.+)\1$")


def is_number(cell: str) -> bool:
    """A cell that holds a number, an amount or a percentage (``1,250``, ``-4%``, ``€3.2bn``)."""
    return bool(_NUMBER.match(cell.strip()))


def reads_as_header(first: list[str], body: list[list[str]]) -> bool:
    """A first row that is a header: every cell bold, or words over a column of numbers."""
    cells = [c for c in first if c]
    if not cells or not body:
        return False
    if all(_BOLD_CELL.match(c) for c in cells):
        return True
    if any(is_number(c) for c in cells):
        return False
    numeric = [
        c for c in range(len(first))
        if all(c < len(row) and is_number(row[c]) for row in body)
    ]
    return bool(numeric)


def _table(header: list[str], rows: list[list[str]], align: tuple[str | None, ...] = ()) -> Table:
    """A table of plain text cells, their bare URLs made links; a header cell in
    ``**bold**`` loses its asterisks (a header is bold already)."""
    header = [m["text"] if (m := _BOLD_CELL.match(c)) else c for c in header]
    return Table(
        tuple(map(link_inlines, header)),
        tuple(tuple(map(link_inlines, row)) for row in rows),
        align=align,
    )


def _columns(rows: list[list[str]]) -> list[list[str]]:
    width = max(len(r) for r in rows)
    return [[r[c] if c < len(r) else "" for r in rows] for c in range(width)]


def read_tab_table(lines: list[Line], start: int) -> tuple[Table | None, int]:
    """Tab-separated rows (pasted from a spreadsheet); the first row is the header
    unless it holds nothing but numbers (``Year  2024  2025`` is a header row)."""
    rows: list[list[str]] = []
    i = start
    while i < len(lines) and lines[i].kind == LineKind.TAB:
        rows.append([collapse(c) for c in lines[i].text.strip("\t ").split("\t")])
        i += 1
    if len(rows) < 2:
        return None, start
    if all(is_number(c) for c in rows[0] if c):
        return _table([], rows), i
    return _table(rows[0], rows[1:]), i
