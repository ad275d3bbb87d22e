"""Technology areas named in a sentence: "Fields such as underwater technology and materials technology are known
to interest foreign actors", "research on dual-use technologies, emerging technologies and commercially sensitive
topics". An enumeration (commas, a final "and"/"or") whose items name technologies ("... technology",
"... technologies") gives those items. Like values named in prose, only for a document whose structure (a list,
a table, headings) names no technology area itself."""

import re

from ..parse.model import BlockKind
from ..records import Concept
from .base import Source, concept, to_label

METHOD = "named-in-sentence"
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
ITEM = r"(?:[\w-]+\s+){0,4}?technolog(?:y|ies)"
TECH_ITEM = re.compile(rf"^{ITEM}$", re.I)
LEAD = re.compile(r"^(?:such as|including|namely|on|in|of|like|as|about|are|fields|areas)\s+", re.I)
MIN_ITEMS = 2


def read(source: Source) -> list[Concept]:
    found = []
    for block in source.blocks:
        if block.kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM) or " | " in block.text:
            continue
        for sentence in SENTENCE.split(block.text):
            for label in technologies_in(sentence):
                found.append(concept("technology-area", label, source, (block,), METHOD))
    return found


def technologies_in(sentence: str) -> list[str]:
    """The items of an enumeration in ``sentence`` that name technologies, when at least two do."""
    for m in re.finditer(r"[^,;:()]*technolog(?:y|ies)(?:,\s+[^,;:()]+)*", sentence, re.I):
        parts = [p.strip() for p in re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", m.group(0))]
        items = []
        for part in parts:
            words = part.split()
            # the item is the end of the part: "research on dual-use technologies" -> "dual-use technologies"
            tail = next(
                (" ".join(words[k:]) for k in range(max(0, len(words) - 5), len(words)) if TECH_ITEM.match(" ".join(words[k:]))), None
            )
            if tail and len(_trim(tail).split()) >= 2:  # "dual-use technologies", not bare "technology"
                items.append(_trim(tail))
        if len(items) >= MIN_ITEMS:
            return [to_label(i) for i in items if i]
    return []


def _trim(item: str) -> str:
    """No leading article, preposition or determiner: "the quantum technologies" -> "quantum technologies"."""
    words = item.split()
    while words and words[0].lower() in STOP:
        words.pop(0)
    return " ".join(words)


STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "such",
        "as",
        "on",
        "in",
        "of",
        "and",
        "or",
        "including",
        "namely",
        "like",
        "these",
        "those",
        "other",
        "new",
        "some",
        "many",
        "fields",
        "areas",
        "research",
        "work",
        "into",
        "with",
        "for",
        "about",
    ]
)
