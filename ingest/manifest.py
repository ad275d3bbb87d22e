"""Corpus metadata: ``manifest.toml`` beside the files, one ``[[document]]`` table each."""

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import RskgError

MANIFEST_NAME = "manifest.toml"


@dataclass(frozen=True)
class ManifestEntry:
    id: str
    file: str
    title: str | None = None
    issuer: str | None = None
    date: str | None = None
    jurisdiction: str | None = None
    kind: str | None = None
    source: str | None = None
    original_format: str | None = None
    sha256: str | None = None


@lru_cache
def _read(folder: Path) -> dict[str, ManifestEntry]:
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return {}
    try:
        tables = tomllib.loads(path.read_text(encoding="utf-8")).get("document", [])
    except tomllib.TOMLDecodeError as exc:
        raise RskgError(f"{path}: not valid TOML ({exc}); fix the manifest and ingest again") from exc
    fields = set(ManifestEntry.__dataclass_fields__)
    entries = {}
    for table in tables:
        if "id" not in table or "file" not in table:
            raise RskgError(f"{path}: every [[document]] needs `id` and `file`; one has {sorted(table)}")
        entries[table["file"]] = ManifestEntry(**{k: str(v) for k, v in table.items() if k in fields})
    return entries


def entry_for(path: Path) -> ManifestEntry:
    """The manifest entry for ``path``, or one made from its file name."""
    found = _read(path.resolve().parent).get(path.name)
    return found if found is not None else ManifestEntry(id=slug(path.stem), file=path.name)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "document"
