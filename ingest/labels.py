"""Finding the concepts a text names, by their labels."""

import re
import unicodedata
from collections import defaultdict

from .records import Concept

LABEL_SCORE = 0.7
ALT_LABEL_SCORE = 0.5


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).replace("’", "'").split())


def _is_acronym(label: str) -> bool:
    return len(label) <= 6 and label.replace(".", "").replace("&", "").isupper()


class LabelMatcher:
    """Finds the concepts a text names, by preferred or alternative label.

    Acronyms ("UK", "CPNI") match case-sensitively, other labels without case and with an
    optional plural s, always on word boundaries."""

    def __init__(self, concepts: list[Concept]):
        self.phrases: dict[str, list[tuple[str, float]]] = defaultdict(list)  # key -> (concept uri, score)
        exact, folded = set(), set()
        for concept in concepts:
            if concept.scheme == "tool" and len(concept.label.split()) < 3:
                continue
            for label, score in [(concept.label, LABEL_SCORE), *((a, ALT_LABEL_SCORE) for a in concept.alt_labels)]:
                label = _normal(label)
                if len(label) < 2:
                    continue
                key = label if _is_acronym(label) else label.lower()
                (exact if _is_acronym(label) else folded).add(key)
                self.phrases[key].append((concept.uri, score))
        self._exact = self._compile(exact, 0)
        self._folded = self._compile(folded, re.I)

    @staticmethod
    def _compile(phrases: set[str], flags: int) -> re.Pattern | None:
        if not phrases:
            return None
        alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
        return re.compile(rf"(?<![\w-])(?:{alternatives})(?:s|es)?(?![\w-])", flags)

    def find(self, text: str) -> dict[str, float]:
        """Concept URI -> best score, for every concept ``text`` names."""
        text = _normal(text)
        found: dict[str, float] = {}
        for pattern, fold in ((self._exact, False), (self._folded, True)):
            if pattern is None:
                continue
            for m in pattern.finditer(text):
                matched = m.group(0).lower() if fold else m.group(0)
                key = matched if matched in self.phrases else re.sub(r"(?:es|s)$", "", matched)
                for uri, score in self.phrases.get(key, ()):
                    found[uri] = max(found.get(uri, 0.0), score)
        return found
