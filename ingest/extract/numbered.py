"""Numbered sections that name their own scheme: "Principle 1: Openness", "Value 3 – Integrity",
"Risk area 2. Insider threat", as headings, list items or paragraphs; the text after the number
(up to a colon or sentence end) is the label, the rest of the block or the next paragraph the definition."""

import re

from ..parse.model import BlockKind
from ..records import Concept
from .base import Source, concept, to_label

NUMBERED = re.compile(
    r"^(?P<word>principle|value|risk area|risk|threat|vector)\s+(?P<n>\d+|[ivx]+|[a-z])\s*[:.)–—-]\s*(?P<rest>\S.*)$", re.I | re.S
)
SCHEME = {"principle": "principle", "value": "value", "risk area": "risk-area", "risk": "risk-area", "threat": "risk-area"}
SCHEME["vector"] = "risk-vector"


def read(source: Source) -> list[Concept]:
    found = []
    blocks = source.blocks
    for i, block in enumerate(blocks):
        if (m := NUMBERED.match(block.text)) is None:
            continue
        label_text, _, rest = m["rest"].partition(": ")
        if block.kind is BlockKind.HEADING and len(label_text.split()) <= 12:
            label = label_text.strip(" .:;")  # a heading is a name as it stands ("As open as possible, as closed as necessary")
            label = label[:1].upper() + label[1:]
        else:
            label = to_label(label_text, max_words=10)
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        definition = rest or (nxt.text if block.kind is BlockKind.HEADING and nxt and nxt.kind is BlockKind.PARAGRAPH else None)
        if label:
            found.append(concept(SCHEME[m["word"].lower()], label, source, (block,), "numbered-section", definition=definition))
    return found
