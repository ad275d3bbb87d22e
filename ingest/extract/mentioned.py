"""Values a document holds without listing them: a distinctive word of the shared vocabulary of values
(ontology/lexicon.ttl: "academic freedom", "openness", "transparency", "reciprocity") used in running prose as a
noun in its own right: "the University also cares about reciprocity", "excellence comes from openness", "acts on the
basis of proportionality". Guidance names the values it holds in a thousand wordings, so the reader does not ask
how the sentence speaks of the word, only that the word stands for itself:
- not inside a name ("the Foreign Influence Transparency Scheme", "the Research Integrity team");
- a noun ("openness", not "open by default"), not modifying another noun ("the research integrity office");
- not a topic when named alone ("research integrity", "human rights": the vocabulary's scope notes say which);
- not in a question, nor in what a speaker said.
A value named this way whose wording opens a longer principle or value of the same document ("Transparency" beside
"Transparency with sponsors") is that one, and is dropped (``pruned``)."""

import re

from ..records import Concept
from .base import Source, concept, is_question
from .coordinated import parsed
from .known_terms import _label, lexicon, pattern, topics
from .named import spoken

METHOD = "value-word-in-prose"
MODIFYING = {"compound", "amod", "nmod", "poss"}  # the word's head noun comes after it: it describes that noun
CAPITAL = re.compile(r"^[A-Z][a-z]")
LEADING = re.compile(r"^[\s\W\d]*(?:[A-Z]\.|[ivx]+\.)?[\s\W\d]*")  # numbering and marks before a sentence's first word


def read(source: Source) -> list[Concept]:
    words = lexicon()
    chosen = []
    for block, sentence in source.prose_sentences():
        hits = [h for h in pattern().finditer(sentence) if words[h.group(0).lower()] and h.group(0).lower() not in topics()]
        if hits and not is_question(sentence) and not spoken(sentence):
            hits = [h for h in hits if not _in_name(sentence, h)]
            if hits:
                chosen.append((block, sentence, hits))
    found = []
    for (block, _, hits), doc in zip(chosen, parsed([s for _, s, _ in chosen]), strict=True):
        for hit in hits:
            if _names_a_value(doc, hit):
                found.append(concept("value", _label(hit.group(0).lower()), source, (block,), METHOD))
    return found


def _in_name(sentence: str, hit: re.Match) -> bool:
    """The word is part of a name: capitalised where the sentence does not start, or beside a capitalised word
    that is not the sentence's first."""
    start = LEADING.match(sentence).end()
    if hit.start() > start and hit.group(0)[:1].isupper():
        return True
    before = sentence[start : hit.start()].split()
    after = sentence[hit.end() :].split()
    return bool((len(before) > 1 and CAPITAL.match(before[-1])) or (after and CAPITAL.match(after[0])))


def _names_a_value(doc, hit: re.Match) -> bool:
    """The word is a noun phrase in its own right: its head is a noun ("openness", not "open by default") that does not
    describe a noun after it ("the research integrity office")."""
    tokens = [t for t in doc if t.idx >= hit.start() and t.idx + len(t.text) <= hit.end()]
    heads = [t for t in tokens if t.head not in tokens or t.head == t]
    if len(heads) != 1:
        return False  # the parser read it otherwise: leave it
    head = heads[0]
    return head.pos_ in ("NOUN", "PROPN") and not (head.dep_ in MODIFYING and head.head.i > head.i)


def pruned(concepts: list[Concept]) -> list[Concept]:
    """Without the values this reader named whose wording opens a longer principle or value of the document."""
    longer = [c.label.casefold() for c in concepts if c.scheme in ("principle", "value") and c.method != METHOD]
    held = set(longer)

    def opens_another(label: str) -> bool:
        key = label.casefold()
        return key not in held and any(other.startswith(key + " ") for other in longer)

    return [c for c in concepts if c.method != METHOD or not opens_another(c.label)]
