"""What the Word and OpenDocument readers share: opening the zip safely, parsing its XML
without resolving entities, and writing the light markdown that ``blocks_from_text`` reads.
"""

import re
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from lxml import etree

from ..errors import IngestError
from .model import ReadOptions

CONVERT_HINT = "soffice --headless --convert-to docx FILE"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc, and every password-protected Office file
MAX_PARTS = 10_000  # an office file has tens of parts, hundreds with images; the zip's directory is read only below this
MAX_LIST_DEPTH = 10
MAX_HEADING_LEVEL = 6
# Custom document properties a producer may use for the organisation behind a file (never its author).
ISSUER_PROPERTIES = ("company", "publisher", "organisation", "organization", "issuer")

NOTE_MARK = re.compile(r"\[\^\w+\]")
# No entities resolved, no DTD loaded, no network, libxml2's default limits on depth and text size.
SAFE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True
)


def refuse_legacy(path: Path, options: ReadOptions | None = None):
    """``.doc`` and ``.rtf``: say how to turn them into a format rskg reads."""
    raise IngestError(path, f"{path.suffix} files are not read; convert it with LibreOffice (`{CONVERT_HINT}`) and ingest the .docx")


def open_package(path: Path, options: ReadOptions, kind: str) -> zipfile.ZipFile:
    """The file as a zip whose declared contents fit under ``options.max_bytes``.

    Python's zipfile never inflates a member past its declared size (a member that lies
    fails its CRC check), so checking the declared sizes bounds what reading can cost.
    """
    with path.open("rb") as file:
        if file.read(8) == OLE_MAGIC:
            raise IngestError(
                path,
                f"a legacy Word file or a password-protected one; save it unprotected as a {kind}, or `{CONVERT_HINT}`",
            )
        parts = _declared_parts(file)
    if parts is not None and parts > MAX_PARTS:
        raise IngestError(path, f"its zip declares {parts} parts, more than the {MAX_PARTS} a document could need; this is not one")
    try:
        package = zipfile.ZipFile(path)
        members = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise IngestError(path, f"not a readable {kind} (damaged zip: {exc}); open and save it again in its editor") from exc
    declared = sum(info.file_size for info in members)
    if declared > options.max_bytes:
        package.close()
        raise IngestError(
            path,
            f"its parts unpack to {declared / 2**20:.0f} MiB, over the {options.max_bytes / 2**20:.0f} MiB limit "
            "(a zip bomb, or a very large file); raise RSKG_MAX_FILE_MB only if you trust it",
        )
    return package


def _declared_parts(file) -> int | None:
    """The entry count in the zip's end-of-directory record (or its zip64 twin), read before the directory itself."""
    file.seek(0, 2)
    size = file.tell()
    file.seek(max(0, size - 22 - 65535))
    tail = file.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 12 > len(tail):
        return None
    count = int.from_bytes(tail[at + 10 : at + 12], "little")
    if count == 0xFFFF:  # the real count is in the zip64 record just before
        at64 = tail.rfind(b"PK\x06\x06", 0, at)
        return int.from_bytes(tail[at64 + 32 : at64 + 40], "little") if at64 >= 0 and at64 + 40 <= at else None
    return count


def read_member(package: zipfile.ZipFile, name: str, path: Path, kind: str) -> bytes:
    try:
        return package.read(name)
    except KeyError as exc:
        raise IngestError(path, f"not a complete {kind}: the part {name} is missing; open and save it again in its editor") from exc
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
        raise IngestError(path, f"not a readable {kind}: the part {name} is damaged ({exc}); open and save it again in its editor") from exc


def parse_xml(data: bytes, name: str, path: Path, kind: str) -> etree._Element:
    try:
        return etree.fromstring(data, SAFE_PARSER)
    except etree.XMLSyntaxError as exc:
        raise IngestError(
            path, f"not a readable {kind}: {name} is not well-formed XML ({exc}); open and save it again in its editor"
        ) from exc


