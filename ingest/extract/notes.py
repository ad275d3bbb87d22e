"""Footnotes and endnotes that give only an address: the tool is named where the note is called, by the phrase
just before its marker ("... follow the Partner Screening Handbook[^1] before signing" with note 1 "https://...").
A note that names its own title is the tools reader's."""

import re

from ..parse.model import Block, BlockKind
from ..records import Concept
from .base import URL, Source
from .prose_links import title_before
from .tools import GENERIC, slug_title

MAX_LEAD_WORDS = 1  # "See https://...", "Available at https://..." still count as bare


def read(source: Source) -> list[Concept]:
    found = []
    body = [b for b in source.blocks if b.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)]
    for note in source.blocks:
        if note.kind is not BlockKind.FOOTNOTE or not note.marker or (url := URL.search(note.text)) is None:
            continue
        if len(_lead(note.text[: url.start()]).split()) > MAX_LEAD_WORDS:
            continue
        title, called_in = _called(body, note.marker)
        if not title or GENERIC.match(title):
            title = slug_title(url.group(1)) or ""
        if len(title.split()) < 2:
            continue
        found.append(
            Concept(
                "tool",
                title,
                address=url.group(1),
                source_clauses=source.clauses_of(*(b for b in (called_in, note) if b is not None)),
                method="note-address",
                extra={"document_jurisdiction": source.document.jurisdiction},
            )
        )
    return found


def _lead(text: str) -> str:
    return re.sub(r"^(?:see|available at|online at|at|url|link|source)\b:?", "", text.strip(), flags=re.I).strip(" :.,-–")


def _called(body: list[Block], marker: str) -> tuple[str, Block | None]:
    """The phrase before the note's marker in the text, and the block it is in."""
    mark = re.escape(marker)
    call = re.compile(rf"\[\^{mark}\]|\[{mark}\]|(?<=[a-z.)”\"’]){mark}(?=[\s,;.)]|$)")
    for block in body:
        for m in call.finditer(block.text):
            before = block.text[: m.start()]
            if re.search(r"\b(?:p|pp|no|nr|vol|art|para)\.$", before, re.I):
                continue  # "p.2", "no.4": a page or a number, not a note's call
            title = title_before(before.rstrip("."))
            if title and not re.search(r"https?:|www\.|/|\|", title):
                return title, block
    return "", None
