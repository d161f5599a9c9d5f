"""Reading fidelity, kind by kind (issue 15): each kind of article shape has a
sample of our own writing and the checks a reader of the brief would make, on
the model and, where the shape shows there, in the PDF and the Word brief read
back with pypdf and python-docx. A kind's score is the share of its checks that
pass; tests/test_fidelity.py asserts them all and writes the table in
docs/reading-fidelity.md.

Only the public API (``reportgen.read``, ``reportgen.render``) and the model's
JSON-stable fields are used, so the same checks measure an older reportgen.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pdfcheck

import reportgen
from reportgen.model import (
    Brief,
    ListBlock,
    Paragraph,
    Quote,
    Strong,
    Table,
    iter_blocks,
    iter_sections,
    iter_texts,
)

FIXTURES = Path(__file__).parent / "fixtures" / "fidelity"


@dataclass(frozen=True)
class Check:
    says: str
    holds: Callable[[Path], bool]


@dataclass(frozen=True)
class Kind:
    name: str
    source: str  # a file in tests/fixtures/fidelity, or "word:<name>" for a Word file made here
    checks: tuple[Check, ...]


# --- reading and rendering, once per source -------------------------------------------


@cache
def brief(path: Path) -> Brief:
    return reportgen.read(path)


@cache
def pdf(path: Path) -> bytes:
    return reportgen.render(brief(path), "pdf")


@cache
def pdf_text(path: Path) -> str:
    return pdfcheck.text(pdf(path))


@cache
def docx(path: Path):
    from docx import Document

    return Document(io.BytesIO(reportgen.render(brief(path), "docx")))


@cache
def word_readback(path: Path) -> Brief:
    """The Word brief read back, as an edited brief is before its PDF is made."""
    from reportgen.readers import word

    return word.read(reportgen.render(brief(path), "docx"))


def titles(path: Path) -> list[tuple[int, str]]:
    return [(depth, s.title) for depth, s in iter_sections(brief(path).sections)]


def blocks(path: Path, kind: type) -> list:
    return [b for b in iter_blocks(brief(path)) if isinstance(b, kind)]


def word_headings(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in docx(path).paragraphs if p.style.name.startswith("Heading")]


def word_paragraph(path: Path, text: str):
    return next((p for p in docx(path).paragraphs if p.text.startswith(text)), None)


def all_text(path: Path) -> str:
    b = brief(path)
    return "\n".join([b.meta.title, *iter_texts(b), *b.key_point_texts])


def header_row(table) -> bool:
    from docx.oxml.ns import qn

    trpr = table.rows[0]._tr.trPr
    return trpr is not None and trpr.find(qn("w:tblHeader")) is not None


def word_alignments(path: Path, table_index: int, column: int) -> list[str | None]:
    from docx.oxml.ns import qn

    table = docx(path).tables[table_index]
    out = []
    for row in table.rows[1:]:
        jc = row.cells[column].paragraphs[0]._p.find(f"{qn('w:pPr')}/{qn('w:jc')}")
        out.append(jc.get(qn("w:val")) if jc is not None else None)
    return out


def pdf_starts(path: Path, words: tuple[str, ...]) -> dict[str, float]:
    """Where each of ``words`` starts on page 1 of the PDF (x, in points)."""
    found: dict[str, float] = {}

    def visit(text, cm, tm, font, size) -> None:
        if text.strip() in words and text.strip() not in found:
            found[text.strip()] = tm[4] * cm[0] + cm[4]

    pdfcheck.reader(pdf(path)).pages[0].extract_text(visitor_text=visit)
    return found


def alignment(table: Table) -> tuple:
    return tuple(getattr(table, "align", ()))


# --- Word files made by people (not by reportgen), built here with python-docx --------


def word_file(name: str, folder: Path) -> Path:
    """A Word file as a person makes one in Word: built-in styles, a table style,
    header rows marked the ways Word marks them, captions and quotations."""
    from docx import Document
    from docx.oxml import OxmlElement

    path = folder / f"{name}.docx"
    if path.exists():
        return path
    d = Document()
    if name == "interview":
        d.add_heading("The Engineer Who Wants Quieter Trains", 0)
        d.add_paragraph("Noise from freight trains has become the main complaint along the valley line.")
        for question, answer in (
            ("Why has noise become such an issue now?", "Freight traffic at night has doubled in five years."),
            ("What can the agency do?", "We pay owners to fit composite brake blocks to their wagons."),
        ):
            d.add_paragraph(f"Q: {question}")
            d.add_paragraph(f"A: {answer}")
        d.save(path)
        return path
    d.add_heading("Harbour Budget", 0)
    d.add_paragraph("The council published its harbour budget for the coming year on Monday evening.")
    d.add_heading("Spending", 1)
    d.add_paragraph("Table 1: Spending by district", style="Caption")
    styled = d.add_table(rows=3, cols=2)
    styled.style = "Light List Accent 1"  # the table style's first-row look marks the header
    for r, (a, b) in enumerate([("District", "Budget"), ("North", "1,250"), ("South", "980")]):
        styled.cell(r, 0).text, styled.cell(r, 1).text = a, b
    d.add_paragraph("Most of the money goes to the north arm of the wall, which the storms broke.")
    repeated = d.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("Year", "Ships"), ("2024", "180"), ("2025", "210")]):
        repeated.cell(r, 0).text, repeated.cell(r, 1).text = a, b
    repeated.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    d.add_paragraph("Table 2: Ship visits by year", style="Caption")
    bold = d.add_table(rows=2, cols=2)
    for c, text in enumerate(["Berth", "Length"]):
        bold.cell(0, c).paragraphs[0].add_run(text).bold = True
    bold.cell(1, 0).text, bold.cell(1, 1).text = "A", "300 m"
    d.add_heading("Voices", 1)
    d.add_paragraph("We cannot wait for another storm to break the wall again this winter.", style="Quote")
    d.add_paragraph("— Mara Quint, Harbour Master")
    d.add_paragraph("The wall will be finished before the first of the winter storms arrive.", style="Intense Quote")
    d.add_paragraph("— Lena Ortiz, Council Chair")
    d.add_paragraph("The council votes on the budget in May, after a public meeting in the market hall.")
    d.save(path)
    return path


# --- the kinds ---------------------------------------------------------------------------


def _c(says: str, holds: Callable[[Path], bool]) -> Check:
    return Check(says, holds)


_SUB = ["The Repaired Quay", "Timetable Changes", "Asking for Shelter"]
_NUMBERED = ["1. What went wrong", "2. Funding the repairs", "3. Policy options"]
_QA_QUESTIONS = ["Why has noise become such an issue now?", "What can the agency do?",
                 "When will residents notice a difference?"]

KINDS: tuple[Kind, ...] = (
    Kind("two heading lines: section and first sub-section", "sub-sections.txt", (
        _c("the second line is a depth-2 section", lambda p: (2, "The Repaired Quay") in titles(p)),
        _c("every heading is a section", lambda p: [t for _, t in titles(p)] == [
            "Moving the Boats Back", "The Repaired Quay", "Timetable Changes", "What Passengers Said",
            "Asking for Shelter"]),
        _c("PDF outline has the sub-sections", lambda p: all(t in pdfcheck.outline_titles(pdf(p)) for t in _SUB)),
        _c("Word has them as Heading 2", lambda p: all(("Heading 2", t) in word_headings(p) for t in _SUB)),
    )),
    Kind("numbered headings among lists", "numbered.txt", (
        _c("numbered lines are top-level sections", lambda p: [t for d, t in titles(p) if d == 1] == _NUMBERED),
        _c("1.1-style numbers are sub-sections", lambda p: (2, "2.1 The loan") in titles(p)),
        _c("the bullet list keeps two items",
           lambda p: [len(b.items) for b in blocks(p, ListBlock) if not b.ordered] == [2]),
        _c("a) b) c) is a list of its own, not nested",
           lambda p: [(len(b.items), [len(i.items) for i in b.items]) for b in blocks(p, ListBlock) if b.ordered]
           == [(3, [0, 0, 0])]),
        _c("PDF outline has the numbered headings",
           lambda p: all(t in pdfcheck.outline_titles(pdf(p)) for t in _NUMBERED)),
        _c("Word has them as Heading 1", lambda p: all(("Heading 1", t) in word_headings(p) for t in _NUMBERED)),
    )),
    Kind("pipe table with alignment colons", "aligned-table.txt", (
        _c("the rule is not a row; the header is kept",
           lambda p: [(t.header_text, len(t.rows)) for t in blocks(p, Table)]
           == [(("District", "Budget", "Change"), 3)]),
        _c("the columns' alignment is read", lambda p: alignment(blocks(p, Table)[0]) == ("left", "right", "center")),
        _c("PDF right-aligns the numbers",
           lambda p: (lambda x: x.get("980", 0) > x.get("45,500", 0) > x.get("1,250,000", 0))(
               pdf_starts(p, ("980", "45,500", "1,250,000")))),
        _c("Word right-aligns the numbers", lambda p: word_alignments(p, 0, 1) == ["end"] * 3),
        _c("Word centres the third column", lambda p: word_alignments(p, 0, 2) == ["center"] * 3),
        _c("the Word brief reads back aligned",
           lambda p: alignment(word_readback(p).lead[-2]) == ("left", "right", "center")),
    )),
    Kind("tables with no rule row", "headerless.txt", (
        _c("words over numbers make a header",
           lambda p: blocks(p, Table)[0].header_text == ("Route", "Crossings", "Share")),
        _c("a bold first row is the header", lambda p: blocks(p, Table)[1].header_text == ("Role", "Person")),
        _c("a tab table's first row is its header",
           lambda p: blocks(p, Table)[2].header_text == ("Ticket", "Adult", "Child")),
        _c("Word repeats the header rows", lambda p: all(header_row(t) for t in docx(p).tables)),
    )),
    Kind("quotations in single quotes", "single-quotes.txt", (
        _c("curly single quotes with apostrophes inside",
           lambda p: ("Hana Varga", "chair of the residents’ association")
           in [(q.speaker, q.role) for q in blocks(p, Quote)]),
        _c("straight single quotes",
           lambda p: ("Tomas Berg", "the agency's programme director")
           in [(q.speaker, q.role) for q in blocks(p, Quote)]),
        _c("PDF prints the attribution", lambda p: "— Tomas Berg, the agency's programme director" in pdf_text(p)),
        _c("Word has Quote paragraphs",
           lambda p: sum(par.style.name == "Quote" for par in docx(p).paragraphs) == 2),
    )),
    Kind("press release", "press-release.txt", (
        _c("the headline is the title",
           lambda p: brief(p).meta.title == "Harbour Authority Opens Tender for Tidal Gate Repairs"),
        _c("the dateline gives the date", lambda p: brief(p).meta.date == "2026-03-03"),
        _c("the dateline stays in the text",
           lambda p: any(t.startswith("LISBON, March 3, 2026 —") for t in iter_texts(brief(p)))),
        _c("no release line", lambda p: "IMMEDIATE RELEASE" not in all_text(p)),
        _c("no end mark", lambda p: "###" not in all_text(p)),
        _c("no media contact", lambda p: "press@harbour" not in all_text(p) and "Media contact" not in all_text(p)),
        _c("PDF shows neither", lambda p: "IMMEDIATE" not in pdf_text(p) and "press@harbour" not in pdf_text(p)),
    )),
    Kind("interview with Q: and A:", "interview.txt", (
        _c("no question is a heading", lambda p: not any("?" in t for _, t in titles(p))),
        _c("questions are bold paragraphs without their label",
           lambda p: [b.text for b in blocks(p, Paragraph) if b.text.endswith("?")] == _QA_QUESTIONS),
        _c("answers lose their label", lambda p: not re.search(r"(?m)^(A|Answer|Q|Question):", all_text(p))),
        _c("no key point starts with a label",
           lambda p: bool(brief(p).key_points) and not any(
               re.match(r"(A|Q|Answer|Question):", k) for k in brief(p).key_point_texts)),
        _c("Word prints the question bold",
           lambda p: (lambda par: par is not None and all(r.bold for r in par.runs))(
               word_paragraph(p, "What can the agency do?"))),
        _c("Word has no heading for a question", lambda p: not any("?" in t for _, t in word_headings(p))),
    )),
    Kind("interview by speakers' names", "interview-names.txt", (
        _c("no question is a heading", lambda p: not titles(p)),
        _c("the interviewer's questions are bold",
           lambda p: sum(b.text.startswith("Marta Silva:") and b.text.endswith("?") for b in blocks(p, Paragraph))
           == 2),
        _c("the answers keep the speaker's name",
           lambda p: sum(b.text.startswith("Tomas Berg:") for b in blocks(p, Paragraph)) == 2),
        _c("Word shows the speaker as a bold lead-in",
           lambda p: (lambda par: par is not None and par.runs[0].bold and not par.runs[-1].bold)(
               word_paragraph(p, "Tomas Berg:"))),
    )),
    Kind("key points add to the lead", "key-points.txt", (
        _c("there are key points", lambda p: len(brief(p).key_points) >= 3),
        _c("no key point repeats a lead sentence",
           lambda p: not any(k in " ".join(b.text for b in brief(p).lead) for k in brief(p).key_point_texts)),
    )),
    Kind("title from the article, in its language", "japan-rail-upgrade-ja.txt", (
        _c("the title is Japanese", lambda p: bool(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", brief(p).meta.title))),
        _c("the title is not the file name", lambda p: "Japan" not in brief(p).meta.title),
        _c("the title is the first clause",
           lambda p: brief(p).meta.title.startswith("国土交通省は、地方の鉄道路線を電化する")),
    )),
    Kind("CJK table cells", "japan-rail-upgrade-ja.txt", (
        _c("short cells stay on one line",
           lambda p: all(any(c in line for line in pdf_text(p).splitlines()) for c in ("2030年度", "2035年度"))),
        _c("a cell's words are not broken", lambda p: "北線の全区間" in pdf_text(p).replace(" ", "")),
    )),
    Kind("Word: header rows", "word:harbour-budget", (
        _c("a table style's first-row look", lambda p: blocks(p, Table)[0].header_text == ("District", "Budget")),
        _c("a repeated header row", lambda p: blocks(p, Table)[1].header_text == ("Year", "Ships")),
        _c("a bold first row", lambda p: blocks(p, Table)[2].header_text == ("Berth", "Length")),
    )),
    Kind("Word: captions before and after a table", "word:harbour-budget", (
        _c("a caption before its table", lambda p: blocks(p, Table)[0].caption == "Spending by district"),
        _c("a caption after its table", lambda p: blocks(p, Table)[1].caption == "Ship visits by year"),
        _c("no caption left as a paragraph", lambda p: not any("Table 2" in b.text for b in blocks(p, Paragraph))),
    )),
    Kind("Word: quotations and their speakers", "word:harbour-budget", (
        _c("a Quote and its dash line",
           lambda p: ("Mara Quint", "Harbour Master") in [(q.speaker, q.role) for q in blocks(p, Quote)]),
        _c("an Intense Quote and its dash line",
           lambda p: ("Lena Ortiz", "Council Chair") in [(q.speaker, q.role) for q in blocks(p, Quote)]),
        _c("the dash line is neither a paragraph nor a key point",
           lambda p: not any("—" in t for t in [*(b.text for b in blocks(p, Paragraph)),
                                                *brief(p).key_point_texts])),
    )),
    Kind("Word: interview with Q: and A:", "word:interview", (
        _c("questions are bold paragraphs without their label",
           lambda p: [b.text for b in blocks(p, Paragraph) if b.text.endswith("?")] == _QA_QUESTIONS[:2]
           and all(isinstance(b.inlines[0], Strong) for b in blocks(p, Paragraph) if b.text.endswith("?"))),
        _c("answers lose their label", lambda p: not re.search(r"(?m)^(A|Q):", all_text(p))),
    )),
    Kind("saved page: permalink marks", "saved-page.html", (
        _c("no heading ends in a mark", lambda p: not any(t.rstrip()[-1:] in "¶#§" for _, t in titles(p))),
        _c("the headings keep their words",
           lambda p: [t for _, t in titles(p)] == ["What was repaired", "Cost and funding", "Next steps"]),
        _c("PDF outline without marks", lambda p: "Cost and funding" in pdfcheck.outline_titles(pdf(p))),
    )),
    Kind("saved page: related links at the end", "saved-page.html", (
        _c("no Read next line", lambda p: "Read next" not in all_text(p)),
        _c("no related headline", lambda p: "New locks for the river port" not in all_text(p)),
        _c("the article's last paragraph stays", lambda p: "A second inspection is planned" in all_text(p)),
    )),
    Kind("saved page: canonical address", "saved-page.html", (
        _c("meta.url is the canonical link",
           lambda p: brief(p).meta.url == "https://news.example.org/2026/03/tidal-gates-reopen"),
        _c("PDF prints it", lambda p: "news.example.org/2026/03/tidal-gates-reopen" in pdf_text(p).replace("\n", "")
           and "?ref=og" not in pdf_text(p)),
    )),
)


def source_of(kind: Kind, folder: Path) -> Path:
    if kind.source.startswith("word:"):
        return word_file(kind.source.removeprefix("word:"), folder)
    return FIXTURES / kind.source


def failures(kind: Kind, folder: Path) -> list[str]:
    """The checks of ``kind`` that do not hold (a check that raises does not hold)."""
    path = source_of(kind, folder)
    out = []
    for check in kind.checks:
        try:
            ok = check.holds(path)
        except Exception:  # an older reader may not have the shape at all
            ok = False
        if not ok:
            out.append(check.says)
    return out


def score(kind: Kind, folder: Path) -> float:
    return 1 - len(failures(kind, folder)) / len(kind.checks)
