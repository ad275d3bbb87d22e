"""What changed between two editions of a fetched document, clause by clause.

When a re-fetch finds new content at an address, the fetch record keeps the earlier edition (its
content hash, format and dates); the registry's content-named copies (``files/<sha256>.<ext>``) hold
both texts. ``compare`` reads the two copies as the pipeline reads a file (clauses and the concepts
their structure states) and lines the clauses up in order (difflib): a clause only in the new
edition is *added*, one only in the old is *removed*, and within a changed stretch an old and a new
clause whose words mostly agree (``REWORDED_AT``) are one clause *reworded*. A concept the new
edition states and the old does not is *added*, and the other way round *removed*.
"""

import difflib
import json
import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from ontology import namespace as ns

from .errors import RskgError
from .fetch import FetchedSource, SourceBook
from .manifest import Given
from .parse import ReadOptions
from .pipeline import read_document
from .records import ClauseRecord, Concept
from .settings import Settings

REWORDED_AT = 0.5  # share of words two clauses have in common (difflib ratio) to count as one clause reworded
MAX_KEPT_DIFFS = 32  # diffs kept in memory (a server's editions page reads the two files once, not on every view)
_DIFFS: dict[tuple, "EditionDiff"] = {}


@dataclass(frozen=True)
class ClauseChange:
    change: str  # added, removed or reworded
    before: str | None
    after: str | None
    similarity: float | None = None


@dataclass(frozen=True)
class ConceptChange:
    change: str  # added (the new edition states it, the earlier did not) or removed
    uri: str
    label: str
    scheme: str


@dataclass(frozen=True)
class EditionDiff:
    address: str
    doc_id: str | None
    before: dict  # the earlier edition: sha256, format, from, until
    after: dict  # the current one: sha256, format, from
    changes: list[ClauseChange]
    concepts: list[ConceptChange] = field(default_factory=list)
    earlier: list[dict] = field(default_factory=list)  # every earlier edition, oldest first

    def as_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Edition:
    """One edition read as the pipeline reads a file: its clauses and the concepts their structure states."""

    clauses: list[ClauseRecord]
    concepts: list[Concept]


def earlier_editions(data_dir: Path, doc_ids: set[str]) -> dict[str, list[dict]]:
    """Document id -> its earlier editions (oldest first), for the fetched documents among ``doc_ids`` that have any."""
    try:
        book = SourceBook(data_dir)
    except RskgError:  # a damaged record: `rskg sources` says so; the graph goes on without editions
        return {}
    return {r.doc_id: r.editions for r in book.sources.values() if r.editions and r.doc_id in doc_ids}


@dataclass(frozen=True)
class EarlierClauses:
    """The clauses of earlier editions that no later edition has word for word, and which edition each is from."""

    clauses: list[ClauseRecord]
    editions: dict[str, dict]  # clause URI -> its edition: uri, sha256, from, until
    current: dict[str, dict]  # document id -> its current edition: from (the record's sha256 is not yet the ingested one's)
    problems: list[str]  # editions whose stored copy could not be read

    def as_json(self) -> dict:
        return {"editions": self.editions, "current": self.current}


def earlier_clauses(settings: Settings, doc_ids: set[str], current: list[ClauseRecord]) -> EarlierClauses:
    """Every fetched document's earlier editions read again into clauses, newest first; a clause whose words a
    later edition (or the current one) has too is left out: search over all editions finds each wording once."""
    try:
        records = {r.doc_id: r for r in SourceBook(settings.data_dir).sources.values() if r.editions and r.doc_id in doc_ids}
    except RskgError:  # a damaged record: `rskg sources` says so; search then holds the current editions only
        return EarlierClauses([], {}, {}, [])
    found = EarlierClauses([], {}, {}, [])
    for doc_id, record in sorted(records.items()):
        found.current[doc_id] = {"from": record.editions[-1].get("until")}  # fetched when the edition before it ended
        seen = {_norm(c.text) for c in current if c.doc_id == doc_id}
        for edition in reversed(record.editions):
            try:
                read = read_edition(settings, doc_id, edition)
            except RskgError as exc:
                found.problems.append(f"{doc_id}: an earlier edition is not searchable ({exc})")
                continue
            uri = ns.edition_uri(doc_id, edition["sha256"])
            for clause in read.clauses:
                if _norm(clause.text) in seen:
                    continue
                seen.add(_norm(clause.text))
                found.clauses.append(replace(clause, uri=f"{uri}/clause/{clause.id}"))
                found.editions[found.clauses[-1].uri] = {
                    "uri": uri,
                    "sha256": edition["sha256"],
                    "from": edition.get("from"),
                    "until": edition.get("until"),
                }
    return found


