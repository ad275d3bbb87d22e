"""Technology areas named in a sentence: "Fields such as underwater technology and materials technology are known
to interest foreign actors", "technologies such as quantum sensing and gene synthesis". The items after "such as",
"including" or "like" that follow "technologies", or that name a technology themselves ("... technology"), are
technology areas. Like values named in prose, only for a document whose structure names no technology area."""

import re

from ..records import Concept
from .base import Source, concept, to_label
from .named import METHOD

NAMED = re.compile(
    r"\b(?P<cue>technologies|fields|areas|domains|disciplines)(?:\s+of\s+\w+)?,?\s+(?:such as|including|like|namely)\s+"
    r"(?P<items>[^.;:()]+)",
    re.I,
)
VERB = re.compile(r"\s(?:are|is|was|were|have|has|had|can|could|may|might|will|would|should|must)\b.*$", re.I)
TECHNOLOGY = re.compile(r"\btechnolog(?:y|ies)$", re.I)
MAX_ITEM_WORDS = 6
MIN_ITEMS = 2


def read(source: Source) -> list[Concept]:
    found = []
    for block, sentence in source.prose_sentences():
        found += [concept("technology-area", label, source, (block,), METHOD) for label in technologies_in(sentence)]
    return found


def technologies_in(sentence: str) -> list[str]:
    """The technologies a sentence names after "technologies such as" or "fields such as ... technology"."""
    for m in NAMED.finditer(sentence):
        text = VERB.sub("", m["items"])
        if m["cue"].lower() != "technologies" and (last := list(re.finditer(r"technolog(?:y|ies)\b", text, re.I))):
            text = text[: last[-1].end()]  # "underwater technology and materials technology interest buyers": up to the last
        items = [i.strip() for i in re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", text) if i.strip()]
        items = [re.sub(r"^(?:the|a|an)\s+|\s+\w+ly$", "", i, flags=re.I) for i in items]  # no article, no "... closely"
        if len(items) < MIN_ITEMS or any(len(i.split()) > MAX_ITEM_WORDS for i in items):
            continue
        if m["cue"].lower() != "technologies" and not all(TECHNOLOGY.search(i) for i in items):
            continue
        return [to_label(i) for i in items]
    return _led(sentence)


# "... cluster in a few areas of dual-use and emerging technology: A, B, ..., and Z", "The Act names seventeen sensitive
# areas; those that touch research most often are A, B, ... and Z": a lead that names technologies, then the list
LEAD = re.compile(
    r"(?P<lead>\b(?:technolog(?:y|ies)|sensitive (?:research )?(?:areas|fields|sectors)|dual-use|critical (?:areas|fields))\b"
    r"[^.:]{0,120}?)(?::|\s(?:are|include))\s+(?P<items>[^:]+)$",
    re.I,
)
DEED = re.compile(r"^[a-z]+ing\b(?<!engineering)(?<!computing)(?<!manufacturing)(?<!processing)(?<!sensing)", re.I)  # "sending drawings"
MIN_LED_ITEMS = 4  # a list a lead announces without "such as" runs to four or more


def _led(sentence: str) -> list[str]:
    if (m := LEAD.search(sentence.rstrip(". "))) is None:
        return []
    parts = [p.strip() for p in re.split(r",\s*", m["items"]) if p.strip()]
    if len(parts) < 2:
        return []
    last = re.sub(r"^(?:and|or)\s+", "", parts[-1])
    if not parts[-1].startswith(("and ", "or ")) and " and " in last:  # "satellite and space technologies and synthetic biology"
        head, _, tail = last.rpartition(" and ")
        parts[-1:] = [head, tail]
    else:
        parts[-1] = last
    items = [re.sub(r"^(?:the|a|an)\s+", "", p, flags=re.I) for p in parts]
    if len(items) < MIN_LED_ITEMS or any(len(i.split()) > MAX_ITEM_WORDS or VERB.search(f" {i}") or DEED.match(i) for i in items):
        return []
    return [to_label(i) for i in items]
