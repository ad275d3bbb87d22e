"""Concept extraction against gold annotations: recall per class, precision, page chrome.

    python -m bench.concepts tests/fixtures/concepts/dev [more folders ...] [-v] [--json]

Each folder holds documents and one gold TOML per document (format: a ``file``, lists of
``principles``, ``values``, ``risks``, ``activities``, ``chrome``, and tables ``[[tools]]``,
``[[technologies]]``, ``[[organisations]]``). A gold TOML may also name ``renderings``: the same
document printed by other producers (paths relative to the TOML), measured against the same gold.
Every file is read as the pipeline reads it (``ingest.pipeline.read_document``: real parser, clauses,
extraction; no embedding), with the gold's title, date, jurisdiction, kind and source given, as a
user would give them (not its issuer, which names the fixture, not a publisher).

Matching: labels compared after case folding and removing punctuation, articles and a leading "the";
a found concept matches a gold label when the normalised strings are equal, or one contains the other
and the shorter has at least 60% of the longer's content words, or their content-word Jaccard >= 0.6.
Tools match by address (scheme, ``www.`` and trailing slash ignored) first, else by title.
Recall per class = matched gold / gold; precision = found concepts (of the measured schemes) that
match some gold item of any class / found. A found concept whose label equals a chrome string fails.
Also: technology areas found with the gold's broader, and risks found whose strongest G7 risk vector
is one the gold's ``[risk_vectors]`` names.
"""

import argparse
import json
import re
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ingest.errors import IngestError
from ingest.manifest import Given
from ingest.records import Concept

ARTICLES = {"a", "an", "the"}
STOPWORDS = ARTICLES | {
    "and", "or", "of", "for", "to", "in", "on", "with", "by", "at", "from", "as", "its", "their", "is", "are", "be", "that", "this",
    "&", "into", "under", "about", "s",
}  # fmt: skip
# Found schemes measured for precision, and the gold class each answers
SCHEME_CLASS = {
    "principle": "principles_values",
    "value": "principles_values",
    "risk-area": "risks",
    "risk-vector": "risks",
    "tool": "tools",
    "technology-area": "technologies",
    "organisation": "organisations",
    "activity": "activities",
}
CLASSES = ("principles_values", "risks", "tools", "technologies", "organisations", "activities")


def normalise(label: str) -> str:
    words = re.sub(r"[^\w\s]", " ", label.casefold()).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(w for w in words if w not in ARTICLES)


def content_words(label: str) -> set[str]:
    return {w for w in normalise(label).split() if w not in STOPWORDS}


def labels_match(found: str, gold: str) -> bool:
    a, b = normalise(found), normalise(gold)
    if not a or not b:
        return False
    if a == b:
        return True
    wa, wb = content_words(found), content_words(gold)
    if not wa or not wb:
        return False
    shorter, longer = (wa, wb) if len(a) <= len(b) else (wb, wa)
    if (a in b or b in a) and len(shorter) >= 0.6 * len(longer):
        return True
    return len(wa & wb) / len(wa | wb) >= 0.6


def normalise_address(address: str) -> str:
    address = re.sub(r"^[a-z]+://", "", address.strip().casefold())
    address = re.sub(r"^www\.", "", address)
    return address.rstrip("/")


@dataclass
class GoldItem:
    cls: str
    label: str
    alt: tuple[str, ...] = ()
    address: str | None = None
    broader: str | None = None

    def matches(self, concept: Concept) -> bool:
        if self.address and _addresses(concept) and normalise_address(self.address) in {normalise_address(a) for a in _addresses(concept)}:
            return True
        names = (concept.label, *concept.alt_labels)
        return any(labels_match(name, gold) for name in names for gold in (self.label, *self.alt))


@dataclass
class Gold:
    path: Path
    files: list[Path]
    given: Given
    items: list[GoldItem]
    chrome: list[str]
    risk_vectors: dict[str, list[str]] = field(default_factory=dict)


def _addresses(concept: Concept) -> list[str]:
    return concept.extra.get("addresses") or ([concept.address] if concept.address else [])


