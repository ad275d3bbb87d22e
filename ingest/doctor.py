"""`rskg doctor`: check a data directory and say how to repair what is wrong. Reads only."""

import json
from dataclasses import dataclass
from pathlib import Path

from .embed import VectorCache
from .registry import REGISTRY_NAME, Registry, RegistryError
from .states import check_state
from .storage import STATE_DONE, current_state, finished_states, sha256

REPAIR = "`rskg ingest --repair` publishes a new state from the last good one and the registry"
REBUILD = "`rskg ingest --rebuild` rebuilds a state from the registry's stored copies"


@dataclass(frozen=True)
class Finding:
    ok: bool
    what: str
    fix: str | None = None


def examine(data_dir: Path) -> list[Finding]:
    if not data_dir.is_dir():
        return [Finding(False, f"{data_dir} does not exist", "`rskg ingest` makes it, with the bundled corpus or your files")]
    findings: list[Finding] = []
    states = finished_states(data_dir)
    good = _states(data_dir, states, findings)
    findings.insert(0, _current(data_dir, states, good))
    findings += _registry(data_dir, good)
    findings.append(_cache(data_dir))
    return findings


def _current(data_dir: Path, states: list[Path], good: list[Path]) -> Finding:
    link, current = data_dir / "current", current_state(data_dir)
    fix = REPAIR if good else REBUILD if (data_dir / REGISTRY_NAME).exists() else "`rskg ingest` your documents again"
    if not states:
        return Finding(False, f"no finished state in {data_dir}/states", fix)
    if not link.is_symlink():
        return Finding(False, "the `current` link is missing", fix)
    if current is None:
        return Finding(False, f"the `current` link points to {link.readlink()}, which is gone", fix)
    if current not in good:
        return Finding(False, f"the current state {current.name} is damaged", fix)
    return Finding(True, f"current -> states/{current.name}")


def _states(data_dir: Path, states: list[Path], findings: list[Finding]) -> list[Path]:
    good = []
    for state in states:
        problems = check_state(state)
        if problems:
            fix = REPAIR if state == current_state(data_dir) else f"not needed while the current one loads; delete states/{state.name}"
            findings.append(Finding(False, f"states/{state.name} is damaged: {'; '.join(problems)}", fix))
        else:
            info = json.loads((state / STATE_DONE).read_text())
            findings.append(Finding(True, f"states/{state.name} loads: {info.get('documents')} documents, {info.get('clauses')} clauses"))
            good.append(state)
    folder = data_dir / "states"
    unfinished = [p for p in folder.iterdir() if p.is_dir() and not (p / STATE_DONE).exists()] if folder.is_dir() else []
    for state in unfinished:
        findings.append(Finding(True, f"states/{state.name} is unfinished (an ingest running, or killed): the next ingest sweeps it away"))
    return good


def _registry(data_dir: Path, good: list[Path]) -> list[Finding]:
    path = data_dir / REGISTRY_NAME
    try:
        registry = Registry.read(path)
    except RegistryError as exc:
        if not path.exists():
            return [Finding(False, f"no registry ({REGISTRY_NAME}): states cannot be rebuilt from it", "any `rskg ingest` writes one")]
        return [Finding(False, f"the registry cannot be read ({exc})", REPAIR)]
    findings = []
    for source in registry.sources.values():
        stored = data_dir / source.stored if source.stored else None
        if stored is None or not stored.is_file():
            findings.append(
                Finding(False, f"{source.id}: its stored copy {source.stored} is missing", f"ingest {source.path or source.file} again")
            )
        elif sha256(stored) != source.sha256:
            findings.append(
                Finding(False, f"{source.id}: its stored copy {source.stored} has changed", f"ingest {source.path or source.file} again")
            )
    if good:
        held = _documents(good[0])
        missing = sorted(set(registry.sources) - held)
        if missing:
            findings.append(Finding(False, f"registered but not in states/{good[0].name}: {', '.join(missing)}", REPAIR))
        unregistered = sorted(held - set(registry.sources))
        if unregistered:
            findings.append(
                Finding(False, f"in states/{good[0].name} but not registered: {', '.join(unregistered)}", "ingest their files again")
            )
    if all(f.ok for f in findings):
        findings.append(Finding(True, f"registry: {len(registry)} documents, each with its stored copy"))
    return findings


def _documents(state: Path) -> set[str]:
    return {d["id"] for d in json.loads((state / "index" / "documents.json").read_text(encoding="utf-8"))}


def _cache(data_dir: Path) -> Finding:
    """The embedding caches: the concept model's and the retrieval model's (``embeddings-<model>``)."""
    vectors = 0
    for folder in sorted((data_dir / "cache").glob("embeddings*")):
        cache = VectorCache(folder)
        if cache.warning:
            return Finding(False, cache.warning, "nothing to do: the next ingest sets it aside (or delete the folder)")
        vectors += len(cache.vectors)
    return Finding(True, f"embedding caches: {vectors} vectors")
