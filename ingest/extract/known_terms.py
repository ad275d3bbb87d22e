"""Values enumerated in prose without being called values: "Canadian research depends on openness,
collaboration and academic freedom", "the commitments that made its research strong: openness,
transparency, honesty, equity and fair competition". Research-security guidance names its values
with a small, shared vocabulary (ontology/lexicon.ttl, a SKOS scheme drawn from the G7, OECD, EU and
UNESCO texts). A list in a sentence, from its first word of the vocabulary on, whose items include two
of them, one at least distinctive ("academic freedom", not just "security"), is a list of values; every
item of that list is one (principles when the sentence says so)."""

import functools
import re

import pyoxigraph as ox

from ..records import Concept
from ..settings import PROJECT_ROOT
from .base import QUALIFIER, VALUE_COMPLEMENT, Source, concept, is_question, to_label, value_names
from .named import split_items, spoken

LEXICON = PROJECT_ROOT / "ontology" / "lexicon.ttl"
SKOS = "http://www.w3.org/2004/02/skos/core#"
MIN_KNOWN = 2
MIN_ITEMS = 3  # "research integrity and trust" pairs two words; a list of values runs to three or more
CLAUSAL = re.compile(r"\b(?:which|that|who|whose|where|when|while|is|are|was|were|has|have|rests?|adopted|means?)\b", re.I)
GERUND = re.compile(r"^[a-z]+ing\b(?<!thing)", re.I)
# "maintaining the essential principles of openness" (not "in keeping with the openness ...")
# (not "in keeping with the openness ...", nor "going with integrity, transparency and trust": a manner, not a deed)
GERUND_BEFORE = re.compile(r"\b(?!keeping with\b)[a-z]+ing\s+(?:[\w-]+\s+){0,4}(?<!\bwith )$", re.I)
OWNER = re.compile(r"^(?:its|their|our|his|her|the|a|an)\s+", re.I)
LIST_END = re.compile(r"\s[—–]\s|\s-\s|[()]|\s(?:are|is|were|was|remain|remains|make|makes|made|have|has|lie|lies)\s")
RELATIVE_TAIL = re.compile(r"\s(?:(?:under|in|on|by|for|with|from|through)\s+which|that|which|who|whose)\s.*$", re.I)
MAX_ITEM_WORDS = 6
METHOD = "known-value-words"


@functools.cache
def lexicon() -> dict[str, bool]:
    """Each word or phrase of the vocabulary (lower case) -> whether it is distinctive."""
    store = ox.Store()
    store.load(path=str(LEXICON), format=ox.RdfFormat.TURTLE)
    notes = {q.subject: q.object.value for q in store.quads_for_pattern(None, ox.NamedNode(SKOS + "note"), None)}
    words = {}
    for predicate in ("prefLabel", "altLabel"):
        for quad in store.quads_for_pattern(None, ox.NamedNode(SKOS + predicate), None):
            words[quad.object.value.lower()] = notes.get(quad.subject) == "distinctive"
    return words


COMPLEMENT = {"of", "in", "about", "with", "towards", "toward", "between", "across", "for"}
MAX_MODIFIERS = 3  # "the free and open exchange of ideas"
MAX_COMPLEMENT = 5  # "integrity of the research enterprise"


def _known(item: str, words: dict[str, bool]) -> str | None:
    """The vocabulary word an item is, or holds with at most two words more ("unassailable integrity", "academic
    freedom intact"), or after a few modifiers and before a complement ("the free and open exchange of ideas",
    "integrity of the research enterprise", "transparency about funding")."""
    tokens = item.lower().split()
    spans = sorted(((i, j) for i in range(len(tokens)) for j in range(i + 1, len(tokens) + 1)), key=lambda s: s[0] - s[1])
    for i, j in spans:
        word = " ".join(tokens[i:j])
        if word not in words:
            continue
        after = tokens[j:]
        if len(tokens) - (j - i) <= 2:
            return word
        complement = not after or (after[0] in COMPLEMENT and len(after) <= MAX_COMPLEMENT)
        if i <= MAX_MODIFIERS and complement:
            return word
    return None


