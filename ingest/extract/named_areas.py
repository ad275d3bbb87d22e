"""Technology areas named in a sentence: "Fields such as underwater technology and materials technology are known
to interest foreign actors", "technologies such as quantum sensing and gene synthesis". The items after "such as",
"including" or "like" that follow "technologies", or that name a technology themselves ("... technology"), are
technology areas. Like values named in prose, only for a document whose structure names no technology area."""

import re

from ..records import Concept
from .base import Source, concept, to_label
from .named import METHOD

NAMED = re.compile(
    r"\b(?P<cue>technologies|fields|areas|domains|disciplines)(?:\s+of\s+\w+)?,?\s+"
    r"(?:such as|including|like|namely|among them|for example|for instance)\s+"
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
        items = _split(text)
        items = [re.sub(r"^(?:the|a|an)\s+|\s+\w+ly$", "", i, flags=re.I) for i in items]  # no article, no "... closely"
        if len(items) < MIN_ITEMS or any(len(i.split()) > MAX_ITEM_WORDS for i in items):
            continue
        if m["cue"].lower() != "technologies" and not (all(TECHNOLOGY.search(i) for i in items) or _mixed(items)):
            continue
        return [to_label(i) for i in items]
    return _led(sentence)


def _split(text: str, last_joined_by: str = "and|or") -> list[str]:
    """The items of a list in a sentence: between commas, with the last "and" (or "or") opening the last item. An item
    with an "and" of its own stays one ("advanced materials and manufacturing, quantum science and biotechnology")."""
    parts = [p.strip() for p in re.split(r",\s*", text) if p.strip()]
    if not parts:
        return []
    last = re.sub(r"^(?:and|or)\s+", "", parts[-1])
    if last != parts[-1]:  # "..., and space technology"
        return [*parts[:-1], last]
    joined = list(re.finditer(rf"\s(?:{last_joined_by})\s", last))
    if not joined:
        return parts
    split = joined[-1]
    return [*parts[:-1], last[: split.start()].strip(), last[split.end() :].strip()]


# "... cluster in a few areas of dual-use and emerging technology: A, B, ..., and Z", "The Act names seventeen sensitive
# areas; those that touch research most often are A, B, ... and Z": a lead that names technologies, then the list
LEAD = re.compile(
    r"(?P<lead>\b(?:technolog(?:y|ies)|sensitive (?:research )?(?:areas|fields|sectors)|dual-use|critical (?:areas|fields))\b"
    r"[^.:]{0,120}?)(?::|\s(?:are|include))\s+(?P<items>[^:]+)$",
    re.I,
)
DEED = re.compile(r"^[a-z]+ing\b(?<!engineering)(?<!computing)(?<!manufacturing)(?<!processing)(?<!sensing)", re.I)  # "sending drawings"
MIN_LED_ITEMS = 4  # a list a lead announces without "such as" runs to four or more


# "Areas that typically deserve a closer look include quantum technologies, artificial intelligence, ...": a lead that
# names fields or areas only, whose list says itself that it holds technologies
AREAS_LEAD = re.compile(r"(?P<lead>\b(?:areas|fields|domains)\b[^.:]{0,120}?)(?::|\s(?:are|include))\s+(?P<items>[^:]+)$", re.I)
MIXED_ITEM_WORDS = 4


def _mixed(items: list[str]) -> bool:
    """A list of short names at least one of which is a technology ("quantum technology, semiconductors, artificial
    intelligence and molecular biology"): fields of technology, not of law or history."""
    names = [n for i in items for n in re.split(r"\s+and\s+", i)]  # "artificial intelligence and big data": two short names
    return any(TECHNOLOGY.search(i) for i in items) and all(len(n.split()) <= MIXED_ITEM_WORDS for n in names)


def _led(sentence: str) -> list[str]:
    m = LEAD.search(sentence.rstrip(". "))
    if m is None and (m := AREAS_LEAD.search(sentence.rstrip(". "))) is not None:
        items = _led_items(m)
        return items if items and _mixed(items) else []
    return _led_items(m) if m is not None else []


def _led_items(m: re.Match) -> list[str]:
    listed = m["items"].split(";")[0]  # not the clause after a ";"
    if len([p for p in re.split(r",\s*", listed) if p.strip()]) < 2:
        return []
    # "satellite and space technologies and synthetic biology" (an "or" here joins one item: "software or cloud services")
    parts = _split(listed, last_joined_by="and")
    items = [re.sub(r"^(?:the|a|an)\s+", "", p, flags=re.I) for p in parts]
    if len(items) < MIN_LED_ITEMS or any(len(i.split()) > MAX_ITEM_WORDS or VERB.search(f" {i}") or DEED.match(i) for i in items):
        return []
    return [to_label(i) for i in items]