def load_gold(path: Path) -> Gold:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    items = [GoldItem("principles_values", label) for label in data.get("principles", []) + data.get("values", [])]
    items += [GoldItem("risks", label) for label in data.get("risks", [])]
    items += [GoldItem("activities", label) for label in data.get("activities", [])]
    items += [GoldItem("tools", t["title"], address=t.get("address")) for t in data.get("tools", [])]
    items += [GoldItem("technologies", t["label"], broader=t.get("broader")) for t in data.get("technologies", [])]
    items += [GoldItem("organisations", o["label"], alt=(o["acronym"],) if o.get("acronym") else ()) for o in data.get("organisations", [])]
    given = Given(
        id=path.stem,
        title=data.get("title"),
        date=str(data["date"]) if data.get("date") else None,
        jurisdiction=data.get("jurisdiction"),
        kind=data.get("kind"),
        source=data.get("source"),
    )
    files = [path.parent / data["file"], *(path.parent / r for r in data.get("renderings", []))]
    return Gold(path, files, given, items, list(data.get("chrome", [])), dict(data.get("risk_vectors", {})))


@dataclass
class Result:
    file: str
    recall: dict[str, tuple[int, int]]  # class -> (matched, gold)
    tools_by_address: tuple[int, int]
    broader: tuple[int, int]  # technology areas found with the right broader / technology areas with a broader in gold
    found: int
    correct: int
    chrome: list[str]
    misses: dict[str, list[str]]
    false_positives: list[str]
    seconds: float
    vectors: tuple[int, int] = (0, 0)  # risks found whose strongest G7 vector is one the gold names / risks with gold vectors found


def measure(gold: Gold, file: Path) -> Result:
    from ingest.pipeline import read_document  # the real pipeline: parser, clauses, extraction

    started = time.perf_counter()
    _, _, _, concepts = read_document(file, doc_id=gold.given.id, given=gold.given)
    seconds = time.perf_counter() - started
    measured = [c for c in concepts if c.scheme in SCHEME_CLASS]
    recall, misses = {}, {}
    for cls in CLASSES:
        gold_items = [g for g in gold.items if g.cls == cls]
        candidates = [c for c in measured if SCHEME_CLASS[c.scheme] == cls]
        missed = [g.label for g in gold_items if not any(g.matches(c) for c in candidates)]
        recall[cls] = (len(gold_items) - len(missed), len(gold_items))
        misses[cls] = missed
    gold_tools = [g for g in gold.items if g.cls == "tools" and g.address]
    found_tools = [c for c in measured if c.scheme == "tool" and _addresses(c)]
    by_address = sum(
        any(normalise_address(g.address) in {normalise_address(a) for a in _addresses(c)} for c in found_tools) for g in gold_tools
    )
    broader = _broader(gold, [c for c in measured if c.scheme == "technology-area"])
    vectors = _vectors(gold, [c for c in measured if c.scheme == "risk-area"])
    false_positives = [f"{c.scheme}: {c.label}" for c in measured if not any(g.matches(c) for g in gold.items)]
    chrome_norm = {normalise(s) for s in gold.chrome}
    chrome = [f"{c.scheme}: {c.label}" for c in concepts if normalise(c.label) in chrome_norm]
    return Result(
        file=str(file),
        recall=recall,
        tools_by_address=(by_address, len(gold_tools)),
        broader=broader,
        found=len(measured),
        correct=len(measured) - len(false_positives),
        chrome=chrome,
        misses=misses,
        false_positives=false_positives,
        seconds=round(seconds, 3),
        vectors=vectors,
    )


def _broader(gold: Gold, found: list[Concept]) -> tuple[int, int]:
    with_broader = [g for g in gold.items if g.cls == "technologies" and g.broader]
    right = 0
    for item in with_broader:
        matches = [c for c in found if item.matches(c)]
        if any(c.extra.get("broader") and labels_match(c.extra["broader"], item.broader) for c in matches):
            right += 1
    return right, len(with_broader)


