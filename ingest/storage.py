"""Files written whole or not at all, and index states swapped in atomically.

A state is a folder under ``states/``; ``current`` is a symlink to the one
being served. Publishing writes a new folder, then renames a fresh symlink
over ``current``: readers see the old state or the new one, never half.
"""

import fcntl
import os
import shutil
import tempfile
import time
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


def keep_source(data_dir: Path, path: Path, sha256: str) -> Path:
    """A copy of an ingested file, named by its content, so the web app can offer it (shared by all states)."""
    target = data_dir / "files" / f"{sha256}{path.suffix.lower()}"
    if not target.exists():
        with atomic_write(target, "wb") as f:
            f.write(path.read_bytes())
    return target


def current_state(data_dir: Path) -> Path | None:
    link = data_dir / "current"
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


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


def publish(data_dir: Path, state: Path, keep: int = 2) -> None:
    tmp_link = data_dir / f".current.{os.getpid()}"
    tmp_link.unlink(missing_ok=True)
    tmp_link.symlink_to(state.relative_to(data_dir))
    os.replace(tmp_link, data_dir / "current")
    _prune(data_dir, state, keep)


def discard(state: Path) -> None:
    shutil.rmtree(state, ignore_errors=True)


def _prune(data_dir: Path, current: Path, keep: int) -> None:
    """Drop the oldest finished states beyond ``keep``, but never one a server is still reading."""
    states = sorted((p for p in (data_dir / "states").iterdir() if (p / STATE_DONE).exists()), key=lambda p: p.stat().st_mtime)
    old = [p for p in states if p != current][: max(0, len(states) - keep)]
    for state in old:
        if not _in_use(state):
            shutil.rmtree(state, ignore_errors=True)
