"""PDF -> blocks, with pypdf's layout mode.

Layout mode keeps the vertical gaps between paragraphs, so each page becomes
text of the shape ``text.py`` reads. Here we add what only a PDF needs:
running headers, footers and page numbers out, line-end hyphens mended, page
numbers for each block, and errors that say what to do with a bad file.
"""

import logging
import re
from collections import Counter
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PdfStreamError

from ..errors import IngestError
from .model import ParsedDocument
from .text import blocks_from_text

MIN_CHARS_PER_PAGE = 25
RUNNING_LINE_ZONE = 3  # lines at a page's top and bottom where headers and footers live
HYPHEN_BREAK = re.compile(r"(?P<left>\b\w+)-\n[ \t]*(?P<right>[a-z]\w*)")
FILE_NAME_TITLE = re.compile(r"\.(pdf|docx?|odt|indd|tex)$|^(untitled|microsoft word\b)|^\s*$", re.I)

logging.getLogger("pypdf").setLevel(logging.ERROR)


def parse_pdf(path: Path) -> ParsedDocument:
    reader = _open(path)
    try:
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError) as exc:
        raise IngestError(path, f"corrupt PDF, text could not be extracted ({exc}); re-export or download it again") from exc
    if not pages:
        raise IngestError(path, "PDF has no pages")
    if sum(len(p.strip()) for p in pages) < MIN_CHARS_PER_PAGE * len(pages):
        raise IngestError(
            path, "PDF has no text layer (scanned pages?); run OCR first, e.g. `ocrmypdf in.pdf out.pdf`, and ingest the result"
        )
    pages = _drop_running_lines([_strip_layout(p) for p in pages])
    text, page_starts = "", []
    for page in pages:
        page_starts.append(len(text))
        text += page.strip("\n") + "\n\n"
    text = _mend_hyphens(text)
    page_starts = _shift_starts(page_starts, text, pages)
    blocks, footnotes = blocks_from_text(text, page_starts)
    return ParsedDocument(path, "pdf", text, blocks, title=_title(reader, blocks), page_count=len(pages), footnotes=footnotes)


def _open(path: Path) -> PdfReader:
    raw = path.read_bytes()
    head = raw[:1024].lstrip()
    if not head.startswith(b"%PDF-"):
        what = "HTML" if re.match(rb"(?i)<(!doctype|html|\?xml|head|body)", head) else "something else"
        raise IngestError(path, f"not a PDF (the file holds {what}); give it its real extension")
    if b"%%EOF" not in raw[-2048:]:
        raise IngestError(path, "truncated PDF (no end-of-file marker); download or export it again")
    try:
        reader = PdfReader(path, strict=True)
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(
                path, "encrypted PDF; remove the password (e.g. `qpdf --decrypt --password=... in.pdf out.pdf`) and ingest the result"
            )
        len(reader.pages)
    except (FileNotDecryptedError, DependencyError) as exc:
        raise IngestError(path, f"encrypted PDF that cannot be opened ({exc}); decrypt it first, e.g. with qpdf") from exc
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError) as exc:
        raise IngestError(path, f"corrupt PDF ({exc}); re-export or download it again") from exc
    return reader


def _strip_layout(page: str) -> str:
    """Layout mode pads lines to their x position; keep one level of indent for bullets."""
    lines = [line.rstrip() for line in page.split("\n")]
    margin = min((len(line) - len(line.lstrip()) for line in lines if line.strip()), default=0)
    return "\n".join(_fold_indent(line[margin:]) for line in lines)


def _fold_indent(line: str) -> str:
    body = line.lstrip()
    indent = len(line) - len(body)
    return ("  " * min(indent // 4, 3)) + " ".join(body.split()) if body else ""


def _running_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def _drop_running_lines(pages: list[str]) -> list[str]:
    """Remove lines that recur at the top or bottom of many pages, and bare page numbers."""
    zones = []
    for page in pages:
        lines = [line for line in page.split("\n") if line.strip()]
        zones.append({_running_key(line) for line in lines[:RUNNING_LINE_ZONE] + lines[-RUNNING_LINE_ZONE:]})
    counts = Counter(key for zone in zones for key in zone)
    threshold = max(3, len(pages) // 2)
    running = {key for key, n in counts.items() if n >= threshold}
    out = []
    for page, zone in zip(pages, zones, strict=True):
        kept = []
        for line in page.split("\n"):
            key = _running_key(line)
            if key in zone and (key in running or re.fullmatch(r"(page )?[#ivxl]+( of #)?", key.strip())):
                continue
            kept.append(line)
        out.append("\n".join(kept))
    return out


def _mend_hyphens(text: str) -> str:
    """Join words split at a line end. Keep the hyphen where the document itself
    writes the word with one ("cyber-attacks"), drop it otherwise ("intel-lectual")."""
    words = Counter(w.lower() for w in re.findall(r"\w+(?:-\w+)*", text))

    def join(m: re.Match) -> str:
        left, right = m["left"], m["right"]
        hyphenated, closed = f"{left}-{right}".lower(), f"{left}{right}".lower()
        keep = words[hyphenated] > 0 and words[closed] == 0
        return f"{left}-{right}" if keep else f"{left}{right}"

    return HYPHEN_BREAK.sub(join, text)


def _shift_starts(starts: list[int], text: str, pages: list[str]) -> list[int]:
    """Page offsets after hyphen mending: find each page's first line again."""
    shifted, cursor = [], 0
    for start, page in zip(starts, pages, strict=True):
        first = next((line.strip() for line in page.split("\n") if line.strip()), "")
        found = text.find(first[:40], cursor) if first else -1
        cursor = found if found >= 0 else min(start, len(text))
        shifted.append(cursor)
    return shifted


def _title(reader: PdfReader, blocks) -> str | None:
    meta = (reader.metadata.title if reader.metadata else None) or ""
    if not FILE_NAME_TITLE.search(meta.strip()):
        return meta.strip()
    return next((b.text for b in blocks if b.kind.value == "heading"), None)