def compare(address: str, settings: Settings) -> EditionDiff:
    """The changes from the edition before the current one to the current one, of a fetched address."""
    book = SourceBook(settings.data_dir)
    record = book.sources.get(address)
    if record is None:
        known = ", ".join(sorted(book.sources)) or "none"
        raise RskgError(f"{address} was never fetched; the addresses fetched are: {known}")
    return _compare(record, settings)


def compare_document(doc_id: str, settings: Settings) -> EditionDiff:
    """The same changes, of the fetched document ``doc_id`` (the address it was last fetched from, if several)."""
    records = [r for r in SourceBook(settings.data_dir).sources.values() if r.doc_id == doc_id and r.editions and r.sha256]
    if not records:
        raise RskgError(f"{doc_id} has one edition only; `rskg refresh` keeps the earlier one when its fetched content changes")
    return _compare(max(records, key=lambda r: r.last_changed or ""), settings)


def _compare(record: FetchedSource, settings: Settings) -> EditionDiff:
    if not record.editions or not record.sha256:
        raise RskgError(f"{record.address} has one edition only; `rskg refresh` keeps the earlier one when its content changes")
    key = (str(settings.data_dir), record.address, record.doc_id, json.dumps(record.editions), record.sha256, record.last_changed)
    if key not in _DIFFS:
        _DIFFS[key] = _compared(record, settings)
        while len(_DIFFS) > MAX_KEPT_DIFFS:
            _DIFFS.pop(next(iter(_DIFFS)))
    return _DIFFS[key]


def _compared(record: FetchedSource, settings: Settings) -> EditionDiff:
    before = record.editions[-1]
    after = {"sha256": record.sha256, "format": record.format, "from": record.last_changed}
    old, new = (read_edition(settings, record.doc_id or "edition", edition) for edition in (before, after))
    changes = diff_clauses([c.text for c in old.clauses], [c.text for c in new.clauses])
    return EditionDiff(record.address, record.doc_id, before, after, changes, diff_concepts(old.concepts, new.concepts), record.editions)


def read_edition(settings: Settings, doc_id: str, edition: dict) -> Edition:
    """An edition's stored copy (``files/<sha256>.<format>``) read into clauses (of ``doc_id``) and concepts."""
    path = settings.data_dir / "files" / f"{edition['sha256']}.{edition['format']}"
    if not path.is_file():
        raise RskgError(f"the stored copy {path} of an edition is gone; the editions cannot be compared")
    options = ReadOptions(max_bytes=settings.max_file_mb * 2**20, max_pages=settings.max_pages)
    _, _, clauses, concepts = read_document(path, options=options, doc_id=doc_id, given=Given())
    return Edition(clauses, concepts)


def diff_concepts(before: list[Concept], after: list[Concept]) -> list[ConceptChange]:
    """The concepts only the new edition states (added), then those only the earlier one did (removed), by label."""
    old, new = ({c.uri: c for c in concepts} for concepts in (before, after))
    added = [ConceptChange("added", uri, c.label, c.scheme) for uri, c in new.items() if uri not in old]
    removed = [ConceptChange("removed", uri, c.label, c.scheme) for uri, c in old.items() if uri not in new]
    return sorted(added, key=lambda c: c.label.lower()) + sorted(removed, key=lambda c: c.label.lower())


def diff_clauses(before: list[str], after: list[str]) -> list[ClauseChange]:
    """Added, removed and reworded clauses, in the order of the new edition (removed ones where they stood)."""
    changes: list[ClauseChange] = []
    matcher = difflib.SequenceMatcher(a=[_norm(t) for t in before], b=[_norm(t) for t in after], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            changes.extend(_pair(before[i1:i2], after[j1:j2]))
    return changes


def _pair(old: list[str], new: list[str]) -> list[ClauseChange]:
    """Within one changed stretch: the best-matching old clause for each new one (if similar enough), the rest added or removed."""
    used: set[int] = set()
    changes = []
    for text in new:
        scored = [(_similarity(o, text), i) for i, o in enumerate(old) if i not in used]
        score, best = max(scored, default=(0.0, -1))
        if score >= REWORDED_AT:
            used.add(best)
            changes.append(ClauseChange("reworded", old[best], text, round(score, 3)))
        else:
            changes.append(ClauseChange("added", None, text))
    changes.extend(ClauseChange("removed", o, None) for i, o in enumerate(old) if i not in used)
    return changes


def _norm(text: str) -> str:
    return " ".join(text.split())


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(a=re.findall(r"\w+", a.lower()), b=re.findall(r"\w+", b.lower()), autojunk=False).ratio()


__all__ = [
    "REWORDED_AT",
    "ClauseChange",
    "ConceptChange",
    "EarlierClauses",
    "Edition",
    "EditionDiff",
    "compare",
    "compare_document",
    "diff_clauses",
    "diff_concepts",
    "earlier_clauses",
    "earlier_editions",
    "read_edition",
]
