"""Parse a corpus file of any supported format into a ``ParsedDocument``."""

from collections.abc import Callable
from pathlib import Path

from ..errors import IngestError
from .docx import parse_docx
from .html import parse_html
from .model import Block, BlockKind, ParsedDocument, ReadOptions
from .odt import parse_odt
from .office import refuse_legacy
from .pdf import parse_pdf
from .text import parse_text

PARSERS: dict[str, Callable[[Path, ReadOptions], ParsedDocument]] = {
    ".txt": parse_text,
    ".md": parse_text,
    ".markdown": parse_text,
    ".html": parse_html,
    ".htm": parse_html,
    ".pdf": parse_pdf,
    ".docx": parse_docx,
    ".odt": parse_odt,
    ".doc": refuse_legacy,
    ".rtf": refuse_legacy,
}
SUPPORTED = tuple(PARSERS)


def parse(path: Path, options: ReadOptions | None = None) -> ParsedDocument:
    options = options or ReadOptions()
    parser = PARSERS.get(path.suffix.lower())
    if parser is None:
        raise IngestError(path, f"unsupported file type {path.suffix or '(none)'}; rskg reads {', '.join(SUPPORTED)}")
    if not path.is_file():
        raise IngestError(path, "no such file")
    size = path.stat().st_size
    if size == 0:
        raise IngestError(path, "file is empty; nothing to ingest")
    if size > options.max_bytes:
        raise IngestError(
            path, f"file is {size / 2**20:.0f} MiB, over the {options.max_bytes / 2**20:.0f} MiB limit; raise RSKG_MAX_FILE_MB to ingest it"
        )
    return parser(path, options)


__all__ = ["SUPPORTED", "Block", "BlockKind", "ParsedDocument", "ReadOptions", "parse"]
