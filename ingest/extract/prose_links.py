"""Links inside running prose: "Under the Policy on Research Security (https://...), a grant ...",
"... in its overview of the federal guidelines (https://...)". The parsers write a link as its text
followed by "(address)"; in a paragraph of any length each such link names a tool, titled by the
noun phrase just before the address: back from the address to the nearest determiner, verb or
punctuation ("the", "its", "under", "see", a comma), never more than a title's length."""

import re

from ..parse.model import BlockKind
from ..records import Concept
from .base import ENUMERATION, Source
from .chrome import is_chrome_label
from .tools import GENERIC, MAX_TOOL_PARAGRAPH, slug_title

LINK = re.compile(r"(?P<before>[^()]*?)\s*\((?P<url>https?://[^\s()]+)\)")
# Words that open the phrase before a title and are not part of it
STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "its",
        "their",
        "our",
        "his",
        "her",
        "this",
        "that",
        "these",
        "those",
        "your",
        "my",
        "under",
        "by",
        "see",
        "from",
        "with",
        "via",
        "at",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "per",
        "following",
        "through",
        "visit",
        "read",
        "consult",
        "use",
        "using",
        "in",
        "on",
        "to",
        "into",
        "for",
        "of",
        "and",
        "or",
        "also",
        "between",
        "within",
        "which",
        "who",
        "where",
        "when",
        "while",
        "if",
        "than",
    ]
)
INNER = frozenset(["of", "for", "on", "and", "in", "to", "the", "&", "de"])  # words a title keeps between its own words
MAX_TITLE_WORDS = 14
MIN_CHARS = 4


def read(source: Source) -> list[Concept]:
    found = []
    for block in source.blocks:
        if block.kind is BlockKind.PARAGRAPH and " | " not in block.text and len(block.text) > MAX_TOOL_PARAGRAPH // 2:
            found += _bare_links(source, block)
        if block.kind is not BlockKind.PARAGRAPH or " | " in block.text or not in_prose(block.text):
            continue
        for m in LINK.finditer(block.text):
            title = title_before(m["before"])
            if not title or GENERIC.match(title):
                title = slug_title(m["url"]) or ""
            if len(title) < MIN_CHARS or is_chrome_label(title) or title.casefold() == (source.document.title or "").casefold():
                continue
            found.append(
                Concept(
                    "tool",
                    title,
                    address=m["url"].rstrip(".,;"),
                    source_clauses=source.clauses_of(block),
                    method="link-in-prose",
                    extra={"document_jurisdiction": source.document.jurisdiction},
                )
            )
    return found


# A bare address that a sentence says something is at: "SciENcv, hosted by NIH at https://...", "The guidance is
# published at https://...", "The NSF's page Research Security at NSF is at https://..."
BARE = re.compile(r"(?<![(\w])(?P<url>https?://[^\s()<>]+[^\s()<>.,;:])")
PLACED = re.compile(r"\b(?:at|from|on|via|under)\s*$", re.I)
SUBJECT_END = re.compile(r",\s|\s(?:is|are|was|were|remains?|can|may|lives|sits|has|have|hosted|published|available)\b")
OWNER = re.compile(
    r"^(?:the|a|an)\s+|^(?:(?:the\s+)?[\w.-]+[’']s\s+)?(?:web\s?)?(?:page|site|website|portal|guide|list|tool)\s+(?=[A-Z])", re.I
)
SENTENCE_START = re.compile(r"(?:^|(?<=[.!?])\s+)(?=[A-Z])")


def _bare_links(source: Source, block) -> list[Concept]:
    """Tools named as the subject of the sentence that gives their bare address."""
    found = []
    for m in BARE.finditer(block.text):
        before = block.text[: m.start()]
        if not PLACED.search(before):
            continue
        starts = [s.start() for s in SENTENCE_START.finditer(before)]
        sentence = ENUMERATION.sub("", before[starts[-1] if starts else 0 :])  # a paragraph may open with its number ("7.1 The ...")
        subject = SUBJECT_END.split(sentence, maxsplit=1)[0].strip()
        while (stripped := OWNER.sub("", subject, count=1)) != subject:
            subject = stripped
        words = subject.split()
        title = subject if 1 <= len(words) <= MAX_TITLE_WORDS and subject[:1].isupper() and not GENERIC.match(subject) else ""
        title = title or slug_title(m["url"]) or ""
        if len(title) < MIN_CHARS or is_chrome_label(title):
            continue
        found.append(
            Concept(
                "tool",
                title,
                address=m["url"],
                source_clauses=source.clauses_of(block),
                method="address-in-prose",
                extra={"document_jurisdiction": source.document.jurisdiction},
            )
        )
    return found


def in_prose(text: str) -> bool:
    """A paragraph whose links sit in running text: long, or more than one link, or a sentence before its first link.
    (A short paragraph that is one title and its address is the tools reader's.)"""
    links = list(LINK.finditer(text))
    if not links:
        return False
    return len(text) > MAX_TOOL_PARAGRAPH or len(links) > 1 or bool(re.search(r"[.;!?]\s", links[0]["before"]))


def title_before(text: str) -> str:
    """The noun phrase that ends ``text``: "Under the Policy on Sensitive Research" -> "Policy on Sensitive Research"."""
    text = re.split(r"[.;:!?,()\[\]“”\"]\s", text + " ")[-1].strip()
    words = text.split()
    kept: list[str] = []
    for i in range(len(words) - 1, -1, -1):
        bare = words[i].strip("“”\"'‘’")
        lower = bare.lower()
        if lower.endswith(("'s", "’s")) and kept:  # "NTNU's page on ...": the owner is not the title
            break
        if lower in STOP and not (kept and _inside_title(words, i)):
            break
        if not (bare[:1].isupper() or bare[:1].isdigit()) and lower.endswith(("ed", "ly")) and kept:
            break
        kept.insert(0, bare)
        if len(kept) > MAX_TITLE_WORDS:
            return ""
    while kept and kept[0].lower() in INNER:
        kept.pop(0)
    return " ".join(kept).strip(" -–—")


def _word(words: list[str], i: int) -> str:
    return words[i].lower() if i >= 0 else "."


def _inside_title(words: list[str], i: int) -> bool:
    """A connector inside a title: "of" after a noun ("summary of the rules"), "the" after such an "of", and any
    connector ("on", "and", "for") after a capitalised word ("Policy on Research", "Secure and Open Research")."""
    word, before = _word(words, i), _word(words, i - 1)
    if word == "of" and before not in STOP:
        return True
    if word in ("the", "a", "an") and before == "of" and _word(words, i - 2) not in STOP:
        return True
    j = i - 1
    while j >= 0 and words[j].lower() in INNER:
        j -= 1
    return word in INNER and j >= 0 and words[j][:1].isupper() and words[j].lower() not in STOP
