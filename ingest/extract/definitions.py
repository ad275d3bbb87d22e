"""Definition items: "Risk Proportionality: Research safeguards can ..." under a heading or sentence
that says what the items are (values, principles, risk vectors, risks); and a paragraph that
defines its own term ("Research Integrity: Research integrity is defined as ...")."""

import re

from ..clauses import DEFINITION_ITEM
from ..parse.model import Block, BlockKind
from ..records import Concept
from .base import SENTENCE_OR_COLON, URL, Source, concept, run_in_head, scheme_of, sections

MAX_LABEL_WORDS = 10
SCHEMES = ("risk-vector", "principle", "value", "risk-area")


def split_definition(text: str) -> tuple[str, str] | None:
    if not DEFINITION_ITEM.match(text) or URL.search(text.split(":", 1)[0]):
        return None
    label, definition = (part.strip() for part in text.split(":", 1))
    if len(label.split()) > MAX_LABEL_WORDS or URL.search(definition[:60]):
        return None
    return label, definition


RUN_IN = re.compile(r"^(?P<label>[A-Z][\w’'-]*(?:\s+[\w’'-]+){0,3})[.:]\s+(?P<definition>[A-Z\"“].+)$", re.S)
NOT_A_HEAD = re.compile(
    r"\b(?:is|are|was|were|be|has|have|had|can|will|would|should|must|may|do|does|did|we|it|they|this|these|there|our)\b", re.I
)


def read(source: Source) -> list[Concept]:
    return _definition_lists(source) + _run_in_heads(source) + _defined_terms(source)


def _run_in_heads(source: Source) -> list[Concept]:
    """Paragraphs that open with a run-in head, two or more in a row under a heading that says what they are:
    "Proportionality. Measures match the risk." (a bold lead-in, as web pages and reports print principles)."""
    found = []
    for heading, body in sections(source.blocks):
        run: list[tuple[Block, str, str]] = []
        for block in [*body, None]:
            head = _head(block) if block is not None and block.kind is BlockKind.PARAGRAPH else None
            if head:
                run.append((block, *head))
                continue
            if len(run) >= 2:
                first = body.index(run[0][0])
                context = [heading.text if heading else "", *[b.text for b in reversed(body[:first]) if b.kind is BlockKind.PARAGRAPH][:2]]
                if scheme := _scheme(context):
                    found += [concept(scheme, label, source, (b,), "run-in-head", definition=d) for b, label, d in run]
            run = []
    return found


def _head(block: Block) -> tuple[str, str] | None:
    """A paragraph's run-in head and the rest: words in bold that open it ("**Mutual trust** Partners ..."), a short
    head ending in a full stop ("Proportionality. Measures ..."), or a term before a colon."""
    if block.emphasis and block.text.startswith(block.emphasis[0]) and len(block.emphasis[0].split()) <= MAX_LABEL_WORDS:
        rest = block.text[len(block.emphasis[0]) :].lstrip(" .:–—-")
        if rest[:1].isupper():
            return block.emphasis[0], rest
    return run_in_head(block.text) or split_definition(block.text)


def _definition_lists(source: Source) -> list[Concept]:
    found = []
    for heading, body in sections(source.blocks):
        items = [
            (i, b, d) for i, b in enumerate(body) if b.kind is BlockKind.LIST_ITEM and b.level == 0 and (d := split_definition(b.text))
        ]
        if len(items) < 2:
            continue
        first = items[0][0]
        context = [heading.text if heading else "", *[b.text for b in reversed(body[:first]) if b.kind is BlockKind.PARAGRAPH][:2]]
        scheme = _scheme(context)
        if scheme is None:
            continue
        for _, block, (label, definition) in items:
            found.append(concept(scheme, label, source, (block,), "definition-list", definition=definition))
    return found


def _scheme(context: list[str]) -> str | None:
    """The heading decides when it names one scheme; else the sentences before the list, nearest first."""
    heading, *sentences = context
    hits = [s for s in SCHEMES if scheme_of([heading], (s,))]
    if len(hits) == 1:
        return hits[0]
    # risks only from the sentence that introduces the list ("... three kinds of risk:"), not from any that mentions risk
    nearest = [s for s in SENTENCE_OR_COLON.split(sentences[0])[-1:] if s.endswith(":")] if sentences else []
    return scheme_of(sentences, SCHEMES[:3]) or scheme_of(nearest, SCHEMES) or (hits[0] if hits else None)


def _defined_terms(source: Source) -> list[Concept]:
    found = []
    for block in source.blocks:
        if block.kind is not BlockKind.PARAGRAPH or not (parts := split_definition(block.text)):
            continue
        label, definition = parts
        first_sentence = re.split(r"(?<=[.!?])\s", definition, maxsplit=1)[0]
        if label.lower() in first_sentence.lower():
            term = label[0] + label[1:].lower()
            found.append(concept("term", term, source, (block,), "defined-term", definition=definition))
    return found
