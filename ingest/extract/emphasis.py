"""Words set in bold inside a sentence that says what they are: "protect the values on which research
rests: **academic freedom**, **integrity** and **institutional autonomy**", "must never weaken
**academic freedom** and **research integrity**, which it treats as values". The writer's bold marks
where each name begins and ends, which a sentence alone does not; the sentence (or the one before it
in the same paragraph) names the scheme, with the bold words themselves left out of that reading.
A bold head that opens a block ("**Transparency**: ...") is a definition item, the definitions
reader's, and table cells are the tables reader's."""

import re

from ..parse.model import BlockKind
from ..records import Concept
from .base import SENTENCE, Source, concept, scheme_of, to_label

SCHEMES = ("principle", "value", "risk-area")
MAX_WORDS = 8
HEAD_END = re.compile(r"^\s*[:.–—-]")


def read(source: Source) -> list[Concept]:
    found = []
    for block in source.blocks:
        if not block.emphasis or block.kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM) or source.is_table(block):
            continue
        sentences = _sentences(block.text)
        blanked = block.text
        for phrase in block.emphasis:
            blanked = blanked.replace(phrase, "_" * len(phrase), 1)
        position = 0
        for phrase in block.emphasis:
            at = block.text.find(phrase, position)
            if at < 0:
                continue
            position = at + len(phrase)
            if at == 0 and HEAD_END.match(block.text[position:]):
                continue  # a run-in head
            index = next((i for i, (start, end) in enumerate(sentences) if start <= at < end), 0)
            context = [blanked[slice(*sentences[index])]] + ([blanked[slice(*sentences[index - 1])]] if index else [])
            scheme = scheme_of(context[:1], SCHEMES) or scheme_of(context[1:], SCHEMES)
            if scheme is None:
                continue
            for part in re.split(r"[,;]\s+", phrase):
                label = to_label(part)
                if label and len(label.split()) <= MAX_WORDS:
                    definition = block.text[slice(*sentences[index])]
                    found.append(concept(scheme, label, source, (block,), "emphasis-in-sentence", definition=definition))
    return found


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``."""
    starts = [0, *(m.end() for m in SENTENCE.finditer(text))]
    return list(zip(starts, [*starts[1:], len(text)], strict=True))
