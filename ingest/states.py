"""Opening a state safely: the current one if it loads, else the newest older one that does.

A state can be damaged on disk (a file deleted or cut short, the ``current`` link gone); readers
(``rskg serve``, ``search``, ``ingest``) then fall back to the last good state with a one-line
warning, and the next ingest publishes a whole new state (``rskg ingest --repair``).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from . import graph
from .errors import NoIndexError, RskgError
from .index import HybridIndex
from .storage import STATE_DONE, current_state, finished_states

T = TypeVar("T")


class DamagedState(RskgError):
    """No state in a data directory loads."""

    def __init__(self, message: str, skipped: list[tuple[Path, str]]):
        super().__init__(message)
        self.skipped = skipped


@dataclass
class Opened(Generic[T]):
    state: Path | None  # None: no state loaded (see ``pipeline``, which then rebuilds from the registry)
    value: T
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # newer states that failed to load, and why

    @property
    def warning(self) -> str | None:
        """One line on what was skipped and what is used instead, or None if the current state loaded."""
        if not self.skipped:
            return None
        bad, why = self.skipped[0]
        return (
            f"the current state {bad.parent.name}/{bad.name} is damaged ({why}); using the last good one, "
            f"{self.state.parent.name}/{self.state.name}; `rskg ingest --repair` publishes a repaired state"
        )


def open_latest(data_dir: Path, load: Callable[[Path], T]) -> Opened[T]:
    """``load`` applied to the current state, or to the newest finished state it succeeds on."""
    skipped: list[tuple[Path, str]] = []
    link = data_dir / "current"
    if link.is_symlink() and current_state(data_dir) is None:
        skipped.append((data_dir / link.readlink(), "the `current` link points to a folder that is gone"))
    elif not link.is_symlink() and finished_states(data_dir):
        skipped.append((link, "the `current` link is missing"))
    for state in finished_states(data_dir):
        try:
            return Opened(state, load(state), skipped)
        except Exception as exc:  # a damaged file fails in whatever way its reader fails
            skipped.append((state, describe(exc)))
    if not skipped:
        raise NoIndexError(data_dir)
    raise DamagedState(
        f"no state in {data_dir} loads (the newest: {skipped[0][1]}); run `rskg ingest --rebuild` to rebuild one from the stored copies",
        skipped,
    )


def describe(exc: BaseException) -> str:
    """What went wrong, in one short line."""
    if isinstance(exc, RskgError):
        return str(exc)
    text = (str(exc).strip().splitlines() or ["no detail"])[0][:200]
    return f"{type(exc).__name__}: {text}"


def check_state(state: Path) -> list[str]:
    """Everything that fails to load in ``state``: index, graph, structure files, its record."""
    problems = []
    checks: list[tuple[str, Callable[[], object]]] = [
        (STATE_DONE, lambda: _json_dict(state / STATE_DONE)),
        ("index", lambda: HybridIndex.load(state / "index")),
        ("graph", lambda: graph_answers(state / "graph")),
        ("sections.jsonl", lambda: _jsonl(state / "sections.jsonl")),
        ("concepts.jsonl", lambda: _jsonl(state / "concepts.jsonl")),
    ]
    for name, check in checks:
        try:
            check()
        except Exception as exc:
            problems.append(f"{name}: {describe(exc)}")
    return problems


def load_check(state: Path) -> None:
    """Load what a server reads of ``state`` (its record, index and graph), and let it go: fails as serving it would."""
    _json_dict(state / STATE_DONE)
    HybridIndex.load(state / "index")
    graph_answers(state / "graph")


def graph_answers(folder: Path) -> int:
    """Open the graph read-only and count its triples: a missing or damaged store fails here."""
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder.name}/ is missing")
    store = graph.open_store(folder)
    count = len(store)
    if not count:
        raise ValueError("the graph is empty")
    return count


def _json_dict(path: Path) -> dict:
    value = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(value, dict):
        raise ValueError(f"{path.name} is not a JSON object")
    return value


def _jsonl(path: Path) -> int:
    if not path.exists():
        return 0
    with open(path, encoding="utf-8") as f:
        return sum(1 for line in f if line.strip() and json.loads(line) is not None)
