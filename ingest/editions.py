"""What changed between two editions of a fetched document, clause by clause.

When a re-fetch finds new content at an address, the fetch record keeps the earlier edition (its
content hash, format and dates); the registry's content-named copies (``files/<sha256>.<ext>``) hold
both texts. ``compare`` reads the two copies into clauses and lines them up in order (difflib):
a clause only in the new edition is *added*, one only in the old is *removed*, and within a changed
stretch an old and a new clause whose words mostly agree (``REWORDED_AT``) are one clause *reworded*.
"""

import difflib
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from .clauses import build_clauses
from .errors import RskgError
from .fetch import SourceBook
from .parse import ReadOptions, parse
from .settings import Settings

REWORDED_AT = 0.5  # share of words two clauses have in common (difflib ratio) to count as one clause reworded


@dataclass(frozen=True)
class ClauseChange:
    change: str  # added, removed or reworded
    before: str | None
    after: str | None
    similarity: float | None = None


@dataclass(frozen=True)
class EditionDiff:
    address: str
    doc_id: str | None
    before: dict  # the earlier edition: sha256, format, from, until
    after: dict  # the current one: sha256, format, from
    changes: list[ClauseChange]

    def as_json(self) -> dict:
        return {**asdict(self), "changes": [asdict(c) for c in self.changes]}


def earlier_editions(data_dir: Path, doc_ids: set[str]) -> dict[str, list[dict]]:
    """Document id -> its earlier editions (oldest first), for the fetched documents among ``doc_ids`` that have any."""
    try:
        book = SourceBook(data_dir)
    except RskgError:  # a damaged record: `rskg sources` says so; the graph goes on without editions
        return {}
    return {r.doc_id: r.editions for r in book.sources.values() if r.editions and r.doc_id in doc_ids}


def compare(address: str, settings: Settings) -> EditionDiff:
    """The changes from the edition before the current one to the current one, of a fetched address."""
    book = SourceBook(settings.data_dir)
    record = book.sources.get(address)
    if record is None:
        known = ", ".join(sorted(book.sources)) or "none"
        raise RskgError(f"{address} was never fetched; the addresses fetched are: {known}")
    if not record.editions or not record.sha256:
        raise RskgError(f"{address} has one edition only; `rskg refresh` keeps the earlier one when its content changes")
    before = record.editions[-1]
    after = {"sha256": record.sha256, "format": record.format, "from": record.last_changed}
    options = ReadOptions(max_bytes=settings.max_file_mb * 2**20, max_pages=settings.max_pages)
    old, new = (_clauses(settings.data_dir, edition, options) for edition in (before, after))
    return EditionDiff(address, record.doc_id, before, after, diff_clauses(old, new))


def _clauses(data_dir: Path, edition: dict, options: ReadOptions) -> list[str]:
    path = data_dir / "files" / f"{edition['sha256']}.{edition['format']}"
    if not path.is_file():
        raise RskgError(f"the stored copy {path} of an edition is gone; the editions cannot be compared")
    _, clauses = build_clauses("edition", parse(path, options))
    return [c.text for c in clauses]


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


__all__ = ["REWORDED_AT", "ClauseChange", "EditionDiff", "compare", "diff_clauses", "earlier_editions"]
