"""The registry of sources: every document ingested, with what any state needs to be rebuilt.

One JSON file, ``sources.json``, written atomically in two places: in the data directory (the
registry of record) and in each state (the documents that state holds). Per document: its id,
the key of its source (its address when one was given, else the file's resolved path), the
original file name and path, the metadata as given, the content hash, and the stored copy
``files/<sha256><ext>`` it can be read again from, whatever happened to the original.
"""

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .records import DocumentRecord
from .storage import atomic_write

REGISTRY_NAME = "sources.json"
VERSION = 1


@dataclass
class Source:
    id: str
    key: str  # what identifies the source: its address when given, else its resolved path
    file: str  # the original file name
    sha256: str
    stored: str | None  # the stored copy, relative to the data directory
    path: str | None = None  # the resolved path it was last read from
    given: dict[str, str] = field(default_factory=dict)  # metadata as given (command line, sidecar, manifest), without the id
    added: str | None = None
    updated: str | None = None


class RegistryError(ValueError):
    """A registry file that cannot be read."""


class Registry:
    def __init__(self, sources: dict[str, Source] | None = None):
        self.sources: dict[str, Source] = dict(sources or {})

    def __len__(self) -> int:
        return len(self.sources)

    def by_key(self, key: str) -> Source | None:
        return next((s for s in self.sources.values() if s.key == key), None)

    def put(self, source: Source) -> None:
        now = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        old = self.sources.get(source.id)
        source.added = old.added if old is not None and old.key == source.key else (source.added or now)
        source.updated = now
        self.sources[source.id] = source

    def drop(self, doc_id: str) -> Source | None:
        return self.sources.pop(doc_id, None)

    def save(self, path: Path) -> None:
        body = {"version": VERSION, "documents": [asdict(s) for s in sorted(self.sources.values(), key=lambda s: s.id)]}
        with atomic_write(path) as f:
            json.dump(body, f, ensure_ascii=False, indent=1)

    @classmethod
    def read(cls, path: Path) -> "Registry":
        """The registry in ``path``; RegistryError if it is missing or damaged."""
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
            return cls({row["id"]: Source(**row) for row in body["documents"]})
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise RegistryError(f"{path}: {type(exc).__name__}: {exc}") from exc

    @classmethod
    def from_documents(cls, data_dir: Path, documents: dict[str, DocumentRecord]) -> "Registry":
        """A registry for a state made before registries were kept: its documents' records stand for what was given."""
        sources = {}
        for doc in documents.values():
            stored = f"files/{doc.sha256}{Path(doc.file).suffix.lower()}"
            given = {
                k: v
                for k, v in (
                    ("title", doc.title),
                    ("issuer", doc.issuer),
                    ("date", doc.date),
                    ("jurisdiction", None if "jurisdiction" in doc.inferred else doc.jurisdiction),
                    ("kind", doc.kind),
                    ("source", doc.source),
                    ("original_format", doc.original_format),
                )
                if v
            }
            sources[doc.id] = Source(
                id=doc.id,
                key=doc.source or f"file:{doc.file}",  # unknown path: matched by file name (see ``pipeline``)
                file=doc.file,
                sha256=doc.sha256,
                stored=stored if (data_dir / stored).is_file() else None,
                given=given,
            )
        return cls(sources)
