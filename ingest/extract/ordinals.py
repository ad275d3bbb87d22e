"""Enumerations in prose: "Knowledge security is about three kinds of harm. The first is the
undesirable transfer of sensitive knowledge ... The second is covert influence ... The third
concerns ethical questions ...". The sentence that counts them names the scheme (harms, risks,
threats, principles, values); each "The first/second/... is X" gives one concept, X cut to a label."""

import re

from ..parse.model import BlockKind
from ..records import Concept
from .base import SENTENCE, Source, concept, scheme_of, to_label

COUNT = re.compile(
    r"\b(?:two|three|four|five|six|seven|\d)\s+(?:kinds?|types?|forms?|sorts?|categories|groups?|main)?\s*(?:of\s+)?\w+", re.I
)
ORDINAL = re.compile(
    r"^(?:The\s+)?(?:first|second|third|fourth|fifth|sixth|seventh|last|final)(?:\s+\w+)?\s+"
    r"(?:is|are|concerns|involves|covers|relates to|lies in|comes from)\s+(?P<what>.+)$",
    re.I | re.S,
)
SCHEMES = ("principle", "value", "risk-area")
MIN_ITEMS = 2


def read(source: Source) -> list[Concept]:
    found = []
    for block in source.blocks:
        if block.kind is not BlockKind.PARAGRAPH:
            continue
        sentences = SENTENCE.split(block.text)
        for i, announce in enumerate(sentences):
            if not COUNT.search(announce) or (scheme := scheme_of([announce], SCHEMES)) is None:
                continue
            items = []
            for sentence in sentences[i + 1 :]:
                if (m := ORDINAL.match(sentence)) is None:
                    break
                items.append(to_label(re.sub(r"^(?:that\s+)?(?:the|a|an)\s+|^that\s+", "", m["what"], flags=re.I)))
            if len(items) >= MIN_ITEMS:
                found += [concept(scheme, label, source, (block,), "ordinal-prose", definition=block.text) for label in items if label]
    return found
