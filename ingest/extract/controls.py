"""What export control covers, stated in prose: "For research, the rules can cover the export of dual-use goods,
the transfer of technology, including by e-mail, and the provision of technical assistance", "a permit may be
needed for the export of controlled goods, ... and the teaching of controlled technology to foreign nationals",
"Export controls. ... The regulations can apply to shipping controlled items abroad, to deemed exports (...),
and to travel abroad with controlled equipment or data." Each enumerated item is an activity, where the
paragraph speaks of export control."""

import re

from ..parse.model import BlockKind
from ..records import Concept
from .base import SENTENCE, Source, concept, to_label

EXPORT_CONTROL = re.compile(r"\bexport[- ]control|\bexport (?:licen[cs]|regulation|rules)|\bdual[- ]use (?:regulation|export)", re.I)
COVERS = re.compile(
    r"\b(?:cover|covers|apply to|applies to|extend to|extends to|needed for|required for|requires? a licen[cs]e for|"
    r"needs? a licen[cs]e for|reach(?:es)?)\s+(?P<items>[^.;:]+)",
    re.I,
)
ASIDE = re.compile(r"\s*\([^)]*\)|,\s+(?:including|such as|for example|e\.g\.)\b.*?(?=,\s+(?:and|or)\s|$)")
MAX_ITEM_WORDS = 10
MIN_ITEMS = 2


def read(source: Source) -> list[Concept]:
    found = []
    for block in source.blocks:
        if block.kind is not BlockKind.PARAGRAPH or " | " in block.text or not EXPORT_CONTROL.search(block.text):
            continue
        for sentence in SENTENCE.split(block.text):
            for m in COVERS.finditer(sentence):
                for label in covered(m["items"]):
                    found.append(concept("activity", label, source, (block,), "export-control-prose"))
    return found


def covered(text: str) -> list[str]:
    """ "the export of goods, the transfer of technology, including by e-mail, and the provision of assistance"
    -> ["Export of goods", "Transfer of technology", "Provision of assistance"]; [] unless an enumeration."""
    text = ASIDE.sub("", text)
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+|or\s+)?|\s+and\s+(?=(?:to\s+)?(?:the|a|an)\s)", text)]
    items = []
    for part in parts:
        part = re.sub(r"^(?:to|for)\s+", "", part)
        part = re.sub(r"^(?:the|a|an|any)\s+", "", part, flags=re.I)
        if re.match(r"^(?:which|who|that|so|but|because|where|when|while|if|as)\b", part, re.I):
            break  # "intangible technology, which includes knowledge, so ...": a clause about the item, not another item
        if not part or len(part.split()) > MAX_ITEM_WORDS:
            return []
        items.append(to_label(part))
    items = [i for i in items if i]
    return items if len(items) >= MIN_ITEMS else []