@functools.cache
def topics() -> frozenset[str]:
    """Words of the vocabulary that, named alone, are a topic rather than a value held ("research integrity",
    "human rights"): their concepts carry a skos:scopeNote."""
    store = ox.Store()
    store.load(path=str(LEXICON), format=ox.RdfFormat.TURTLE)
    noted = {q.subject for q in store.quads_for_pattern(None, ox.NamedNode(SKOS + "scopeNote"), None)}
    labels = store.quads_for_pattern(None, ox.NamedNode(SKOS + "prefLabel"), None)
    return frozenset(q.object.value.lower() for q in labels if q.subject in noted)


def _label(word: str) -> str:
    return word[:1].upper() + word[1:]


def _cut_after_last_item(listed: str) -> str:
    """A list whose last item is a vocabulary word the sentence runs on from ("..., scientific excellence and
    international collaboration only thrive when ...") ends with that word."""
    last = None
    for m in pattern().finditer(listed):
        if re.search(r"(?:,|\band)\s+(?:[\w-]+\s+){0,2}$", listed[: m.start()]):  # an item's word, after up to two modifiers
            last = m
    closing = last is not None and re.search(r"\band\s+(?:[\w-]+\s+){0,2}$", listed[: last.start()])
    if closing and (not re.match(r"\s*(?:,|and\b|$)", listed[last.end() :]) or SUBORDINATE.match(listed[last.end() :])):
        complement = OF_COMPLEMENT.match(listed[last.end() :])  # "the integrity of the research enterprise appear ..."
        return listed[: last.end() + (complement.end() if complement else 0)]
    return listed


CHAINED = re.compile(r"^(?:of|to|on|for)\s+", re.I)
OF_COMPLEMENT = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*)?(?=\s+[a-z]+\b)(?!\s+(?:of|and|or)\b)")
# "... with integrity, transparency and trust, while meeting ...": after the last item a clause of its own begins
SUBORDINATE = re.compile(
    r"\s*,\s*(?:while|when|whereas|where|which|who|as|so|but|because|since|although|though|if|unless|until|before|after|"
    r"in order|not|rather|even)\b",
    re.I,
)
# "... and academic freedom, and nothing in this procedure is meant to ...": a clause of its own after the list
NEW_CLAUSE = re.compile(
    r",\s*(?:and|or|yet|but)\s+(?:(?!(?:which|that|who|whom|whose|where|when)\b)[\w'’-]+\s+){0,8}?"
    r"(?:is|are|was|were|has|have|had|will|would|can|could|should|must|may|do|does)\b",
    re.I,
)


def _leading_term(item: str, words: dict[str, bool]) -> str | None:
    """The vocabulary word an item opens with, when more than a couple of words follow it that are not its complement
    ("integrity of the research enterprise" is one item)."""
    tokens = item.split()
    for j in range(len(tokens), 0, -1):
        if " ".join(tokens[:j]).lower() in words:
            rest = tokens[j:]
            complement = bool(rest) and rest[0].lower() in COMPLEMENT and len(rest) <= MAX_COMPLEMENT
            return " ".join(tokens[:j]) if len(rest) > 2 and not complement else None
    return None


