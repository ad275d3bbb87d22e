"""Files written whole or not at all, and index states swapped in atomically.

A state is a folder under ``states/``; ``current`` is a symlink to the one
being served. Publishing writes a new folder, then renames a fresh symlink
over ``current``: readers see the old state or the new one, never half.
"""

import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path


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


def current_state(data_dir: Path) -> Path | None:
    link = data_dir / "current"
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def new_state_dir(data_dir: Path) -> Path:
    states = data_dir / "states"
    states.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(dir=states, prefix=time.strftime("%Y%m%dT%H%M%S-")))


def publish(data_dir: Path, state: Path, keep: int = 2) -> None:
    tmp_link = data_dir / f".current.{os.getpid()}"
    tmp_link.unlink(missing_ok=True)
    tmp_link.symlink_to(state.relative_to(data_dir))
    os.replace(tmp_link, data_dir / "current")
    _prune(data_dir, state, keep)


def discard(state: Path) -> None:
    shutil.rmtree(state, ignore_errors=True)


def _prune(data_dir: Path, current: Path, keep: int) -> None:
    states = sorted((p for p in (data_dir / "states").iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)
    old = [p for p in states if p != current][: max(0, len(states) - keep)]
    for state in old:
        shutil.rmtree(state, ignore_errors=True)
