"""Conventions of article text that every text-like reader shares.

Each pass takes the flat stream (headings and blocks, in order) and returns a
new one: lead-in lines become list titles and table captions, ``Table N:``
lines become captions, quotations become Quote blocks with their speaker, and
a closing ``Sources:`` line or section becomes the brief's sources.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..model import (
    Inlines,
    Link,
    ListBlock,
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
from ..prose import APOSTROPHE_QUOTES, CONNECTIVES, NAME_WORD, QUOTE_PAIRS, split_role_name
from ..structure import Flat, Heading
from ._meta import split_source

# --- lead-in lines and captions ------------------------------------------------

_LEAD_IN_MAX_WORDS = 10
_LABEL_MOST = 200  # characters: a "Table 3: …" line longer than this is a paragraph that starts so
_ATTRIBUTION_MOST = 140  # characters: "— Name, Role" lines are short
_TABLE_LABEL = re.compile(
    r"^(?:table|tab\.|tabelle|tableau|tabla|表)\s*\d+(?:\.\d+)?\s*[:：.\-–—]?\s*(?P<caption>.*)$",
    re.I,
)


def caption_text(text: str) -> str:
    """A caption without its ``Table 3:`` label (the brief numbers tables itself)."""
    match = _TABLE_LABEL.match(collapse(text))
    return (collapse(match["caption"]).rstrip(".") if match else "") or collapse(text)


def lead_in_text(block: Flat) -> str | None:
    """The title a short paragraph ending in a colon gives the list or table after it."""
    if not isinstance(block, Paragraph):
        return None
    text = block.text
    if not text.endswith((":", "：")) or "\n" in text:
        return None
    body = text[:-1].strip()
    too_long = len(body.split()) > _LEAD_IN_MAX_WORDS if " " in body else len(body) > 30
    return None if not body or too_long else body


def table_label(block: Flat | None) -> str | None:
    """The caption in a ``Table 3: Caption`` paragraph."""
    if not isinstance(block, Paragraph) or len(block.text) > _LABEL_MOST:
        return None
    match = _TABLE_LABEL.match(block.text)
    return collapse(match["caption"]).rstrip(".") or None if match else None


def attach_lead_ins(stream: Sequence[Flat]) -> list[Flat]:
    """Turn ``Table N:`` lines beside a table into its caption, then ``Lead-in:``
    lines before a list or table into its title or caption."""
    return _lead_ins(_table_labels(stream))


def _table_labels(stream: Sequence[Flat]) -> list[Flat]:
    """A label sits above its table, or below it when no uncaptioned table follows."""
    out: list[Flat] = []
    for k, item in enumerate(stream):
        prev = out[-1] if out else None
        nxt = stream[k + 1] if k + 1 < len(stream) else None
        if isinstance(item, Table) and not item.caption and (cap := table_label(prev)):
            out[-1] = replace(item, caption=cap)
        elif (
            isinstance(prev, Table)
            and not prev.caption
            and not (isinstance(nxt, Table) and not nxt.caption)
            and (cap := table_label(item))
        ):
            out[-1] = replace(prev, caption=cap)
        else:
            out.append(item)
    return out


def _lead_ins(stream: Sequence[Flat]) -> list[Flat]:
    out: list[Flat] = []
    for item in stream:
        prev = out[-1] if out else None
        lead_in = lead_in_text(prev) if prev is not None else None
        if lead_in and isinstance(item, Table) and not item.caption:
            out[-1] = replace(item, caption=lead_in)
        elif lead_in and isinstance(item, ListBlock) and not item.title:
            out[-1] = replace(item, title=lead_in)
        else:
            out.append(item)
    return out


# --- quotations ---------------------------------------------------------------

_SPEECH_VERBS = (
    r"said|says|saying|stating|stated|states|added|adds|adding|noted|notes|noting|"
    r"explained|explains|explaining|told|tells|telling|wrote|writes|writing|declared|"
    r"remarked|warned|warns|warning|argued|argues|arguing|insisted|insists|observed|"
    r"commented|asserted|continued|concluded|acknowledged|announced|replied|responded|"
    r"recalled|put it|according to"
)
_VERB = re.compile(rf"\b(?:{_SPEECH_VERBS})\b", re.I)
_VERB_THEN_WHO = re.compile(
    rf"^[\s,.]*(?:{_SPEECH_VERBS})(?:\s+(?:reporters|journalists|the \w+))?\s+(?P<who>[^.!?]+?)[.!?]?$",
    re.I,
)
_MAX_SPEAKER_WORDS = 14  # "…,” said X": a longer phrase after a quotation is prose, not a name
_WHO_THEN_VERB = re.compile(rf"^[\s,]*(?P<who>[^.!?]+?)\s+(?:{_SPEECH_VERBS})[.!?]?$", re.I)
_ATTRIBUTION = re.compile(r"^\s*(?:—|―|–|-{1,2}|~)\s*(?P<who>[^\W\d_].*)$")  # a name starts with a letter


def subject_of(intro: str) -> str | None:
    """The speaker an introducing line names: ``Defense Secretary Pete Hegseth`` in
    ``Defense Secretary Pete Hegseth emphasized the importance of this shift, stating,``."""
    sentence = re.split(r"(?<=[.!?])\s+", collapse(intro))[-1]
    if sentence.lower().startswith(("as ", "in the words of ")):
        sentence = re.sub(r"^(?:as|in the words of)\s+", "", sentence, flags=re.I)
    words = sentence.split()
    run: list[str] = []
    for word in words:
        bare = word.rstrip(",:;")
        if NAME_WORD.match(bare) or (run and bare in CONNECTIVES):
            run.append(bare)
            if bare != word:
                break
        else:
            break
    while run and run[-1] in CONNECTIVES:
        run.pop()
    if run and not (len(run) == 1 and run[0] in {"The", "A", "An", "This", "That", "It"}):
        return " ".join(run)
    verb = _VERB.search(sentence)
    if verb and 0 < len(sentence[: verb.start()].split()) <= 8:
        return sentence[: verb.start()].strip(" ,")
    return None


def _introduces_quote(text: str) -> bool:
    return text.endswith((",", ":", "：")) and bool(_VERB.search(text) or text.endswith(":"))


# A closing single quote: after the quotation's punctuation (``,’``), before it
# (``go’,``), or after a space-less non-letter; not an apostrophe inside a word.
def _single_close(mark: str) -> re.Pattern[str]:
    c = re.escape(mark)
    return re.compile(rf"(?<=[,.!?…]){c}|(?<=\w){c}(?=[,.!?](?:\s|$))|(?<!\w){c}(?=[,.]?\s|[,.]?$)")


_SINGLE_CLOSE = {QUOTE_PAIRS[o]: _single_close(QUOTE_PAIRS[o]) for o in APOSTROPHE_QUOTES}


def _closing_mark(text: str) -> int | None:
    """The index of the closing mark, if ``text`` opens with a quotation mark. A
    single quote closes where it follows the quotation's punctuation (``,’``) or
    comes before it (``’,``); elsewhere it is an apostrophe (``agency’s``, ``residents’``)."""
    opening = text[:1]
    if opening not in QUOTE_PAIRS:
        return None
    closing = QUOTE_PAIRS[opening]
    if opening in APOSTROPHE_QUOTES:
        match = _SINGLE_CLOSE[closing].search(text, 1)
        return match.start() if match else None
    end = text.rfind(closing)
    return end if end > 0 else None


@dataclass(frozen=True, slots=True)
class Quotation:
    """The quoted words of a paragraph (without their marks) and the phrase that
    names the speaker after them, if there is one."""

    inlines: Inlines
    who: str | None


def quotation(spans: Inlines) -> Quotation | None:
    """A paragraph that is a quotation, keeping the formatting of its words."""
    spans = normalize_inlines(spans)
    text = "".join(s.text for s in spans)  # normalized: the same as plain(spans)
    end = _closing_mark(text)
    if end is None:
        return None
    body, rest = text[1:end], text[end + 1 :].strip()
    if not body.strip() or (text[0] not in APOSTROPHE_QUOTES and QUOTE_PAIRS[text[0]] in body):
        # Two quotations with prose between them: an ordinary paragraph.
        return None
    who: str | None = None
    if rest not in ("", ".", "。"):
        matches = (p.match(rest) for p in (_VERB_THEN_WHO, _WHO_THEN_VERB))
        found = next((m for m in matches if m and len(m["who"].split()) <= _MAX_SPEAKER_WORDS), None)
        found = found or _ATTRIBUTION.match(rest)
        if found is None:
            return None
        who = found["who"]
    if who is None and text[0] in APOSTROPHE_QUOTES:
        return None
    words = slice_inlines(spans, 1, end)
    if words and words[-1].text.endswith(","):  # “…,” he said: the quotation ends there
        words = (*words[:-1], replace(words[-1], text=words[-1].text[:-1] + "."))
    return Quotation(words, who)


def parse_quotation(text: str) -> tuple[str, str | None] | None:
    """A paragraph of plain text that is a quotation: ``(quoted text, speaker phrase or None)``."""
    found = quotation(normalize_inlines((Text(text),)))
    return (plain(found.inlines), found.who) if found else None


def attribution_line(block: Flat | None) -> str | None:
    """The ``Name, Role`` in a ``— Name, Role`` line."""
    if not isinstance(block, Paragraph) or len(block.text) > _ATTRIBUTION_MOST:
        return None
    text = block.text
    if not text.startswith(("—", "―", "–", "--", "~")):
        return None
    match = _ATTRIBUTION.match(text)
    return match["who"].strip() if match else None


_TRAILING_ATTRIBUTION = re.compile(r"^(?P<body>.+?)\s+(?:—|―|--)\s*(?P<who>[^—]{2,120})$", re.S)


def trailing_attribution(spans: Inlines) -> tuple[Inlines, str] | None:
    """A quote whose last line is ``— Name, Role`` inside the same paragraph:
    the quoted words and the ``Name, Role``."""
    spans = normalize_inlines(spans)
    match = _TRAILING_ATTRIBUTION.match("".join(s.text for s in spans))
    return (slice_inlines(spans, 0, match.end("body")), match["who"]) if match else None


def find_quotes(stream: Sequence[Flat]) -> list[Flat]:
    """Turn quotation paragraphs into Quote blocks with their speaker and role."""
    out: list[Flat] = []
    i = 0
    while i < len(stream):
        item = stream[i]
        nxt = stream[i + 1] if i + 1 < len(stream) else None
        if isinstance(item, Paragraph | Quote) and (line := attribution_line(nxt)):
            name, role = split_role_name(line)
            spans = item.inlines
            if isinstance(item, Paragraph) and (quoted := quotation(spans)) and quoted.who is None:
                spans = quoted.inlines
            out.append(Quote(spans, name, role))
            i += 2
            continue
        if isinstance(item, Paragraph) and (found := quotation(item.inlines)):
            who = found.who
            if who is None and out and isinstance(out[-1], Paragraph):
                intro = out[-1].text
                who = subject_of(intro) if _introduces_quote(intro) else None
            speaker, role = split_role_name(who) if who else (None, None)
            out.append(Quote(found.inlines, speaker, role))
        else:
            out.append(item)
        i += 1
    return out


# --- interviews ------------------------------------------------------------------

_QA = re.compile(r"^(?P<label>Q|A|Question|Answer)\s*[:：]\s*(?=\S)", re.I)
_NAMED_TURN = re.compile(r"^(?P<name>[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,3})\s*:\s+(?=\S)")
_NOT_NAMES = frozenset(
    "note notes update editor photo photos source sources image caption correction disclosure warning".split()
)


@dataclass(frozen=True, slots=True)
class Turn:
    """One turn of an interview: a question or an answer, where its words start
    after the label, and whether the label is a speaker's name (kept as a lead-in)."""

    question: bool
    start: int
    named: bool