@functools.cache
def pattern() -> re.Pattern:
    """Any word of the vocabulary, longest first."""
    words = sorted(lexicon(), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


def read(source: Source) -> list[Concept]:
    found = []
    for block, sentence in source.prose_sentences():
        if spoken(sentence) or is_question(sentence):
            continue  # what a speaker said, in minutes, or what a question asks
        listed = enumerated(sentence)
        # a value word named alone ("erodes academic freedom") is mentioned there, not stated: no source clause, as
        # for an organisation named in passing (the clause still reaches it through search by its label)
        blocks = (block,) if len(listed) > 1 else ()
        for scheme, label in listed:
            name, alts = value_names(label)
            found.append(concept(scheme, name, source, blocks, METHOD, alt_labels=alts))
    return found


# "protect the academic freedom of our researchers", "erodes academic freedom": a value is what is kept or harmed
KEPT = re.compile(
    r"\b(?:protect|safeguard|uphold|respect|defend|preserv|promot|erod|threaten|undermin|weaken|strengthen|cherish|"
    r"restrict|curtail|infring|compromis|jeopardi[sz]|rest(?:s|ing)? on|depend(?:s|ing)? on|buil(?:d|ds|t) on|"
    r"commitment to|committed to|dedicat(?:ed|ion) to|values|valued|on the basis of|based on|grounded in|guided by|"
    r"in line with|places? on|placed on)\w*\s+(?:(?:the|our|its|their|of)\s+)?(?:[\w-]+\s+)?$",
    re.I,
)
# "protects the academic freedom of staff and the institutional autonomy of universities": the second is kept too
COORDINATED = re.compile(r"\b(?:and|or|as well as)\s+(?:the\s+|its\s+|their\s+|our\s+)?$", re.I)


HEAD_END = re.compile(r",\s|\s(?:in|for|of|to|so that|because|which|that|where)\s")  # an item's head, then what it means


def semicolon_list(sentence: str) -> list[tuple[str, str]]:
    """Items a sentence lists with semicolons, each with what it means ("are honesty in proposing ... research;
    accountability for the research ...; rigour; and respect for ..."): the head of each, when two at least are value
    words."""
    parts = [p.strip() for p in sentence.rstrip(".").split(";")]
    if len(parts) < 3:
        return []
    first = re.split(r":\s|\s(?:are|is|include|includes)\s", parts[0])
    if len(first) < 2:
        return []
    parts[0] = first[-1]
    heads = [HEAD_END.split(re.sub(r"^(?:and|or)\s+", "", p), maxsplit=1)[0] for p in parts]
    heads = [OWNER.sub("", h).strip() for h in heads]
    words = lexicon()
    known = [w for h in heads if (w := _known(h, words))]
    if len(known) < MIN_KNOWN or not any(words[w] for w in known) or any(len(h.split()) > MAX_ITEM_WORDS for h in heads):
        return []
    scheme = "principle" if re.search(r"\b(?:principles?|commitments?)\b", sentence, re.I) else "value"
    return [(scheme, _label(h)) for h in heads if h]


def enumerated(sentence: str) -> list[tuple[str, str]]:
    """(scheme, label) for each item of a list of values in ``sentence``, or for a distinctive value word that the
    sentence says is protected, upheld or eroded."""
    if listed := semicolon_list(sentence):
        return listed
    words = lexicon()
    hits = list(pattern().finditer(sentence))
    if len(hits) < MIN_KNOWN:
        return _kept(sentence, hits, words)
    scheme = "principle" if re.search(r"\bprinciples?\b", sentence, re.I) else "value"
    found: list[tuple[str, str]] = []
    taken = -1  # a sentence may hold two lists ("... openness and transparency are ..., and that academic freedom and ...")
    for hit in hits:  # the list starts at its first known word
        if hit.start() < taken:
            continue
        rest = sentence[hit.start() :]
        if (m := NEW_CLAUSE.search(rest)) and not pattern().search(m.group(0)):  # unless its subject is a value too
            rest = rest[: m.start()]
        listed = LIST_END.split(rest, maxsplit=1)[0]  # "— openness, honesty and merit — and it ..."
        listed = _cut_after_last_item(listed)
        raw, consumed = _chained(sentence[: hit.start()], listed)
        raw = raw or split_items(listed, min_items=2)
        if any(CLAUSAL.search(item) for item in raw[:-1]):
            continue  # "research integrity rather than ..., and argued that honesty, ...": the list starts later
        # "speaks of manaakitanga, of respect ... and of accountability": the preposition each item repeats is not its name
        items = [_label(CHAINED.sub("", OWNER.sub("", RELATIVE_TAIL.sub("", item)))) for item in raw]
        if items:  # the last item runs on into the sentence ("international collaboration only thrive when ...")
            leading = _leading_term(items[-1], words)
            items[-1] = leading if leading and not VALUE_COMPLEMENT.search(items[-1]) else items[-1]  # value_names cuts those
        if GERUND_BEFORE.search(sentence[: hit.start()]) or any(GERUND.match(item) for item in items):
            continue  # "balancing openness with security, fostering collaboration, ...": things done, not values held
        if any(CLAUSAL.search(item) for item in items):
            continue  # "Research Integrity, adopted by ..., which rests on honesty, ...": the list starts later
        known = [word for item in items if (word := _known(item, words))]
        distinctive = [word for word in known if words[word]]
        listing = len(items) >= MIN_ITEMS and len(known) >= MIN_KNOWN and distinctive
        if listing or (len(items) == 2 and len(distinctive) == 2):  # "safeguard academic freedom and research ethics"
            found += [(scheme, item) for item in items if len(item.split()) <= MAX_ITEM_WORDS and not PEOPLE.match(item)]
            taken = hit.start() + (consumed or len(listed))
    return found or _kept(sentence, hits, words)


CHAIN_START = re.compile(r"\b(?P<prep>on|of|to|for|by)\s+$", re.I)  # (by: "stands by A, by B and by C")


def _chained(before: str, listed: str) -> tuple[list[str], int]:
    """The items of a list that repeats its preposition, split where it comes again, whatever commas an item holds
    ("depends on academic freedom, on equity, diversity and inclusion, and on the free exchange of ideas"), and how
    much of ``listed`` they take: after the last preposition's item the sentence may go on ("..., and the free
    exchange of ideas is the reason ...")."""
    if not (start := CHAIN_START.search(before)):
        return [], 0
    parts = re.split(rf"(?:[,;]\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+){start['prep']}\s+", listed)
    if len(parts) < 2:
        return [], 0  # the preposition once: a plain list
    items, consumed = [], 0
    for k, part in enumerate(parts):
        last = k == len(parts) - 1
        part = QUALIFIER.split(part.strip(" ,"), maxsplit=1)[0]  # "of transparency, meaning that ...": its name
        if last:  # the sentence goes on after it: other lists it holds are read on their own
            consumed = listed.rindex(part)
        if last and "," in part and part.lower() not in lexicon():
            # ... perhaps naming one more value ("... the world, and the free exchange of ideas is the reason ..."), not
            # anything else ("... to the world, and we want research security to ...")
            ending = [re.sub(r"^and\s+(?:the\s+|an?\s+)?", "", p) for p in re.split(r",\s*", part)[1:] if p.startswith("and ")]
            items += [to_label(p) for p in ending if p.lower() in lexicon()]
            part = part.split(",")[0]
        part = COMMITTED.sub("", re.sub(r"^(?:the|a|an)\s+", "", part, flags=re.I))  # "a shared commitment to honesty"
        # a list of its own after the preposition ("on curiosity, collaboration and integrity"), or one item
        named = split_items(part, min_items=1) if "," in part and part.lower() not in lexicon() else [to_label(part)]
        named = [TRAILING.sub("", RELATIVE_TAIL.sub("", item)) for item in named]
        items += [item for item in named if item and item.split()[0].lower() not in NOT_VALUES]  # "on the conviction that"
    return (items, consumed) if len(items) >= MIN_KNOWN else ([], 0)


TRAILING = re.compile(r"(?:\s+(?:to|of|for|and|or|in|on|who|which|that|whose))+$", re.I)  # "the academic freedom of its staff to"
# An item that names people, however the sentence lists them with values ("stands by academic freedom, ... and by the
# international students and scholars who ...")
PEOPLE_WORDS = r"(?:students|scholars|researchers|staff|colleagues|partners|people|members|faculty|visitors|academics|scientists)"
PEOPLE = re.compile(rf"^(?:[\w-]+\s+)?{PEOPLE_WORDS}(?:\s+(?:and|or)\s+(?:[\w-]+\s+)?{PEOPLE_WORDS})?$", re.I)
COMMITTED = re.compile(r"^(?:[\w-]+\s+)?(?:commitment|dedication|devotion)\s+to\s+(?:the\s+)?", re.I)
# Words for holding something, not what is held
NOT_VALUES = frozenset({"conviction", "belief", "idea", "premise", "view", "understanding", "recognition", "expectation"})


def _kept(sentence: str, hits: list[re.Match], words: dict[str, bool]) -> list[tuple[str, str]]:
    """Distinctive value words the sentence says are kept, harmed, valued or committed to, one by one, and any value
    word joined to such a word by "and" ("respects the freedom of research and the autonomy of the University")."""
    found, kept = [], False
    for hit in hits:
        before = sentence[: hit.start()]
        coordinated = kept and bool(COORDINATED.search(before))
        kept = bool(KEPT.search(before)) or coordinated
        if kept and (words[hit.group(0).lower()] or coordinated):
            found.append(("value", _label(hit.group(0).lower())))
    return found
