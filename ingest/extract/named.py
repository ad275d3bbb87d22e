"""Values, principles and risks named inside sentences rather than listed:
- "The values that define the community, namely excellence, openness and collaboration, are ...",
  "academic values, which include academic freedom and research ethics";
- "Freedom of research is a value of high rank", "Openness and academic freedom are values we keep";
- "It values academic freedom and independent research" (the verb);
- "... share one principle: research should be as open as possible", "the principle, set out in ..., that X";
- "threats such as espionage, theft of data and coercion", "the main risks are A, B and C".
Only where the sentence itself says that what it names are values or principles, and only for a scheme the document's
structure (lists, headings, tables) does not already state: there the structure is the document's own statement."""

import re
from collections import Counter
from dataclasses import replace

from ..parse.model import Block
from ..records import Concept
from .base import MOTTO, Source, concept, full_wording, noun_label, scheme_of, to_label, value_names

WORD = r"(?P<word>values?|principles?)"
# "values ..., namely A, B and C" / "values, which include A, B and C" / "values such as A and B" / "values: A, B and C"
# "values are A, B and C", "values, which ..., are A, B and C", "values—A, B and C—are ...": a copula or a dash opens it too
ENUMERATED = re.compile(
    rf"\b{WORD}\b(?:(?:,?\s+(?:that|which|we|our|they|the|its|their)\s[^.;:,–—]{{0,60}},?|\s+(?:of|in|at|for|behind|underlying)\s[^.;:,–—]{{0,40}})?,?\s*"
    r"(?:(?:\bnamely|\bwhich include|\binclude|\bincludes|\bsuch as|\bare)\s+|:\s+|[—–]\s*)|,?\s+including\s+)(?P<items>[^.;:—–]+)",
    re.I,
)
# "threats such as espionage, theft and coercion", "the main risks are A, B and C"
RISKS = re.compile(
    r"\b(?:(?:risks?|threats?)(?:\s+(?:to|for)\s[^.;:,]{0,40})?,?\s*(?:\bsuch as|\bincluding|\bnamely|\binclude|\bincludes|:)"
    r"|(?:main|key|principal|greatest|biggest)\s+(?:risks|threats)\s+(?:are|include))\s+(?P<items>[^.;:]+)",
    re.I,
)
# "built on the principles of subsidiarity, proportionality, institutional autonomy and academic freedom", "in keeping
# with the values of manaakitanga, whanaungatanga and kaitiakitanga"
# (the principles as what something rests on or keeps, not as a subject: "the values of openness and trust matter")
OF_LIST = re.compile(
    rf"\b(?:on|by|in|upon|with|uphold\w*|respect\w*|follow\w*|appl(?:y|ies|ied)|observ\w*|embod\w*|reflect\w*)\s+"
    rf"(?:the\s+|our\s+|its\s+|their\s+)?(?:shared\s+|core\s+|key\s+|fundamental\s+)?{WORD}\s+of\s+(?P<items>[^.;:()]+)",
    re.I,
)
LIST_CLAUSE = re.compile(r"(?:,\s*|\s)(?:so that|that|which|who|whom|whose)\s")  # "... and kaitiakitanga that the strategy names, and ..."
RISKS_POSED = re.compile(r"\b(?:risks?|threats?|dangers?)\s+(?:posed by|arising from|stemming from)\s+(?P<items>[^.;:]+)", re.I)
# "Freedom of research is a value ...", "Openness and academic freedom are values ..."
SUBJECT = re.compile(
    rf"^(?P<items>[A-Z][^,;:]{{2,80}}?)\s+(?:is|are)\s+(?:(?:a|an|one of (?:the|our)|among (?:the|our))\s+)?(?:\w+\s+)?{WORD}\b", re.I
)
ASIDE = re.compile(r",\s+(?:which|who|whom|as)\s[^,;:]{1,60},")
NOT_A_SUBJECT = re.compile(r"^(?:the|these|this|those|it|they|such|our|its|their|both|all|each|there|what|which|some|many)\b", re.I)
# "It values academic freedom and ...", "We value openness"
VERB = re.compile(
    r"(?:\b(?:it|we|they|which|who)\s+(?:also\s+|greatly\s+|strongly\s+)?|\w\s+(?:also|greatly|strongly)\s+)(?P<word>values?)\s+(?P<items>[^.;:]+)",
    re.I,
)
# "one principle: X", "the principle, set out in ..., that X"
STATED = re.compile(
    r"\b(?:the|one|a|our|this|its|their)\s+(?:\w+\s+)?(?P<word>principle|value)(?:,[^,]{0,120},)?\s*(?::|\bthat)\s+(?P<what>[^;:]+?)\s*(?:[.;:]|$)",
    re.I,
)


