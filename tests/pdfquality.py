"""How well a PDF reads back: the measures of the producer matrix (bench/pdf.py, tests/test_pdf_producers.py).

Each measure compares the clauses rskg builds from a PDF with the source text the PDF was printed from:

- sentences intact: distinctive body sentences of the source (as tests/test_pdf_layout.py samples them)
  found whole in one clause;
- letter-spaced runs: three or more single letters separated by single spaces ("S c i e n t i s t s")
  that the source does not have;
- split tokens: neighbouring tokens that are not all words of the source but join into one that is
  ("r esear ch", "speci fi c", "mis appropriate"); doubled glyphs: a fragment followed by the word it
  begins ("Yo You", "Va Values"); glued tokens: a non-word that is two source words run together
  ("betterequipped");
- leaked furniture: a running header or footer string, the browser's date, title or address, or a page
  label ("3/12", "Page 3 of 9") inside a clause, where the source does not have that text there.
"""

import re
import time
import tomllib
import unicodedata
from pathlib import Path
from typing import NamedTuple

from ingest.clauses import SENTENCE_END, build_clauses
from ingest.parse import parse
from ingest.parse.text import BULLET, FOOTNOTE, clean_inline, read_text
from ingest.settings import PROJECT_ROOT

PRODUCERS = PROJECT_ROOT / "tests" / "fixtures" / "producers"
SENTENCES_PER_DOCUMENT = 20
WINDOW_WORDS = 3  # words either side of a furniture string that must read as the source reads
COMPACT_MIN_CHARS = 12  # furniture strings this long are also looked for with spaces ignored
COMPACT_WINDOW = 15  # characters either side that must then read as the source reads
MD_MARK = re.compile(r"\[\^\w+\]")
LETTER = r"[^\W\d_]"
LETTER_SPACED = re.compile(rf"(?<!{LETTER})(?:{LETTER} ){{2,}}{LETTER}(?!{LETTER})")
EDGE_PUNCTUATION = ".,;:!?()[]{}\"'“”‘’«»…–—-*"


class Entry(NamedTuple):
    """One PDF of the matrix, as tests/fixtures/producers/manifest.toml lists it."""

    path: Path
    producer: str
    source: Path
    holdout: bool
    pages: int
    furniture: list[str]
    page_label: str


class Quality(NamedTuple):
    """What one PDF lost on the way in."""

    entry: Entry
    sentences: int
    missing: list[str]
    letter_spaced: list[str]
    split: list[str]
    doubled: list[str]
    glued: list[str]
    furniture: list[str]
    pages: int
    seconds: float