def interview_turns(texts: Sequence[str]) -> dict[int, Turn]:
    """The paragraphs (by index) that are turns of an interview: ``Q:`` / ``A:`` or
    ``Question:`` / ``Answer:`` labels, or two speakers' names, the interviewer's
    turns being questions. Both sides must speak for a text to be an interview."""
    qa = {k: m for k, t in enumerate(texts) if (m := _QA.match(t))}
    kinds = {m["label"][0].upper() for m in qa.values()}
    if kinds == {"Q", "A"}:
        return {k: Turn(m["label"][0].upper() == "Q", m.end(), False) for k, m in qa.items()}
    named = {
        k: m for k, t in enumerate(texts)
        if (m := _NAMED_TURN.match(t)) and m["name"].lower() not in _NOT_NAMES
    }
    counts: dict[str, int] = {}
    for m in named.values():
        counts[m["name"]] = counts.get(m["name"], 0) + 1
    speakers = sorted((n for n, c in counts.items() if c >= 2), key=lambda n: -counts[n])[:2]
    if len(speakers) < 2:
        return {}

    def asks(name: str) -> float:
        mine = [texts[k] for k, m in named.items() if m["name"] == name]
        return sum(t.rstrip().endswith(("?", "？")) for t in mine) / len(mine)

    interviewer = max(speakers, key=asks)
    if asks(interviewer) < 0.5:
        return {}
    return {k: Turn(m["name"] == interviewer, 0, True) for k, m in named.items() if m["name"] in speakers}


