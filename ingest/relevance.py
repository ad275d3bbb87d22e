"""How likely a clause is to answer a question, as a probability, and whether anything answers it.

Fused scores rank clauses within one answer but say nothing across questions: min-max
normalisation gives every question a best clause near 1, "what is the capital of France" too.
A clause's relevance here is a logistic model of three things measured on an absolute scale:

- ``cosine``: the embedding similarity of question and clause;
- ``unknown``: the share of the question's words (stemmed, stop words aside) that no clause of
  the collection contains ("zzzz qqqq", a law or programme the collection never names);
- ``elsewhere``: the question names a country no document of the collection is from;
- ``absent``: the question names a country or a proper name ("Brazil", "the Pentagon", "Horizon
  Europe") that none of the first clauses shown names, in its text or its document's title, issuer
  and jurisdiction. A question on the subject that asks about a place or body the collection does
  not cover is otherwise close to the clauses in wording and embedding; one that the collection
  answers names what its answer names;
- ``countless``: the question asks how many or how much, and none of the first clauses gives a
  number next to what is counted (or, for how much, an amount: a number with a currency, a
  per cent or a million). A question asking for a figure the texts do not give otherwise looks
  like one they answer;
- ``unasked``: a what- or which-question whose asked-for thing ("what *penalties*", "which
  *insurance*") none of the first clauses uses, in any form of the word.

The weights are fitted by ``python -m bench.relevance --fit`` on the development half of the
question sets in bench/questions (a clause that holds a gold quote is relevant; every clause
shown for an unanswerable question is not) and written to ``relevance.json`` next to this file;
the hold-out half measures them. ``no_good_match`` is true when none of the first three clauses has a
relevance over the threshold that keeps 95% of the answerable development questions.
"""

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import Stemmer

MODEL_FILE = Path(__file__).with_name("relevance.json")
FEATURES = ("cosine", "unknown", "elsewhere", "absent", "countless", "unasked")
EVIDENCE_CLAUSES = 3  # ``absent``, ``countless`` and ``unasked`` look in this many first clauses
_WORD = re.compile(r"[^\W_][\w'’.&-]*")


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    bias: float
    threshold: float  # a best relevance under this: nothing answers the question

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(name, 0.0) * features[name] for name in FEATURES)  # a feature not yet fitted counts 0
        return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=4)
def load_cached(embedding_model: str) -> Model:
    return load(embedding_model)


def load(embedding_model: str, path: Path = MODEL_FILE) -> Model:
    """The model fitted for the similarities of ``embedding_model`` (each model's cosines spread differently)."""
    data = json.loads(path.read_text())[embedding_model]
    return Model(data["weights"], data["bias"], data["threshold"])


def question_features(tokens: list[str], vocabulary, asked_countries: set[str], held_countries: set[str]) -> dict[str, float]:
    """The question's own features: what share of its words the collection does not know, and
    whether it names a country the collection holds nothing from. (The question's similarity to
    the collection as a whole was tried: fitted, it weighed against relevance, as the questions
    nothing answers are mostly on the subject; it is left out.)"""
    unknown = sum(token not in vocabulary for token in tokens) / len(tokens) if tokens else 1.0
    return {"unknown": unknown, "elsewhere": float(bool(asked_countries - held_countries))}


def names_in(question: str) -> list[str]:
    """The proper names a question uses, as written: capitalised words after the first and
    acronyms ("NSERC", "EU"); a run of them ("Horizon Europe") is one name."""
    names, run = [], []
    for n, match in enumerate(_WORD.finditer(question)):
        word = re.sub(r"['’]s$", "", match.group()).strip(".'’-&")
        capitalised = bool(word) and word != "I" and ((n > 0 and word[0].isupper()) or (len(word) > 1 and word.isupper()))
        if capitalised:
            run.append(word)
        elif run:
            names.append(" ".join(run))
            run = []
    return [*names, " ".join(run)] if run else names


