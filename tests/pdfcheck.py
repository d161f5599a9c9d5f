"""Reading a PDF back: its text, fonts, outline and links (pypdf)."""

from __future__ import annotations

import io

from pypdf import PdfReader


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in reader(data).pages)


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in reader(data).pages]


def fonts(data: bytes) -> dict[str, bool]:
    """Every font used on any page -> whether its glyphs are embedded."""
    found: dict[str, bool] = {}
    for page in reader(data).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font.get("/BaseFont"))] = embedded
    return found


def outline_titles(data: bytes) -> list[str]:
    out: list[str] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                out.append(item.title)

    walk(reader(data).outline)
    return out


def link_targets(data: bytes) -> list[str]:
    out = []
    for page in reader(data).pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A")
            if annot.get("/Subtype") == "/Link" and action is not None and "/URI" in action:
                out.append(str(action["/URI"]))
    return out


def outline(data: bytes) -> list[tuple[int, str]]:
    """``(level, title)`` of every outline entry, in order."""
    out: list[tuple[int, str]] = []

    def walk(items, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, item.title))

    walk(reader(data).outline, 0)
    return out


def describe(data: bytes) -> str:
    """A PDF as a readable text: its outline, indented by level, then each page's text."""
    lines = ["outline:"]
    lines += [f"{'  ' * (level + 1)}{title}" for level, title in outline(data)]
    for number, text in enumerate(page_texts(data), 1):
        lines.append(f"--- page {number} ---")
        lines.extend(line.rstrip() for line in text.splitlines())
    return "\n".join(lines) + "\n"
