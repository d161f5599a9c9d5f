"""Edit a Word brief in LibreOffice Writer the way an editor does, with Track
Changes on, through LibreOffice's own API (UNO). Run by the system Python,
which has the ``uno`` module (Debian ``python3-uno``), not by the test's:

    /usr/bin/python3 tests/lo_edit.py BRIEF.docx OUTDIR

writes OUTDIR/resaved.docx (opened and saved, nothing touched),
OUTDIR/tracked.docx (the edits below, still tracked) and OUTDIR/accepted.docx
(the same with every change accepted). The edits are described by EDITS in
test_word_edits.py, which checks what reportgen reads from the three files.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.text.ControlCharacter import PARAGRAPH_BREAK

WORD = "MS Word 2007 XML"
BOLD = 150.0  # com.sun.star.awt.FontWeight.BOLD


def _props(**values) -> tuple:
    return tuple(PropertyValue(Name=k, Value=v) for k, v in values.items())


def _connect(pipe: str):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 60
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _find(doc, text: str):
    search = doc.createSearchDescriptor()
    search.SearchString = text
    found = doc.findFirst(search)
    if found is None:
        raise SystemExit(f"lo_edit: {text!r} is not in the document")
    return found


def _end_of_paragraph(doc, text: str):
    found = _find(doc, text)
    cursor = found.getText().createTextCursorByRange(found.getEnd())
    cursor.gotoEndOfParagraph(False)
    return cursor


def _new_paragraph_after(doc, text: str, words: str, like: str | None = None):
    """A paragraph typed after the one holding ``text``, in the style of the one
    holding ``like`` (as an editor picks it), else in the style Writer gives it."""
    style = _find(doc, like).ParaStyleName if like else None
    cursor = _end_of_paragraph(doc, text)
    body = cursor.getText()
    body.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
    if style:
        cursor.ParaStyleName = style
    body.insertString(cursor, words, False)
    return cursor


def edit(doc, ctx) -> None:
    """The edits test_word_edits.EDITS describes, in the same order."""
    doc.RecordChanges = True
    body = doc.getText()
    # a sentence added to a paragraph, another deleted
    cursor = _end_of_paragraph(doc, "The quay reopens in May")
    body.insertString(cursor, " Kestrel inspectors signed off the crane rails.", False)
    _find(doc, " Ocelot divers found no damage below the waterline.").setString("")
    # a heading reworded, a paragraph inserted right after another heading
    _find(doc, "Dredging the Channel").setString("Deepening the Approach Channel")
    _new_paragraph_after(doc, "Costs and Funding", "Budget talks resume with the harbour board in June.",
                         like="A further grant depends")
    # a list item added at the end of a bulleted list
    _new_paragraph_after(doc, "Night pilotage for tankers", "Weekend pilotage for ferries")
    # a word made bold
    _find(doc, "fenders").CharWeight = BOLD
    # a table typed after a paragraph, its first row a repeated header row
    cursor = _new_paragraph_after(doc, "The board meets monthly", "Berths by quay:", like="A further grant depends")
    table = doc.createInstance("com.sun.star.text.TextTable")
    table.initialize(3, 2)
    body.insertTextContent(cursor.getEnd(), table, False)
    for name, value in {"A1": "Quay", "B1": "Berths", "A2": "North", "B2": "4", "A3": "South", "B3": "7"}.items():
        table.getCellByName(name).setString(value)
    table.RepeatHeadline = True
    table.HeaderRowCount = 1
    # a comment and a footnote
    comment = doc.createInstance("com.sun.star.text.textfield.Annotation")
    comment.Author = "Editor"
    comment.Content = "Zebra check this figure with the harbour master."
    anchor = _find(doc, "twelve cranes")
    anchor.getText().insertTextContent(anchor.getEnd(), comment, False)
    note = doc.createInstance("com.sun.star.text.Footnote")
    anchor = _find(doc, "The quay reopens in May")
    anchor.getText().insertTextContent(anchor.getEnd(), note, False)
    note.setString("Marmot notice of the port authority, 3 February.")


def main(source: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        pipe = f"reportgen_edit_{os.getpid()}"
        office = subprocess.Popen(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--invisible", "--norestore",
             "--nologo", f"--accept=pipe,name={pipe};urp;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            env={**os.environ, "SAL_ENABLE_FILE_LOCKING": "0"},
        )
        try:
            ctx = _connect(pipe)
            desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
            copy = Path(profile) / source.name  # LibreOffice leaves its lock file beside what it opens
            copy.write_bytes(source.read_bytes())
            url = uno.systemPathToFileUrl(str(copy))
            for name, edits in (("resaved", False), ("tracked", True)):
                doc = desktop.loadComponentFromURL(url, "_blank", 0, _props(Hidden=True))
                if doc is None:
                    raise SystemExit(f"lo_edit: LibreOffice could not open {source}")
                if edits:
                    edit(doc, ctx)
                doc.storeToURL(uno.systemPathToFileUrl(str(out / f"{name}.docx")), _props(FilterName=WORD))
                if edits:
                    helper = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
                    helper.executeDispatch(doc.getCurrentController().getFrame(), ".uno:AcceptAllTrackedChanges",
                                           "", 0, ())
                    doc.storeToURL(uno.systemPathToFileUrl(str(out / "accepted.docx")), _props(FilterName=WORD))
                doc.close(True)
            desktop.terminate()
            office.wait(timeout=30)
        finally:
            if office.poll() is None:
                os.killpg(office.pid, signal.SIGKILL)
            office.wait()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