def entries(folder: Path = PRODUCERS) -> list[Entry]:
    manifest = tomllib.loads((folder / "manifest.toml").read_text())
    return [
        Entry(folder / e["file"], e["producer"], PROJECT_ROOT / e["source"], e["holdout"], e["pages"], e["furniture"], e["page_label"])
        for e in manifest["pdf"]
    ]


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def body_sentences(source: Path, n: int = SENTENCES_PER_DOCUMENT) -> list[str]:
    """``n`` distinctive body sentences of a source text, spread over the whole document
    (tests/test_pdf_layout.py's sample, with ``[^1]`` footnote marks taken out as superscripts are)."""
    sentences = []
    for block in re.split(r"\n\s*\n", read_text(source)):
        block = block.strip()
        if not block or FOOTNOTE.match(block) or BULLET.match(block) or "\t" in block or block.startswith("#"):
            continue
        for sentence in SENTENCE_END.split(clean_inline(MD_MARK.sub("", block).replace("\n", " "))):
            if 80 <= len(sentence) <= 260 and "http" not in sentence and sentence.endswith((".", "?", "!", ":", ";")):
                sentences.append(sentence)
    step = max(1, len(sentences) // n)
    return sentences[::step][:n]


class Source(NamedTuple):
    """A source text as the measures look at it."""

    text: str  # every block, cleaned, one per line
    compact: str  # every block and every clause rskg cuts from the text, through norm(), without spaces
    blocks: frozenset[str]  # the same, each through norm()
    words: frozenset[str]


def read_source(path: Path) -> Source:
    """The source's blocks, and the clauses rskg builds from the text itself (a list's intro joined
    to each item, as in the PDF's clauses)."""
    blocks = []
    for block in re.split(r"\n\s*\n", read_text(path)):
        for line in block.split("\n"):
            line = re.sub(r"^#+\s*|^\[\^\w+\]:\s*", "", line.strip())
            if (m := BULLET.match(line)) is not None:
                line = m["body"]
            cells = [clean_inline(MD_MARK.sub("", cell)) for cell in line.split("\t")]
            blocks += [c for c in cells if c]
    _, clauses = build_clauses(path.stem, parse(path))
    readings = [*blocks, *(MD_MARK.sub("", c.text) for c in clauses), *(h for c in clauses for h in c.section_path)]
    text = "\n".join(blocks)
    words = frozenset(re.findall(rf"{LETTER}+", unicodedata.normalize("NFKC", text).lower()))
    normalised = [norm(r) for r in readings]
    return Source(text, "|".join(r.replace(" ", "") for r in normalised), frozenset(normalised), words)


def sentences_missing(sentences: list[str], clause_texts: list[str]) -> list[str]:
    texts = [norm(t) for t in clause_texts]
    return [s for s in sentences if not any(norm(s) in t for t in texts)]


def letter_spaced(text: str, source: Source) -> list[str]:
    """Runs of >= 3 single letters separated by single spaces that the source does not have."""
    return [m[0] for m in LETTER_SPACED.finditer(text) if not any(f" {norm(m[0])} " in f" {block} " for block in source.blocks)]


def _tokens(text: str) -> list[str | None]:
    """Whitespace tokens, lower case, edge punctuation off; None for anything not purely letters."""
    out: list[str | None] = []
    for token in unicodedata.normalize("NFKC", text).lower().split():
        token = token.strip(EDGE_PUNCTUATION)
        out.append(token if token.isalpha() else None)
    return out


def broken_tokens(text: str, source: Source) -> tuple[list[str], list[str], list[str]]:
    """(split, doubled, glued) tokens of ``text`` against the words of the source."""
    words = source.words
    tokens = _tokens(text)
    split, doubled, glued = [], [], []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token is None:
            i += 1
            continue
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if token not in words and following in words and following.startswith(token) and following != token:
            doubled.append(f"{token} {following}")
            i += 2
            continue
        for k in (2, 3, 4, 5):
            span = tokens[i : i + k]
            if len(span) == k and None not in span and "".join(span) in words and any(t not in words for t in span):
                split.append(" ".join(span))
                i += k
                break
        else:
            if token not in words and len(token) >= 6 and _two_words(token, words):
                glued.append(token)
            i += 1
    return split, doubled, glued


def _two_words(token: str, words: frozenset[str]) -> bool:
    return any(token[:cut] in words and token[cut:] in words for cut in range(2, len(token) - 1))


def furniture_strings(entry: Entry) -> tuple[list[str], list[str]]:
    """The running strings of a PDF: its header/footer text and page labels, and (apart) its bare page
    numbers, which count only where a clause starts or ends with one or is nothing else."""
    labels = [entry.page_label.format(n=n, m=entry.pages) for n in range(1, entry.pages + 1)] if entry.page_label else []
    if entry.page_label == "{n}":
        return entry.furniture, labels
    return [*entry.furniture, *labels], []


def leaked_furniture(text: str, strings: list[str], source: Source, numbers: list[str] = (), page: int | None = None) -> list[str]:
    """Furniture strings inside ``text`` (as printed, case and all) where the source does not read the
    same around them; compared without spaces, so that a word the parser split next to the string is
    not blamed on it. Bare page numbers count only at the start or end of a clause on that page or the
    one before."""
    folded = " ".join(unicodedata.normalize("NFKC", text).split())
    if page is not None:
        numbers = [n for n in numbers if int(n) in (page, page + 1)]
    leaks = []
    for string in [*strings, *numbers]:
        wanted = " ".join(unicodedata.normalize("NFKC", string).split()).rstrip(" …")  # a title cut short with "…"
        if not norm(wanted):
            continue
        if norm(folded) == norm(wanted) and norm(folded) not in source.blocks:
            leaks.append(string)
            continue
        found = False
        for m in re.finditer(rf"(?<!\w){re.escape(wanted)}(?!\w)", folded):
            found = True
            before = norm(folded[: m.start()]).split()[-WINDOW_WORDS:]
            after = norm(folded[m.end() :]).split()[:WINDOW_WORDS]
            if string in numbers and before and after:
                continue
            window = " ".join([*before, norm(wanted), *after])
            if window.replace(" ", "") not in source.compact:
                leaks.append(f"{string!r} in …{window}…")
        if not found:
            leaks += _leaked_without_spaces(folded, string, source)
    return leaks


def _leaked_without_spaces(text: str, string: str, source: Source) -> list[str]:
    """A long furniture string found only once spaces are ignored, in text the parser letter-spaced
    or split ("1 1 / 3 0 / 2 6 , 1 0 : 4 7 A M")."""
    compact, wanted = norm(text).replace(" ", ""), norm(string.rstrip(" …")).replace(" ", "")
    if len(wanted) < COMPACT_MIN_CHARS:
        return []
    leaks = []
    for m in re.finditer(re.escape(wanted), compact):
        window = compact[max(0, m.start() - COMPACT_WINDOW) : m.end() + COMPACT_WINDOW]
        if window not in source.compact:
            leaks.append(f"{string!r} in …{window}… (spaces ignored)")
    return leaks


def measure(entry: Entry) -> Quality:
    """Parse and cut one PDF exactly as the pipeline does, and measure what it lost."""
    started = time.perf_counter()
    parsed = parse(entry.path)
    _, clauses = build_clauses(entry.path.stem, parsed)
    seconds = time.perf_counter() - started
    source = read_source(entry.source)
    sentences = body_sentences(entry.source)
    texts = [c.text for c in clauses]
    headings = sorted({h for c in clauses for h in c.section_path})
    strings, numbers = furniture_strings(entry)
    spaced, split, doubled, glued, furniture = [], [], [], [], []
    for text, page in [*((c.text, c.page) for c in clauses), *((h, None) for h in headings)]:
        spaced += letter_spaced(text, source)
        s, d, g = broken_tokens(text, source)
        split += s
        doubled += d
        glued += g
        furniture += leaked_furniture(text, strings, source, numbers, page)
    return Quality(
        entry, len(sentences), sentences_missing(sentences, texts), spaced, split, doubled, glued, furniture, parsed.page_count, seconds
    )