VECTOR_KEYS = {
    "Cyber security": "cyber",
    "Physical Access and Security": "physical",
    "Personnel": "personnel",
    "Partnerships and Collaborations": "partnerships",
}


def _vectors(gold: Gold, found: list[Concept]) -> tuple[int, int]:
    """Of the gold risks with vectors that were found: how many have a strongest vector the gold names."""
    right = total = 0
    for label, expected in gold.risk_vectors.items():
        item = GoldItem("risks", label)
        matches = [c for c in found if item.matches(c)]
        if not matches:
            continue
        total += 1
        strongest = {VECTOR_KEYS.get(link["vector"]) for c in matches for link in c.extra.get("vectors", [])[:1]}
        right += bool(strongest & set(expected))
    return right, total


def totals(results: list[Result]) -> dict:
    def ratio(pairs):
        hit, total = sum(p[0] for p in pairs), sum(p[1] for p in pairs)
        return {"matched": hit, "gold": total, "recall": round(hit / total, 3) if total else None}

    figures = {cls: ratio([r.recall[cls] for r in results]) for cls in CLASSES}
    figures["tools_by_address"] = ratio([r.tools_by_address for r in results])
    figures["technology_broader"] = ratio([r.broader for r in results])
    figures["risk_vectors"] = ratio([r.vectors for r in results])
    found, correct = sum(r.found for r in results), sum(r.correct for r in results)
    figures["precision"] = {"correct": correct, "found": found, "precision": round(correct / found, 3) if found else None}
    figures["chrome"] = sum(len(r.chrome) for r in results)
    figures["documents"] = len(results)
    figures["seconds"] = round(sum(r.seconds for r in results), 2)
    return figures


def render(figures: dict) -> str:
    lines = [f"{'class':<20} {'matched':>8} {'gold':>6} {'recall':>7}", "-" * 44]
    for name in (*CLASSES, "tools_by_address", "technology_broader", "risk_vectors"):
        row = figures[name]
        recall = "-" if row["recall"] is None else f"{row['recall']:.2f}"
        lines.append(f"{name:<20} {row['matched']:>8} {row['gold']:>6} {recall:>7}")
    p = figures["precision"]
    lines.append(f"precision: {p['correct']}/{p['found']} = {p['precision']}   chrome concepts: {figures['chrome']}")
    lines.append(f"{figures['documents']} file(s) in {figures['seconds']} s")
    return "\n".join(lines)


def details(result: Result) -> str:
    lines = [f"== {result.file}"]
    recall = ", ".join(f"{cls} {m}/{g}" for cls, (m, g) in result.recall.items() if g)
    lines.append(f"   {recall}; tools by address {result.tools_by_address[0]}/{result.tools_by_address[1]}")
    lines.append(f"   precision {result.correct}/{result.found}; broader {result.broader[0]}/{result.broader[1]}")
    for cls, missed in result.misses.items():
        for label in missed:
            lines.append(f"   MISS {cls}: {label}")
    lines += [f"   FP   {fp}" for fp in result.false_positives]
    lines += [f"   CHROME {c}" for c in result.chrome]
    return "\n".join(lines)


def golds(folders: list[Path]) -> list[Gold]:
    found = []
    for folder in folders:
        if not folder.is_dir():
            raise SystemExit(f"{folder}: not a folder; give folders of documents with gold TOMLs")
        found += [load_gold(p) for p in sorted(folder.glob("*.toml")) if p.name != "manifest.toml"]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[Path("tests/fixtures/concepts/dev")])
    parser.add_argument("-v", "--verbose", action="store_true", help="per document: misses and false positives")
    parser.add_argument("--json", action="store_true", help="machine-readable figures")
    args = parser.parse_args(argv)
    results = []
    for gold in golds(args.folders):
        for file in gold.files:
            try:
                results.append(measure(gold, file))
            except IngestError as exc:
                print(f"{exc}", file=sys.stderr)
    figures = totals(results)
    if args.json:
        out = {"totals": figures}
        if args.verbose:
            out["documents"] = [r.__dict__ for r in results]
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    if args.verbose:
        for result in results:
            print(details(result))
        print()
    print(render(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