def spoken(sentence: str) -> bool:
    """What a speaker said, in minutes or a report of a meeting, not what the document itself states."""
    return bool(REPORTED.search(sentence) and SPOKEN.search(sentence))


SUBJECT_PRONOUN = re.compile(r"^(?:we|they|it|he|she|you|this|these|that|which|who|there)\b", re.I)
MOTTO_METHOD = "research-security-motto"
FINITE = re.compile(r"^(?:is|are|was|were|has|have|had|will|can|may|must|should|do|does|remain|remains)\b", re.I)
CLAUSE = re.compile(r"\b(?:should|must|shall|will|would|can|could|is|are|was|were)\b", re.I)
MAX_ITEM_WORDS = 8
METHOD = "named-in-sentence"
# Minutes and reports of a meeting tell what someone said ("Dr X introduced a model ... of three main values: ...",
# "Presented a diagram ..."): the speaker's values, not the document's own
REPORTING = r"(?:presented|introduced|described|noted|said|explained|highlighted|stressed|mentioned|argued|suggested|recalled|underlined)"
MINUTES_OPENING = r"[A-Z][a-z]+ed\s+(?:a|an|the|that|how|on|by)\b"  # "Presented a diagram ...": a minutes' line, its speaker implied
REPORTED = re.compile(rf"^{MINUTES_OPENING}|\b{REPORTING}\b")
# ... and said by a person (a speaker, a panellist, "Dr Lee", a minutes' "Presented a ..."), not by an issuer whose
# report the document relays ("JASON argued that honesty, transparency and reciprocity are the values ...": the document's own account)
# (a name is capitalised: "Jane Smith argued", not "The University has said", which is the issuer speaking)
SPOKEN = re.compile(
    rf"^(?:{MINUTES_OPENING}|(?i:Dr|Prof|Professor|Mr|Mrs|Ms|Mx|Minister|Commissioner|Ambassador|Chair|Sir|Dame)\.?\s+[A-Z]|"
    rf"(?!The\s)(?:[A-Z][a-z]+\s+){{1,2}}[A-Z][a-z]+\s+(?i:{REPORTING})\b|"
    r"(?i:(?:the|a|one|another)\s+(?:speaker|panellist|panelist|participant|delegate|presenter)s?)\b)"
)
MIN_ITEMS = 2


def read(source: Source) -> list[Concept]:
    found = []
    before: tuple[Block | None, str] = (None, "")
    for block, sentence in source.prose_sentences():
        previous = before[1] if before[0] is block else ""
        # a list run on in a paragraph of its own after a lead that ends the one before ("... are ordinary ones:" / "A; B; C")
        lead = before[1] if before[0] is not block and before[1].rstrip().endswith(":") else ""
        before = (block, sentence)
        if spoken(sentence):
            continue
        for scheme, named in named_in(sentence) if not REPORTED.search(sentence) else []:
            label, alts = value_names(named) if scheme in ("value", "principle") else (named, ())
            found.append(concept(scheme, label, source, (block,), METHOD, alt_labels=alts))  # named, not defined
        for m in MOTTO.finditer(sentence):  # the research-security motto, a principle wherever it stands, whatever else is stated
            found.append(concept("principle", to_label(m.group(0)), source, (block,), MOTTO_METHOD))
        for scheme, label, wording in semicolon_list(f"{lead} {sentence}" if lead else sentence, previous):
            alt = (wording,) if wording and wording.lower() != label.lower() else ()
            found.append(concept(scheme, label, source, (block,), METHOD, alt_labels=alt))
    return found


# "..., five recur: failure to disclose ...; diversion of ...; and pressure on ...", "Risks do exist. They include A; B; and C"
SEMICOLON_LIST = re.compile(r"(?::|\b(?:include|includes|including|are|were|namely)\b)\s+(?P<items>[^:]+?;[^:]+?;[^:]+)$")
# "In a university, the activities that can fall under these rules are ordinary ones: A; B; and C"
ACTIVITIES = re.compile(r"\bactivit(?:y|ies)\b", re.I)
THEY = re.compile(r"^(?:they|these|those|such risks|the main ones|the most common)\b", re.I)
ITEM_TAIL = re.compile(
    r",\s(?:which|who|whose|including|where|when|whether|because|so that|as|for example|e\.g\.)\b|\s(?:which|who|that)\s"
)