def mark_interview(stream: Sequence[Flat]) -> list[Flat]:
    """An interview's questions become bold paragraphs and its answers the plain
    paragraphs under them; ``Q:`` / ``A:`` labels go (the layout says it), a
    speaker's name stays as the answer's bold lead-in."""
    indexed = [k for k, item in enumerate(stream) if isinstance(item, Paragraph)]
    texts = [stream[k].text for k in indexed]  # type: ignore[union-attr]
    turns = interview_turns(texts)
    out = list(stream)
    for n, turn in turns.items():
        paragraph = out[indexed[n]]
        assert isinstance(paragraph, Paragraph)
        spans = slice_inlines(normalize_inlines(paragraph.inlines), turn.start, len(paragraph.text))
        if turn.question:
            spans = (Strong(plain(spans)),)
        elif turn.named:
            text = plain(spans)
            cut = text.index(":") + 1
            spans = (Strong(text[:cut]), Text(" "), *slice_inlines(spans, cut, len(text)))
        out[indexed[n]] = Paragraph(normalize_inlines(spans))
    return out


# --- named sections: key points, glossary ------------------------------------------

_KEY_POINTS_TITLE = re.compile(
    r"^(?:key points|key takeaways|takeaways|highlights|at a glance|要点|ポイント)$", re.I
)
_NOTES_TITLE = re.compile(r"^(?:notes|footnotes|endnotes|脚注|注)$", re.I)
_GLOSSARY_TITLE = re.compile(r"^(?:glossary|acronyms|abbreviations|用語集|略語)$", re.I)