def absent(
    question_countries: set[str], question_names: list[list[str]], clause_countries: list[set[str]], clause_terms: list[set[str]]
) -> float:
    """1.0 when the question names a country or a name (as its stemmed terms) that none of the given clauses names."""
    if not clause_terms:
        return 0.0
    countries = set().union(*clause_countries)
    terms = set().union(*clause_terms)
    missing_country = bool(question_countries - countries)
    missing_name = any(name_terms and not all(t in terms for t in name_terms) for name_terms in question_names)
    return float(missing_country or missing_name)


_STEM = Stemmer.Stemmer("english")
_HOW_MANY = re.compile(r"\bhow many\b((?:\W+\w+){1,3})", re.I)
_HOW_MUCH = re.compile(r"\bhow much\b|\bwhat (?:percentage|proportion|share|amount|sum)\b", re.I)
_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen "
    "twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands dozen dozens million millions billion"
)
_NUMBER = re.compile(r"^(?:\d[\d,.]*%?|" + "|".join(_NUMBER_WORDS.split()) + r")$", re.I)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_AMOUNT = re.compile(
    r"[$€£]\s?\d|\d\s?%|\b(?:\d[\d,.]*|" + "|".join(_NUMBER_WORDS.split()) + r")\s+(?:\w+\s+)?"
    r"(?:million|billion|thousand|dollars?|euros?|pounds?|per ?cent|percent)\b",
    re.I,
)
_FUNCTION = frozenset(
    {
        *("of", "the", "a", "an", "and", "or", "in", "on", "at", "to", "for", "from"),
        *("do", "does", "did", "are", "is", "were", "was", "have", "has", "had"),
    }
)
COUNT_WINDOW = 4  # a number counts what stands at most this many words on ("three groups of parallel breakout sessions")


def _words(text: str) -> list[str]:
    return re.findall(r"[\w%$€£.,]+", text.lower())


def countless(question: str, clause_texts: list[str]) -> float:
    """1.0 when the question asks how many (or how much) and none of ``clause_texts`` gives the figure."""
    counted = {_STEM.stemWord(w) for m in _HOW_MANY.finditer(question) for w in _words(m.group(1)) if w not in _FUNCTION}
    if not counted and not _HOW_MUCH.search(question):
        return 0.0
    for text in clause_texts:
        if _HOW_MUCH.search(question) and _AMOUNT.search(text):
            return 0.0
        words = [w.strip(".,") for w in _words(text)]
        for n, word in enumerate(words):
            counts = _NUMBER.match(word) and not _YEAR.match(word)
            if counts and any(_STEM.stemWord(w) in counted for w in words[n + 1 : n + 1 + COUNT_WINDOW]):
                return 0.0
    return 1.0


_WHAT = re.compile(r"^\s*(?:(?:in|under|according to|for|from|with|at|beyond)\b[^,?]*,\s*)?(?:what|which)\s+(.*)$", re.I | re.S)
_NOT_ASKED = frozenset(
    {
        *("do", "does", "did", "is", "are", "was", "were", "should", "can", "could", "must", "might", "may", "will", "would"),
        *("has", "have", "had", "of", "in", "on", "for", "to", "from", "about", "with", "by", "that", "the", "a", "an", "as"),
    }
)
# "what types of X": X is what is asked for
_KIND_WORDS = frozenset({"kind", "kinds", "type", "types", "sort", "sorts", "category", "categories", "form", "forms"})


def asked_for(question: str) -> list[str]:
    """The words of what a what- or which-question asks for: up to three words after "what"/"which", to the first verb
    or preposition ("what *prison sentence* can ...", "what types of *overseas engagement*")."""
    found = _WHAT.match(question)
    if not found:
        return []
    words = re.findall(r"[\w'’-]+", found.group(1))
    if len(words) > 2 and words[0].lower() in _KIND_WORDS and words[1].lower() == "of":
        words = words[2:]
    asked = []
    for word in words[:3]:
        if word.lower() in _NOT_ASKED:
            break
        asked.append(word)
    return asked


def unasked(asked_terms: list[str], clause_terms: list[set[str]]) -> float:
    """1.0 when a question asks for something (as its stemmed terms) and none of the clauses uses any of those terms."""
    if not asked_terms or not clause_terms:
        return 0.0
    terms = set().union(*clause_terms)
    return float(not any(t in terms for t in asked_terms))
