"""A document's metadata, from the most to the least trusted: what the user gave (command line, then
sidecar or manifest), what the file says of itself (``ParsedDocument.metadata``), what rskg infers.

The jurisdiction is inferred from the address's domain (``.gc.ca`` -> Canada), else from a
jurisdiction the title names, else from one the opening clauses name more than any other; the date, when
neither the user nor the file gives one, is the web server's Last-Modified (``Given.served_date``). An
inferred value is recorded as such (``DocumentRecord.inferred``, ``rskg:inferredMetadata``).
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from .manifest import Given, is_address

# Domain endings that say whose a site is, to the jurisdiction's label in ontology/curated/jurisdictions.ttl.
# Longest ending first wins; generic endings (.com, .org, .int) say nothing.
DOMAINS = {
    "gc.ca": "Canada",
    "canada.ca": "Canada",
    "ca": "Canada",
    "gov.au": "Australia",
    "edu.au": "Australia",
    "au": "Australia",
    "nl": "Netherlands",
    "gov.uk": "United Kingdom",
    "ac.uk": "United Kingdom",
    "uk": "United Kingdom",
    "gov": "United States",
    "mil": "United States",
    "fr": "France",
    "de": "Germany",
    "it": "Italy",
    "jp": "Japan",
    "europa.eu": "European Union",
    "fi": "Finland",
    "se": "Sweden",
    "no": "Norway",
    "dk": "Denmark",
    "be": "Belgium",
    "ie": "Ireland",
    "ch": "Switzerland",
    "at": "Austria",
    "es": "Spain",
    "pt": "Portugal",
    "pl": "Poland",
    "nz": "New Zealand",
    "cn": "China",
    "ma": "Morocco",
    "kr": "South Korea",
    "in": "India",
    "br": "Brazil",
    "za": "South Africa",
}
OPENING_CLAUSES = 5  # how far into the document a jurisdiction named "prominently" may stand
FIELDS = ("title", "issuer", "date", "jurisdiction", "kind", "source", "language")


@dataclass(frozen=True)
class Metadata:
    title: str
    issuer: str | None = None
    date: str | None = None
    jurisdiction: str | None = None
    kind: str | None = None
    source: str | None = None
    language: str | None = None
    original_format: str | None = None
    inferred: tuple[tuple[str, str], ...] = ()  # (field, how it was inferred)


def resolve(given: Given, from_file: dict[str, str], parsed_title: str | None, fallback_title: str, opening: list[str]) -> Metadata:
    """The metadata of a document: ``given`` first, then ``from_file``, then inferred from the address,
    the title and the ``opening`` clauses."""
    values = {name: getattr(given, name, None) or _clean(name, from_file.get(name)) for name in FIELDS}
    values["title"] = values["title"] or parsed_title or fallback_title
    inferred = ()
    if not values["date"] and given.served_date:
        values["date"] = given.served_date
        inferred = (("date", "the web server's Last-Modified header"),)
    if not values["jurisdiction"]:
        found = infer_jurisdiction(values["source"], values["title"], opening)
        if found:
            values["jurisdiction"], how = found
            inferred = (*inferred, ("jurisdiction", how))
    return Metadata(**values, original_format=given.original_format, inferred=inferred)


def _clean(name: str, value: str | None) -> str | None:
    """A value a file gives, or None if it is unusable (a broken address, an empty string)."""
    if value is None or not value.strip():
        return None
    value = " ".join(value.split())
    if name == "source" and not is_address(value):
        return None
    if name == "date":
        return _date(value)
    return value


def _date(value: str) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD from a date as files write it (ISO 8601, or a PDF's D:YYYYMMDD...)."""
    iso = re.match(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?![\d])", value)
    pdf = re.match(r"D:(\d{4})(\d{2})?(\d{2})?", value)
    parts = (iso or pdf).groups() if (iso or pdf) else ()
    return "-".join(p for p in parts if p) or None


def infer_jurisdiction(address: str | None, title: str, opening: list[str]) -> tuple[str, str] | None:
    """(jurisdiction label, how it was found), or None when nothing says clearly."""
    if address:
        host = (urlsplit(address).hostname or "").lower()
        for ending in sorted(DOMAINS, key=len, reverse=True):
            if host == ending or host.endswith("." + ending):
                return DOMAINS[ending], f"the address's domain (.{ending})"
    named = _mentions(title)
    if len(named) == 1:
        return next(iter(named)), "the title"
    counts = _mentions(" ".join(opening[:OPENING_CLAUSES]))
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0], "the opening clauses"
    return None


def _mentions(text: str) -> dict[str, int]:
    """Jurisdiction label -> how often ``text`` names it (by any of its labels)."""
    counts: dict[str, int] = {}
    for label, pattern in _patterns():
        n = len(pattern.findall(text))
        if n:
            counts[label] = counts.get(label, 0) + n
    return counts


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern]]:
    from .links import load_curated

    concepts = [c for c in load_curated()[0] if c.scheme == "jurisdiction"]
    patterns = []
    for concept in concepts:
        names = [concept.label, *concept.alt_labels]
        acronyms = [n for n in names if len(n) <= 4 and n.replace(".", "").isupper()]
        words = [n for n in names if n not in acronyms]
        if words:
            alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
            patterns.append((concept.label, re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.I)))
        if acronyms:
            alternatives = "|".join(re.escape(a) for a in sorted(acronyms, key=len, reverse=True))
            patterns.append((concept.label, re.compile(rf"(?<![\w.-])(?:{alternatives})(?![\w-])")))
    return patterns