def semicolon_list(sentence: str, previous: str = "") -> list[tuple[str, str, str | None]]:
    """(scheme, label, whole wording) of each item of a list in a sentence that runs its items with semicolons after a
    lead naming activities, risks or threats (or after "They include" when the sentence before names them)."""
    m = SEMICOLON_LIST.search(sentence.rstrip().rstrip("."))
    if m is None:
        return []
    lead = sentence[: m.start()]
    if ACTIVITIES.search(lead):
        scheme = "activity"
    elif scheme_of([lead], ("risk-area",)) or (THEY.match(lead.strip()) and scheme_of([previous], ("risk-area",))):
        scheme = "risk-area"
    else:
        return []
    # "and, since May 2022, the provision of ...": no conjunction, no aside before the item
    aside = r"^(?:(?:and|or),?\s+)?(?:(?:since|from|until|in|after)\s[^,]{1,30},\s+)?"
    parts = [re.sub(aside, "", p.strip()) for p in m["items"].split(";")]
    heads = [ITEM_TAIL.split(part, maxsplit=1)[0].strip() for part in parts if part]
    if len(heads) < 3 or any(len(h.split()) > 16 or CLAUSE.search(h) for h in heads):
        return []
    cut = noun_label if scheme == "risk-area" else to_label
    return [(scheme, label, full_wording(head)) for head in heads if (label := cut(re.sub(r"^(?:the|a|an)\s+", "", head)))]


# "a commitment to inclusion" among values names inclusion
COMMITMENT = re.compile(r"^(?:(?:a|an|the|our|its|their)\s+)?(?:[a-z]+\s+)?commitments?\s+to\s+(?=\w)", re.I)


def _committed_to(item: str) -> str:
    """What a commitment among values is to ("a commitment to inclusion" -> "Inclusion"), else the item."""
    bare = COMMITMENT.sub("", item)
    return bare[:1].upper() + bare[1:]


COPULA = re.compile(r"\bare\s+$", re.I)
# what follows "values are" when it says something of them rather than naming them: a participle, a preposition, a comparison
NOT_NAMED = re.compile(
    r"^(?:(?:from|in|on|at|by|of|for|with|to|into|within|under|over|than|more|less|most|older|not|also|still|often|always|"
    r"never|there|those|these|what|as|all|both|each|one|two|three|four|five|six|seven|few|many|set|found|laid|written|meant|"
    r"kept|held|known|seen|given|taken|made|built|drawn|shown|understood|read|put|run)\b|\w+ed\b)",
    re.I,
)


def named_in(sentence: str) -> list[tuple[str, str]]:
    """(scheme, label) for each value or principle the sentence names as such."""
    found = []
    for pattern in (ENUMERATED, VERB, OF_LIST):
        for m in pattern.finditer(sentence):
            items = m["items"] if pattern is VERB else LIST_CLAUSE.split(m["items"], maxsplit=1)[0]  # "..., and C that makes"
            if pattern is ENUMERATED and COPULA.search(sentence[: m.start("items")]) and NOT_NAMED.match(items):
                continue  # "The principles are meant to guide ...", "The values are older than ...": said of them, not their names
            found += [(_scheme(m["word"]), _committed_to(item)) for item in split_items(items)]
    plain = ASIDE.sub("", sentence)  # "Academic freedom, which the Basic Law protects, and the trust ... are the values ..."
    if (m := SUBJECT.match(plain)) and not NOT_A_SUBJECT.match(m["items"]):
        items = split_items(m["items"], min_items=1)
        found += [(_scheme(m["word"]), item) for item in items]
    for m in RISKS.finditer(sentence):
        found += [("risk-area", noun_label(item)) for item in split_items(m["items"])]
    for m in RISKS_POSED.finditer(sentence):  # "the risks posed by the proliferation of ..., by abuses of ... and by terrorism"
        items = re.sub(r"(,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s+)by\s+", r"\1", m["items"])
        found += [("risk-area", noun_label(item)) for item in split_items(items)]
    for m in STATED.finditer(sentence):
        what = re.sub(r"^(?:the|a|an)\s+", "", m["what"].strip(), flags=re.I)
        if len(what.split()) >= 3 and not FINITE.match(what) and re.search(r"\b(?:should|must|shall|is|are|be)\b", what):
            found.append((_scheme(m["word"]), to_label(what, max_words=14)))
    return [(s, label) for s, label in found if label]