def iso_date(value: datetime | date | str | None) -> str | None:
    """A calendar date (YYYY-MM-DD) from a property, or None when it is absent or implausible."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    if not isinstance(value, date) or not 1980 <= value.year <= datetime.now().year + 1:
        return None
    return value.strftime("%Y-%m-%d")


def clean_metadata(values: dict[str, str | None]) -> dict[str, str]:
    return {key: " ".join(value.split()) for key, value in values.items() if value and value.strip()}


def issuer_from(properties: Iterable[tuple[str, str]]) -> str | None:
    named = {name.strip().lower(): value for name, value in properties if value and value.strip()}
    return next((named[key] for key in ISSUER_PROPERTIES if key in named), None)


@dataclass
class Piece:
    """One block of the document before it is written out: kind is title, heading, item, para or note."""

    kind: str
    text: str
    level: int = 0
    marker: str = ""


def fold(text: str) -> str:
    return " ".join(text.split())


def heading_text(text: str) -> str:
    """A heading names its section: a note mark on it stays with the note, not in the section path."""
    return fold(NOTE_MARK.sub("", text))


def render(pieces: list[Piece]) -> str:
    """Light markdown: ``#`` headings, indented ``- `` items, ``[^n]:`` notes, blank lines between blocks.

    A document with a Title paragraph has that title at level 1 and its headings one level below.
    """
    shift = 1 if any(p.kind == "title" for p in pieces) else 0
    out: list[str] = []
    for piece in pieces:
        text = heading_text(piece.text) if piece.kind in ("title", "heading") else fold(piece.text)
        if not text:
            continue
        if piece.kind == "title":
            out.append(f"# {text}")
        elif piece.kind == "heading":
            out.append("#" * min(piece.level + shift, MAX_HEADING_LEVEL) + " " + text)
        elif piece.kind == "item":
            out.append("  " * min(piece.level, MAX_LIST_DEPTH) + "- " + text)
        elif piece.kind == "note":
            out.append(f"[^{piece.marker}]: {text}")
        else:
            out.append(text)
    return "\n\n".join(out) + "\n"


def first_title(pieces: list[Piece]) -> str | None:
    for piece in pieces:
        if piece.kind in ("title", "heading") and heading_text(piece.text):
            return heading_text(piece.text)
    return None


def link_suffix(href: str | None, label: str) -> str:
    """The address written after a link's text, as the HTML reader does: tools are known by their address."""
    if href and href.startswith(("http://", "https://")) and fold(label) and href not in label:
        return f" ({href})"
    return ""


class NoteMarks:
    """Each note's mark, given at its first reference: a producer's own label when it has one,
    else footnotes 1, 2, 3 and endnotes i, ii, iii as Word numbers them. Notes referenced since
    the last ``take_pending`` wait there to be written after the block that cites them."""

    def __init__(self) -> None:
        self.marks: dict[tuple[str, str], str] = {}
        self.used: set[str] = set()
        self.spare = 0  # numbers for marks that would repeat one already given; only ever increases
        self.counts = {"footnote": 0, "endnote": 0}
        self.pending: list[tuple[str, str, str]] = []

    def reference(self, kind: str, note_id: str, label: str | None = None) -> str:
        key = (kind, note_id)
        if key not in self.marks:
            self.counts[kind] = self.counts.get(kind, 0) + 1
            n = self.counts[kind]
            mark = label if label and label.isalnum() else (roman(n) if kind == "endnote" else str(n))
            while mark in self.used:  # an endnote numbered like a footnote, a label used twice
                self.spare += 1
                mark = f"{kind[0]}{self.spare}"
            self.marks[key] = mark
            self.used.add(mark)
            self.pending.append((kind, note_id, mark))
        return f"[^{self.marks[key]}]"

    def take_pending(self) -> list[tuple[str, str, str]]:
        pending, self.pending = self.pending, []
        return pending


def roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while n >= value:
            out += letters
            n -= value
    return out
