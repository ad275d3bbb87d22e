"""Files written whole or not at all, and index states swapped in atomically.

A state is a folder under ``states/``; ``current`` is a symlink to the one
being served. Publishing writes a new folder, then renames a fresh symlink
over ``current``: readers see the old state or the new one, never half.
"""

import fcntl
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

from .errors import RskgError

IN_USE = ".in-use"  # servers hold a shared lock on this file in each state they serve
STATE_DONE = "state.json"  # written last: a state without it was never finished


@contextmanager
def atomic_write(path: Path, mode: str = "w"):
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, mode) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


READ_ONLY = 0o444


def sha256(path: Path) -> str:
    """The content hash of a file, read in chunks: a document's identity of content."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def keep_source(data_dir: Path, path: Path, sha256: str) -> Path:
    """A copy of an ingested file, named by its content (shared by all states): the web app offers it,
    and any state can be rebuilt from it. Written once, then read-only."""
    target = data_dir / "files" / f"{sha256}{path.suffix.lower()}"
    if not target.is_file() or target.stat().st_size != path.stat().st_size:
        with atomic_write(target, "wb") as f, open(path, "rb") as source:
            shutil.copyfileobj(source, f, 1 << 20)
        target.chmod(READ_ONLY)
    return target


def seal(state: Path) -> None:
    """Make every file of a finished state read-only: a published file is never changed in place
    (servers memory-map them; a file cut short under a reader would kill it)."""
    for path in state.rglob("*"):
        if path.is_file() and not path.is_symlink():
            path.chmod(READ_ONLY)


def current_state(data_dir: Path) -> Path | None:
    link = data_dir / "current"
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def finished_states(data_dir: Path) -> list[Path]:
    """States an ingest completed, the current one first, then the others newest first."""
    states = data_dir / "states"
    if not states.is_dir():
        return []
    finished = sorted((p for p in states.iterdir() if p.is_dir() and (p / STATE_DONE).exists()), key=_age, reverse=True)
    current = current_state(data_dir)
    return sorted(finished, key=lambda p: p != current)


def _age(state: Path) -> tuple[float, str]:
    """When a state was finished: its state.json is written last and never again (a server's marker touches the folder)."""
    done = state / STATE_DONE
    return (done.stat().st_mtime if done.exists() else state.stat().st_mtime, state.name)


def new_state_dir(data_dir: Path) -> Path:
    states = data_dir / "states"
    states.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(dir=states, prefix=time.strftime("%Y%m%dT%H%M%S-")))


@contextmanager
def ingest_lock(data_dir: Path):
    """One ingest at a time per data directory; states left by a killed ingest are swept first."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / ".ingest.lock", "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "another process"
            raise RskgError(f"another ingest ({holder}) is writing to {data_dir}; wait for it to finish and run this again") from None
        lock.seek(0)
        lock.truncate()
        lock.write(f"pid {os.getpid()}")
        lock.flush()
        sweep_unfinished(data_dir)
        yield


def sweep_unfinished(data_dir: Path) -> list[Path]:
    """Remove states that were never finished (an ingest killed mid-way). Call under the ingest lock."""
    states = data_dir / "states"
    current = current_state(data_dir)
    unfinished = [p for p in states.iterdir() if p.is_dir() and p != current and not (p / STATE_DONE).exists()] if states.is_dir() else []
    for state in unfinished:
        shutil.rmtree(state, ignore_errors=True)
    return unfinished


class StateInUse:
    """A shared lock that keeps a served state from being pruned; released by ``close()`` or when collected."""

    def __init__(self, state: Path):
        self._file = open(state / IN_USE, "a+")  # noqa: SIM115 (held for the life of the object)
        fcntl.flock(self._file, fcntl.LOCK_SH)

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()

    def __del__(self) -> None:
        self.close()


def _in_use(state: Path) -> bool:
    marker = state / IN_USE
    if not marker.exists():
        return False
    with open(marker, "a+") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        return False


def publish(data_dir: Path, state: Path, keep: int = 2, damaged: Iterable[Path] = ()) -> None:
    """Point ``current`` at ``state``; then drop the ``damaged`` states and the oldest beyond ``keep``."""
    tmp_link = data_dir / f".current.{os.getpid()}"
    tmp_link.unlink(missing_ok=True)
    tmp_link.symlink_to(state.relative_to(data_dir))
    os.replace(tmp_link, data_dir / "current")
    for old in damaged:
        if old != state and old.is_dir() and not _in_use(old):
            shutil.rmtree(old, ignore_errors=True)
    _prune(data_dir, state, keep)


def discard(state: Path) -> None:
    shutil.rmtree(state, ignore_errors=True)


def _prune(data_dir: Path, current: Path, keep: int) -> None:
    """Drop the oldest finished states beyond ``keep``, but never one a server is still reading."""
    states = sorted((p for p in (data_dir / "states").iterdir() if (p / STATE_DONE).exists()), key=_age)
    old = [p for p in states if p != current][: max(0, len(states) - keep)]
    for state in old:
        if not _in_use(state):
            shutil.rmtree(state, ignore_errors=True)