def is_key_points_title(title: str) -> bool:
    return bool(_KEY_POINTS_TITLE.match(collapse(title).rstrip(":：")))


def is_notes_title(title: str) -> bool:
    """A heading over the notes a brief prints at its end (``Notes``, ``Footnotes``)."""
    return bool(_NOTES_TITLE.match(collapse(title).rstrip(":：")))


def is_glossary_title(title: str) -> bool:
    return bool(_GLOSSARY_TITLE.match(collapse(title).rstrip(":：")))


# --- sources ------------------------------------------------------------------

_SOURCES_LABEL = re.compile(
    r"^(?P<label>(?:sources?|references?)(?:\s*(?:&|and)\s*(?:links|references|resources|further reading))?|"
    r"further reading|bibliography|works cited|"
    r"quellen?|literatur|fuentes?|referencias|références|bronnen?|fonti|источники|источник|"
    r"出典|参考文献|参考|来源|資料|출처)\s*(?::|：|\s-)?\s*(?P<rest>.*)$",
    re.I,
)


def is_sources_title(title: str) -> bool:
    """Whether a heading names a sources section (``Sources``, ``References``, ``出典``…)."""
    label = sources_label(title)
    return label is not None and not label[1]


def sources_label(text: str) -> tuple[bool, str] | None:
    """``(had a colon, what follows)`` for a ``Sources: …`` line, else None."""
    text = collapse(text)
    match = _SOURCES_LABEL.match(text)
    if not match:
        return None
    rest = match["rest"]
    has_colon = text[len(match["label"]) :].lstrip()[:1] in (":", "：", "-")
    if rest and not has_colon:
        return None
    return has_colon, rest


def _with_link(source: Source, spans: tuple) -> Source:
    """A source whose URL is a link's target (Markdown, HTML): the target as the
    link has it, rather than the text the link shows (an autolink shows its
    address decoded)."""
    for span in spans:
        if not isinstance(span, Link):
            continue
        if span.text == source.url or (not source.url and (span.text in source.name or source.name in span.text)):
            return Source(source.name, span.url)
    return source


def block_sources(block: Paragraph | ListBlock) -> list[Source]:
    """The sources a list (one per item) or a ``Sources: a; b`` paragraph names."""
    if isinstance(block, ListBlock):
        return [
            _with_link(split_source(f"{i.term}: {i.text}" if i.term else i.text), i.inlines)
            for i in block.items
        ]
    label = sources_label(block.text)
    text = label[1] if label else block.text
    parts = re.split(r"\s*[;；]\s*", text.strip().rstrip("."))
    return [_with_link(split_source(p), block.inlines) for p in parts if p.strip(" .")]


_SOURCES_WITHIN = 40  # blocks from the end: a sources section closes an article


def take_sources(stream: Sequence[Flat]) -> tuple[list[Flat], list[Source]]:
    """Split a closing ``Sources:`` line, or a closing Sources section, from the stream."""
    items = list(stream)
    for start in range(len(items) - 1, max(-1, len(items) - _SOURCES_WITHIN), -1):
        item = items[start]
        if isinstance(item, ListBlock) and item.title and start == len(items) - 1:
            if sources_label(item.title + ":"):
                return items[:start], block_sources(item)
            break
        text = item.title if isinstance(item, Heading) else getattr(item, "text", None)
        if not isinstance(item, Heading | Paragraph) or text is None:
            continue
        label = sources_label(text)
        if label is None:
            continue
        _, rest = label
        tail = items[start + 1 :]
        if rest and isinstance(item, Paragraph) and not tail:
            return items[:start], block_sources(item)
        if not rest and tail and all(isinstance(b, Paragraph | ListBlock) for b in tail):
            found = [s for block in tail for s in block_sources(block)]  # type: ignore[arg-type]
            return items[:start], found
        break
    return items, []