# A quality a noun names ("honesty", "openness", "freedom"), not one an adjective gives ("free", "open", "fair")
QUALITY_NOUN = re.compile(r"(?:ness|ism|ence|ance|dom|ship|our|ion|ment|cy|ty|my|ing|ics|st|ure)$", re.I)


def _paired_modifiers(part: str) -> bool:
    """ "the free and open exchange of ideas", "fair and transparent procedures": two words before one noun phrase."""
    words = re.sub(r"^(?:the|a|an|its|their|our)\s+", "", part, flags=re.I).split()
    return len(words) >= 4 and words[1] == "and" and not QUALITY_NOUN.search(words[0])


# what follows a list's last item and is no item of it: a chain going on ("and on D"), a contrast ("not to single out")
PREPOSITION = re.compile(r"^(?:on|of|to|in|for|with|by|from|not|rather|but|so|as|while|which|who)\s", re.I)


def split_items(text: str, min_items: int = MIN_ITEMS) -> list[str]:
    """ "excellence, openness, collaboration and academic freedom, are not ..." -> the four named, up to the verb."""
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+|or\s+)?", text)]
    items: list[str] = []
    for k, part in enumerate(parts):
        if not part or FINITE.match(part):
            break
        if CLAUSE.search(part):
            return []  # "one principle: research should be open": a statement, read as one (STATED)
        following = parts[k + 1] if k + 1 < len(parts) else ""
        goes_on = (
            following
            and not FINITE.match(following)
            and not CLAUSE.search(following)
            and not SUBJECT_PRONOUN.match(following)
            and not PREPOSITION.match(following)  # "built on A, B and C, and on D": the list ended, a chain goes on
            and len(following.split()) <= MAX_ITEM_WORDS
        )
        if " and " in part and goes_on and items and not re.match(r"^(?:and|or|the|a|an|its|their|our)\b", part):
            # "freedom of science, research and teaching, ...": only a list's last item follows its "and" (an item of its own
            # opens with its article: "the free and open exchange of ideas, and ...")
            items[-1] += ", " + part
            continue
        if " and " in part and not _paired_modifiers(part):
            head, _, tail = part.partition(" and ")
            pieces = [head, tail] if tail and not FINITE.match(tail) else [head]
        else:
            pieces = [part]
        if any(len(p.split()) > MAX_ITEM_WORDS for p in pieces):
            break
        items += pieces
        if (" and " in part and not _paired_modifiers(part)) or (k > 0 and re.match(r"^(?:and|or)\b", part)):
            break  # "A, B and C": C closes the list
    labels = [to_label(re.sub(r"^(?:the|a|an)\s+", "", item, flags=re.I)) for item in items]
    labels = [label for label in labels if label]
    return labels if len(labels) >= min_items else []


def _scheme(word: str) -> str:
    return "principle" if word.lower().startswith("principle") else "value"


# this reader's and the other prose readers' (known_terms, coordinated, held, mentioned)
FALLBACK_METHODS = (METHOD, "known-value-words", "parsed-coordination", "held-position", "value-word-in-prose")
# Prose readers that guess a list's scheme from a nearby word, which may name the other scheme; coordinated's list is
# what its cue word calls it ("A and B are values"), or nothing
RESCHEMED = (METHOD, "known-value-words")


STATED_LIST = 3  # a document states its values (or principles) when its structure gives at least this many


def fallback(concepts: list[Concept]) -> list[Concept]:
    """Values or principles named in prose only for a scheme the document's structure does not state as a list. Where
    the structure states the principles and not the values, what prose names besides ("Behind these principles lie
    commitments: academic freedom, ...") are the values the document holds; where it states both, prose adds none."""
    counts = Counter(c.scheme for c in {(c.scheme, c.label.casefold()): c for c in concepts if c.method not in FALLBACK_METHODS}.values())
    structural = {scheme for scheme, n in counts.items() if n >= STATED_LIST}
    kept = []
    for c in concepts:
        if c.method not in FALLBACK_METHODS or c.scheme not in structural:
            kept.append(c)
        elif c.method in RESCHEMED and (other := OTHER_SCHEME.get(c.scheme)) and other not in structural:
            kept.append(replace(c, scheme=other))
    return kept


OTHER_SCHEME = {"principle": "value", "value": "principle"}
