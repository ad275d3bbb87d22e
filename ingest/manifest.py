"""What the user says of a document, besides its content.

Two places, both TOML with the same keys (``id``, ``title``, ``issuer``, ``date``,
``jurisdiction``, ``kind``, ``source``, ``original_format``):

- ``manifest.toml`` in a folder: one ``[[document]]`` table per file, each naming its ``file``;
- a sidecar beside one file, named for it with ``.toml`` added: ``report.pdf.toml`` describes
  ``report.pdf``. The sidecar wins over the folder's manifest, key by key.

A document id is the user's choice (``id`` here, or ``rskg ingest --id``) or made from the file
name by ``slug``; ids are checked by ``check_id``.
"""

import re
import tomllib
import unicodedata
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from .errors import RskgError

MANIFEST_NAME = "manifest.toml"
SIDECAR_SUFFIX = ".toml"
ID_MAX = 100
_ID = re.compile(r"[^\W_](?:[\w.-]*[^\W_])?")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(frozen=True)
class Given:
    """Metadata a user gives for a document (command line, sidecar or manifest); None: not given."""

    id: str | None = None
    title: str | None = None
    issuer: str | None = None
    date: str | None = None
    jurisdiction: str | None = None
    kind: str | None = None
    source: str | None = None  # the document's original address (http or https)
    original_format: str | None = None
    served_date: str | None = None  # the web server's Last-Modified (`rskg fetch`): the date when neither the user nor the file gives one

    def over(self, other: "Given") -> "Given":
        """These values, and ``other``'s where these are not given."""
        return replace(other, **{k: v for k, v in self.metadata(with_id=True).items()})

    def metadata(self, with_id: bool = False) -> dict[str, str]:
        """The values given, by name."""
        return {f.name: v for f in fields(self) if (v := getattr(self, f.name)) is not None and (with_id or f.name != "id")}


GIVEN_KEYS = tuple(f.name for f in fields(Given))


def check_given(given: Given, where: str) -> Given:
    """``given`` with blank values dropped; an invalid id, date or address is an error naming ``where``."""
    values = {k: " ".join(v.split()) for k, v in given.metadata(with_id=True).items()}
    values = {k: v for k, v in values.items() if v}
    if "id" in values:
        check_id(values["id"], where)
    for key in ("date", "served_date"):
        if key in values and not _DATE.fullmatch(values[key]):
            raise RskgError(f"{where}: {key} {values[key]!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    if "source" in values and not is_address(values["source"]):
        raise RskgError(f"{where}: source {values['source']!r} is not an http(s) address; give the page's full URL")
    return Given(**values)


def check_id(doc_id: str, where: str = "--id") -> str:
    if len(doc_id) > ID_MAX or not _ID.fullmatch(doc_id):
        raise RskgError(
            f"{where}: {doc_id!r} is not a usable document id; use letters, digits, '-' and '.', "
            f"starting and ending with a letter or digit, at most {ID_MAX} characters"
        )
    return doc_id


def is_address(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(c.isspace() or c in '<>"{}|\\^`' for c in value)


@lru_cache
def _read_manifest(folder: Path, stamp: float) -> dict[str, Given]:
    path = folder / MANIFEST_NAME
    tables = _toml(path).get("document", [])
    entries = {}
    for table in tables:
        if "file" not in table:
            raise RskgError(f"{path}: every [[document]] needs `file` (the file name it describes); one has {sorted(table)}")
        entries[str(table["file"])] = check_given(_given(table), f"{path} ({table['file']})")
    return entries


def _given(table: dict) -> Given:
    if "source_url" in table and "source" not in table:
        table = {**table, "source": table["source_url"]}
    return Given(**{k: str(v) for k, v in table.items() if k in GIVEN_KEYS})


def _toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RskgError(f"{path}: not valid TOML ({exc}); fix it and ingest again") from exc


def sidecar_of(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def entry_for(path: Path) -> Given:
    """What the sidecar and the folder's manifest say of ``path`` (the sidecar first); empty if neither."""
    folder = path.absolute().parent
    manifest = folder / MANIFEST_NAME
    found = _read_manifest(folder, manifest.stat().st_mtime) if manifest.is_file() else {}
    entry = found.get(path.name, Given())
    sidecar = sidecar_of(path)
    if sidecar.is_file():
        entry = check_given(_given(_toml(sidecar)), str(sidecar)).over(entry)
    return entry


def slug(name: str) -> str:
    """A readable id from a name: accents dropped, any script kept, words joined by '-'."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    text = re.sub(r"[\W_]+", "-", unicodedata.normalize("NFKC", folded).lower()).strip("-")
    return text[:60].rstrip("-") or "document"
