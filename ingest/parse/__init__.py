"""Parse a corpus file of any supported format into a ``ParsedDocument``."""

import errno
import stat
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
    """Read one file. Whatever goes wrong inside a reader is one ``IngestError`` naming the file and what to do."""
    try:
        return _read(path, options or ReadOptions())
    except IngestError:
        raise
    except RecursionError:
        raise IngestError(path, "nested too deeply to read; save it flatter (or as plain text) and ingest it again") from None
    except MemoryError:
        raise IngestError(path, "too large to read in the memory available; split it into smaller files") from None
    except UnicodeError as error:
        raise IngestError(path, f"its text cannot be decoded ({_one_line(error)}); save it as UTF-8 and ingest it again") from None
    except OSError as error:
        raise IngestError(path, _os_problem(path, error)) from None
    except Exception as error:  # a reader's library failing on damaged input: isolate the file, never a traceback
        failure = f"{type(error).__name__}: {_one_line(error)}"
        raise IngestError(path, f"the reader failed ({failure}); the file may be damaged: open it and save it again") from None


def _read(path: Path, options: ReadOptions) -> ParsedDocument:
    parser = PARSERS.get(path.suffix.lower())
    if parser is None:
        raise IngestError(path, f"unsupported file type {path.suffix or '(none)'}; rskg reads {', '.join(SUPPORTED)}")
    try:
        status = path.stat()
    except OSError as error:
        raise IngestError(path, _os_problem(path, error)) from None
    if not stat.S_ISREG(status.st_mode):
        raise IngestError(path, "not a regular file (a folder, device or pipe); name the file itself")
    if status.st_size == 0:
        raise IngestError(path, "file is empty; nothing to ingest")
    if status.st_size > options.max_bytes:
        size, limit = status.st_size / 2**20, options.max_bytes / 2**20
        raise IngestError(path, f"file is {size:.0f} MiB, over the {limit:.0f} MiB limit; raise RSKG_MAX_FILE_MB to ingest it")
    return parser(path, options)


def _os_problem(path: Path, error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "a symbolic link that loops back on itself; point it at a real file"
    if error.errno == errno.ENOENT:
        return "a symbolic link to a file that does not exist" if path.is_symlink() else "no such file"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied; make the file readable and try again"
    if error.errno == errno.EISDIR:
        return "a folder, not a file; name the folder itself to ingest what it holds"
    return f"cannot be read ({error.strerror or _one_line(error)}); check the file and try again"


def _one_line(error: BaseException, limit: int = 200) -> str:
    text = " ".join(str(error).split()) or "no message"
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = ["SUPPORTED", "Block", "BlockKind", "ParsedDocument", "ReadOptions", "parse"]
