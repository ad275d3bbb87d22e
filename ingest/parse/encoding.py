"""Bytes -> text: byte-order marks, UTF-16/32 without one, a page's declared charset, detection.

The order follows what a browser does with a saved page: a byte-order mark wins; then (for
markup) the charset the page declares in ``<meta charset>``, ``http-equiv`` content-type or an
XML declaration; then UTF-8; then a detector on the bytes that are not ASCII. A declared legacy
charset loses to bytes that are valid UTF-8 and not plain ASCII: pages re-saved as UTF-8 keep
their old declaration more often than legacy bytes happen to be valid UTF-8.
"""

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Formats people save under a text extension by mistake, by their first bytes.
MAGIC = (
    (b"%PDF-", "a PDF; give it the .pdf extension"),
    (b"PK\x03\x04", "a ZIP archive (a .docx, .odt or .zip?); give it its real extension"),
    (b"\x89PNG", "a PNG image, not a document"),
    (b"\xff\xd8\xff", "a JPEG image, not a document"),
    (b"\x1f\x8b", "gzip-compressed data; uncompress it first"),
    (b"\x7fELF", "a program, not a document"),
)
# WHATWG encoding labels whose Python codec differs: browsers read these as the Windows supersets.
LABELS = {
    **dict.fromkeys(("shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j", "ms932"), "cp932"),
    **dict.fromkeys(("euc-kr", "euc_kr", "ks_c_5601-1987", "ksc5601", "ksc_5601", "korean", "windows-949", "csksc56011987"), "cp949"),
    **dict.fromkeys(("gb2312", "gb_2312", "gb_2312-80", "gbk", "x-gbk", "chinese", "csgb2312", "iso-ir-58"), "gb18030"),
    **dict.fromkeys(("iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "ansi_x3.4-1968"), "cp1252"),
    "windows-1252": "cp1252",
    **dict.fromkeys(("iso-8859-9", "latin5", "windows-1254"), "cp1254"),
    **dict.fromkeys(("big5", "big5-hkscs", "cn-big5", "x-x-big5"), "big5hkscs"),
}
DECLARED = (
    re.compile(rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I),  # <meta charset> and http-equiv content
    re.compile(rb"^\s*<\?xml\b[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)", re.I),
)
PRESCAN_BYTES = 8192
SAMPLE_BYTES = 64 * 1024
DETECT_BYTES = 256 * 1024
CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\x1b")
UNPRINTABLE = {"Cc", "Cn", "Co", "Cs"}
HIGH_RUNS = re.compile(rb"[\x80-\xff]+")
WESTERN = frozenset(chr(c) for c in range(0xC0, 0x100) if c not in (0xD7, 0xF7)) | frozenset("ŒœŠšŽžŸ’‘“”„–—…•€£©®°«»§·¿¡™ºª¢¥µ¶±¼½¾\xa0")
NON_ASCII_LINE = re.compile(rb"[^\n]*[\x80-\xff][^\n]*")


class BinaryContent(ValueError):
    """The bytes are not text in any encoding rskg tries; ``what`` names the format when known."""

    def __init__(self, what: str | None = None):
        self.what = what
        super().__init__(what or "binary content")


def decode(raw: bytes, *, markup: bool = False) -> str:
    """The text ``raw`` holds; ``markup`` lets a page's own charset declaration count."""
    for bom, name in BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(name, errors="replace")
    if (text := _wide_without_bom(raw)) is not None:
        return text
    for magic, what in MAGIC:
        if raw.startswith(magic):
            raise BinaryContent(what)
    head = raw[:SAMPLE_BYTES]
    if b"\x00" in head or sum(head.count(b) for b in CONTROL_BYTES) > len(head) // 10:
        raise BinaryContent()
    utf8 = _strict(raw, "utf-8")
    declared = _declared(raw) if markup else None
    trust_declared = declared and declared != "utf-8" and (utf8 is None or utf8.isascii())
    if trust_declared and (text := _strict(raw, declared)) is not None:
        return text
    if utf8 is not None:
        return utf8 if b"\x1b$" not in raw else (_strict(raw, "iso2022_jp") or utf8)
    return _detected(raw) or raw.decode(declared or "cp1252", errors="replace")


def _strict(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _declared(raw: bytes) -> str | None:
    head = raw[:PRESCAN_BYTES]
    for pattern in DECLARED:
        if (m := pattern.search(head)) is not None:
            label = m[1].decode("ascii").lower()
            if label.startswith(("utf-16", "utf-32", "ucs-2", "unicode")):
                return "utf-8"  # read as ASCII, so not really UTF-16 (what browsers do too)
            name = LABELS.get(label, label)
            try:
                return codecs.lookup(name).name
            except LookupError:
                return None
    return None


def _wide_without_bom(raw: bytes) -> str | None:
    """UTF-16 or UTF-32 with no byte-order mark, told by where the zero bytes fall."""
    sample = raw[: SAMPLE_BYTES - SAMPLE_BYTES % 4]
    if b"\x00" not in sample:
        return None
    quarters = [sample[i::4].count(0) for i in range(4)]
    n = len(sample) // 4
    candidates = []
    if n and quarters[2] == quarters[3] == n:
        candidates.append("utf-32-le")
    if n and quarters[0] == quarters[1] == n:
        candidates.append("utf-32-be")
    even, odd = quarters[0] + quarters[2], quarters[1] + quarters[3]
    if odd >= 2 and odd >= 4 * even:
        candidates.append("utf-16-le")
    if even >= 2 and even >= 4 * odd:
        candidates.append("utf-16-be")
    for name in candidates:
        cut = len(raw) - len(raw) % (4 if "32" in name else 2)
        text = _strict(raw[:cut], name)
        if text is not None and _looks_like_text(text[:SAMPLE_BYTES]):
            return text
    return None


def _looks_like_text(text: str) -> bool:
    bad = sum(1 for ch in text if unicodedata.category(ch) in UNPRINTABLE and ch not in "\t\n\r\f")
    return bad <= len(text) // 50


def _western(sample: bytes) -> bool:
    """Windows-1252 text (English with curly quotes, French, German): its non-ASCII bytes stand mostly alone
    and read as accented letters and typographic punctuation. Detectors guess wrong on a handful of such
    bytes (one "It’s" read as Chinese); CJK encodings put their bytes in pairs and runs."""
    runs = HIGH_RUNS.findall(sample)
    if not runs or sum(len(run) == 1 for run in runs) < 0.8 * len(runs):
        return False
    text = _strict(sample, "cp1252")
    if text is None:
        return False
    high = [ch for ch in text if not ch.isascii()]
    return sum(ch in WESTERN for ch in high) >= 0.9 * len(high)


def _detected(raw: bytes) -> str | None:
    """Detection on the lines that hold non-ASCII bytes: markup and ASCII say nothing of the charset."""
    sample, size = [], 0
    for line in NON_ASCII_LINE.finditer(raw):
        sample.append(line[0])
        size += len(line[0]) + 1
        if size > DETECT_BYTES:
            break
    joined = b"\n".join(sample)
    if len(joined) > DETECT_BYTES:  # cut where no multibyte character can be split: no trail byte is below 0x30
        cut = max(joined.rfind(bytes([b]), 0, DETECT_BYTES) for b in range(0x30))
        joined = joined[: cut if cut > 0 else DETECT_BYTES]
    if _western(joined):
        return raw.decode("cp1252", errors="replace")
    best = from_bytes(joined, cp_exclusion=["utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be"]).best()
    if best is None:
        return None
    try:
        return raw.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return raw.decode(best.encoding, errors="replace")
