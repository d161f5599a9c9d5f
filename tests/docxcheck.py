"""Reading a Word brief back with python-docx: list numbering, header rows, fields."""

from __future__ import annotations

from docx.oxml.ns import qn


def numbering_of(paragraph) -> tuple[int, int] | None:
    """``(numId, level)`` of a list paragraph, from its own properties."""
    ppr = paragraph._p.pPr
    numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
    if numpr is None or numpr.find(qn("w:numId")) is None:
        return None
    level = numpr.find(qn("w:ilvl"))
    return int(numpr.find(qn("w:numId")).get(qn("w:val"))), int(level.get(qn("w:val"))) if level is not None else 0


def list_format(numbering, num_id: int, level: int) -> str | None:
    """The number format (``bullet``, ``decimal``, ``lowerLetter``…) of list ``num_id`` at ``level``."""
    for num in numbering.findall(qn("w:num")):
        if num.get(qn("w:numId")) == str(num_id):
            abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
            for abstract in numbering.findall(qn("w:abstractNum")):
                if abstract.get(qn("w:abstractNumId")) == abstract_id:
                    for lvl in abstract.findall(qn("w:lvl")):
                        if lvl.get(qn("w:ilvl")) == str(level):
                            return lvl.find(qn("w:numFmt")).get(qn("w:val"))
    return None


def is_ordered(numbering, num_id: int, level: int) -> bool:
    return list_format(numbering, num_id, level) not in (None, "bullet", "none")


def is_header_row(row) -> bool:
    trpr = row._tr.trPr
    return trpr is not None and trpr.find(qn("w:tblHeader")) is not None


def field_instructions(element) -> list[str]:
    """Instructions of every simple or complex field under ``element``."""
    simple = [f.get(qn("w:instr")).strip() for f in element.iter(qn("w:fldSimple"))]
    complex_ = [(t.text or "").strip() for t in element.iter(qn("w:instrText"))]
    return simple + complex_


def describe(data: bytes) -> str:
    """A Word document as a readable list: each body paragraph as ``Style: text``
    (list paragraphs with their level), each table as rows of cells, then the
    header and footer."""
    import io

    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = Document(io.BytesIO(data))
    lines = []
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            listed = numbering_of(block)
            level = f" [level {listed[1]}]" if listed else ""
            lines.append(f"{block.style.name}{level}: {block.text}")
        elif isinstance(block, Table):
            header = " (heading row)" if block.rows and is_header_row(block.rows[0]) else ""
            lines.append(f"table {block.style.name if block.style else ''}{header}:")
            lines.extend("  | " + " | ".join(c.text for c in row.cells) for row in block.rows)
    section = doc.sections[0]
    lines.append(f"header: {' / '.join(p.text for p in section.header.paragraphs)}")
    lines.append(f"footer: {' / '.join(p.text for p in section.footer.paragraphs)}")
    return "\n".join(lines) + "\n"
