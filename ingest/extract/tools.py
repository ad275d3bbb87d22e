"""Tools: resources and guidance documents a text names, cleaned to titles.

- a list item, footnote or short paragraph that carries a web address names a tool (an HTML link
  arrives as "link text (address)"), and so does every item of a reading list ("Further reading",
  "Material shared"); the list's sub-heading ("Norway", "CESAER") says whose tool it is;
- a title in prose ("... the Trusted Research Checklist for Academia ...") names one too.
A title is the text before the address, without what follows its first qualifier (", which
...", ", for checking partners"), file names or bare domains: never a sentence, never the whole
description, never the document's own title, never page chrome."""

import itertools
import re
from dataclasses import replace

from ..parse.model import Block, BlockKind
from ..records import Concept, DocumentRecord
from .base import URL, Source
from .chrome import is_chrome_label
from .organisations import HEADS

YEAR = re.compile(r"\((?:19|20)\d\d\)|,\s*(?:19|20)\d\d\b")
READING_LIST = re.compile(r"\b(further reading|background material|material shared|resources|reading list|useful links)\b", re.I)
TOOL_NOUNS = (
    r"guidance|guidelines?|guide|checklists?|toolkits?|tools?|framework|portal|principles|recommendations?|report|rapport|"
    r"paper|statement|strategy|training|modules?|courses?|contact point|self-assessment|vade-mecum|booklet|act|memorandum"
)
TOOL_NOUN = re.compile(rf"\b({TOOL_NOUNS})\b", re.I)
CONNECTORS = r"(?:and|for|of|on|in|to|the|&)"
TITLE_IN_PROSE = re.compile(
    rf"\b((?:[A-Z][\w’'&-]*\s+(?:{CONNECTORS}\s+){{0,2}}){{1,7}}"
    r"(?:Guidance|Checklist|Toolkit|Guidelines|Principles|Framework|Portal|Modules|Recommendations)"
    rf"(?:\s+(?:for|on|of)\s+[A-Z][\w&-]*(?:\s+(?:{CONNECTORS}\s+)?[A-Z][\w&-]*)*)?)"
)
ORG_HEAD = re.compile(rf"\b(?:{HEADS})\b")
# A finite verb after the subject: "Finish considerations related to ... are relevant" is a sentence, its subject the title
FINITE = re.compile(r"\s(?:is|are|was|were|has|have|had|will|can|could|should|must|may|provides?|offers?|helps?|gives?|sets out)\s")
# A title ends where its description begins: "..., which gathers", "..., for checking partners"; a colon may be part of it.
DESCRIPTION = re.compile(
    r",\s(?=(?:which|who|where|including|particularly|for|offered|maintained|published|hosted|provided|run|kept|used|"
    r"covering|with|a|an|the|as)\b)|\s[–—]\s"
)
MAX_TOOL_PARAGRAPH = 320
CELL_TEXT = " | "
SLUG_WORDS = 3
# Link text or a footnote's lead that says nothing of what it links to
GENERIC = re.compile(
    r"^(?:(?:the|this|that|our|see|full|original)\s+)?(?:paper|report|document|guidance|website|web ?site|page|link|source|here|"
    r"publication|pdf|download|more|details|text)?$",
    re.I,
)
LINK_TEXT_WORDS = 14
TRAILING_NAME = re.compile(r"((?:[A-Z][\w’'&.-]*\s+(?:(?:of|for|and|on|the|in|&)\s+)*)*[A-Z][\w’'&.-]*)\s*$")
MAX_TITLE_WORDS = 16
MAX_CITED_TITLE_WORDS = 30


def read(source: Source) -> list[Concept]:
    return _title_then_address(source) + _addressed(source) + _titles_in_prose(source)


ONLY_ADDRESS = re.compile(r"^\s*<?(?P<url>https?://\S+?)>?[.,;]?\s*$")
TRAILING_NOTE = re.compile(r"\s*\((?:[^()]*)\)\s*$")  # "Safeguarding Science toolkit (NCSC fact sheet, October 2021)"


def _title_then_address(source: Source) -> list[Concept]:
    """A reading list printed title on one line, address on the next ("Safeguarding Science toolkit (NCSC)" /
    "https://www.dni.gov/..."): the line before a line that is only an address is its title."""
    found = []
    blocks = source.blocks
    for title_block, address_block in itertools.pairwise(blocks):
        m = ONLY_ADDRESS.match(address_block.text)
        kinds = (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
        titles = (*kinds, BlockKind.HEADING)  # a short title line may be read as a heading of its own
        if m is None or title_block.kind not in titles or address_block.kind not in kinds or URL.search(title_block.text):
            continue
        text = title_block.text.strip()
        if text.endswith(":") or CELL_TEXT in text or READING_LIST.search(text) or GENERIC.match(text):
            continue
        label = citation_title(TRAILING_NOTE.sub("", text).rstrip(" .,;"))
        if not _is_title(label, source.document, addressed=True):
            continue
        found.append(
            Concept(
                "tool",
                label,
                address=URL.search(m["url"]).group(1) if URL.search(m["url"]) else m["url"],
                source_clauses=source.clauses_of(title_block, address_block),
                method="title-then-address",
                extra={"document_jurisdiction": source.document.jurisdiction},
            )
        )
    return found


def _addressed(source: Source) -> list[Concept]:
    blocks, found = source.blocks, []
    context: str | None = None  # the sub-heading of a reading list: a jurisdiction or an issuer
    in_reading_list = False
    for i, block in enumerate(blocks):
        text = block.text
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if block.kind is BlockKind.HEADING or (block.kind is BlockKind.PARAGRAPH and len(text.split()) <= 4 and not URL.search(text)):
            leads_to_tools = nxt is not None and (nxt.kind is BlockKind.LIST_ITEM or URL.search(nxt.text))
            if in_reading_list and not leads_to_tools:
                in_reading_list = False
            context = text.rstrip(":").strip() if leads_to_tools else None
            continue
        if block.kind is BlockKind.PARAGRAPH and READING_LIST.search(text) and len(text) < 200:
            in_reading_list, context = True, None
            continue
        if block.kind is BlockKind.LIST_ITEM and block.level == 0 and not URL.search(text) and len(text.split()) <= 4:
            context = text.rstrip(":,")  # a list item that heads the tools nested under it
            continue
        if block.kind is BlockKind.PARAGRAPH and not URL.search(text):
            in_reading_list = in_reading_list and block.text.endswith(":")
            continue
        for entry in _numbered_entries(block):
            tool = _tool_from(entry, in_reading_list, context, source.document)
            if tool is not None:
                found.append(replace(tool, source_clauses=source.clauses_of(block)))
    return found


NEXT_ENTRY = re.compile(r"\s+\d{1,3}\s+(?=[A-Z“\"])")
# "... https://... Hochschulrektorenkonferenz (2020). Title ...": the next citation, its author and year
NEXT_CITATION = re.compile(r"\s+(?=[A-Z][^\s()]*(?:\s+[^\s()]+){0,8}\s+\((?:19|20)\d\d[a-z]?\)\.)")
ENDS_WITH_ADDRESS = re.compile(r"https?://\S+\s*$")
SENTENCE_END = re.compile(r"[a-z]{2}[.!?]\s+[A-Z]")  # prose, where a sentence ends and the next begins


def _numbered_entries(block: Block) -> list[Block]:
    """A paragraph of numbered notes run together ("1 Issuer, Title, https://... 2 PET, Title, https://..."), as a
    two-column page prints end notes, or of citations ("Author (2020). Title. Publisher. https://... Author (2023). ..."):
    one entry each, their numbers off; any other block as it is."""
    text = block.text
    if block.kind is not BlockKind.PARAGRAPH or len(URL.findall(text)) < 2:
        return [block]
    numbered = bool(NOTE_NUMBER.match(text))
    if not numbered and not ENDS_WITH_ADDRESS.search(text):
        return [block]  # a bibliography run together: every entry ends with its address, so the paragraph does too
    following = NEXT_ENTRY if numbered else NEXT_CITATION
    cuts = [m.end() for m in URL.finditer(text) if following.match(text, m.end())]
    if not numbered and not cuts and not SENTENCE_END.search(URL.sub("", text)):
        # a reading list printed title, address, title, address with no blank lines: a title after every address
        cuts = [m.end() for m in URL.finditer(text) if re.match(r"\s+[A-Z]", text[m.end() :])]
    parts = [text[a:b] for a, b in itertools.pairwise([0, *cuts, len(text)])]
    return [replace(block, text=NOTE_NUMBER.sub("", part.strip(), count=1)) for part in parts if part.strip()]


def _tool_from(block: Block, in_reading_list: bool, context: str | None, document: DocumentRecord) -> Concept | None:
    text = block.text.replace(" | ", " ")  # a footnote a PDF printed with wide gaps reads as cells
    url = URL.search(text)
    reference = bool(REFERENCE_NUMBER.match(text) and url and ENDS_WITH_ADDRESS.search(text))
    if reference:  # "[2] Issuer. Title. https://...": an entry of a numbered list of references
        text = REFERENCE_NUMBER.sub("", text, count=1)
        url = URL.search(text)
    prose = not reference and url is not None and _sentence_before(text, url)
    if block.kind is BlockKind.PARAGRAPH and (url is None or len(text) > MAX_TOOL_PARAGRAPH or prose):
        return None  # a link in running prose is the prose_links reader's
    if block.kind is BlockKind.FOOTNOTE and (url is None or not _cites(text)):
        return None
    if block.kind is BlockKind.LIST_ITEM and url is None and not in_reading_list:
        return None
    if reference:
        label = _reference_title(text, url)
    else:
        label = citation_title(title_of(_cited_title(text) if block.kind is not BlockKind.LIST_ITEM else text))
    if url and GENERIC.match(label):
        label = slug_title(url.group(1)) or label
    if not _is_title(label, document, addressed=url is not None, cited=block.kind is BlockKind.FOOTNOTE):
        return None
    return Concept(
        "tool",
        label,
        address=url.group(1) if url else None,
        issuer=context,  # the list's sub-heading: a jurisdiction or an issuer, told apart when linking
        method="reading-list" if in_reading_list else "addressed-item",
        extra={"document_jurisdiction": document.jurisdiction},
    )


REFERENCE_NUMBER = re.compile(r"^\[\d{1,3}\]\s+(?=\S)")  # "[3] ": a numbered reference, as LaTeX and Word print them
REFERENCE_SENTENCE = re.compile(r"\.\s+(?=[A-Z“\"¿¡])")


def _reference_title(text: str, url: re.Match) -> str:
    """The title of a reference written as sentences, "Issuer. Title. [Publisher.] https://...": its second
    sentence; a reference of one sentence is read as a note is."""
    sentences = [s for s in REFERENCE_SENTENCE.split(text[: url.start()].strip(" .,:;")) if s.strip()]
    if len(sentences) >= 2:
        return clean_tool_label(sentences[1])
    return citation_title(title_of(_cited_title(text)))


PAREN_URL = re.compile(r"\(https?://[^\s()]+\)")  # how the parsers write a link: "text (address)"


def _sentence_before(text: str, url: re.Match) -> bool:
    """Links written into running prose ("... under the Policy on X (https://...), a grant ...")."""
    if not PAREN_URL.search(text):
        return False  # bare addresses: a footnote or a reference line
    return bool(re.search(r"[.;!?]\s", text[: url.start()])) or len(PAREN_URL.findall(text)) > 1


NOTE_NUMBER = re.compile(r"^\d{1,3}\s+(?=[A-Z“\"])")
QUOTED = re.compile(r"[“\"](?P<title>[^”\"]{8,160}?)[”\"]")


BYLINE = re.compile(r"^(?:from|source|by|via|publisher)\s*:\s*", re.I)
CITED_ISSUER = re.compile(rf"^(?:[A-Z]{{2,}}[A-Za-z]*|[^,]{{0,60}}?\b(?:{HEADS})\b[^,]{{0,80}}),\s+(?P<rest>[A-Z0-9“\"].+)$")
CITED_DATE = re.compile(
    r",\s+(?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December)?\s*(?:19|20)\d\d$"
)


AUTHOR_YEAR = re.compile(r"^[^()]{2,120}?\s+\((?:19|20)\d\d[a-z]?\)\.\s+(?P<rest>\S.+)$")


# A reference's tail after its title: a file, project or document number, or when it was read
CITED_REFERENCE = re.compile(r",\s+(?:project|ref\.?|reference|file|case|document|doc\.|no\.|isbn|doi|accessed|retrieved)\s", re.I)


def citation_title(label: str) -> str:
    """The title in a reference: "From: X" -> "X"; "NCSC, Cyber Threat Report 2025" -> "Cyber Threat Report 2025" (an
    issuer before the comma); "..., 13 February 2024" -> no date."""
    label = BYLINE.sub("", label)
    if m := AUTHOR_YEAR.match(label):  # "Author (2020). Title. Publisher.": the title, the sentence after the year
        label = re.split(r"\.\s+(?=[A-Z])", m["rest"], maxsplit=1)[0]
    label = CITED_DATE.sub("", label)
    if (m := CITED_ISSUER.match(label)) and len(m["rest"].split()) >= 2:
        label = m["rest"]
    label = CITED_REFERENCE.split(label, maxsplit=1)[0]  # "Group for ..., project OKM061:00/2024": no file reference
    return label.strip(" ,;:")


def _cited_title(text: str) -> str:
    """A note or reference line: no note number ("1 DFG press release ..."), and the quoted title when it quotes one
    ('DFG press release no. 41, 29 September 2023, "Dealing with Risks ...": https://...')."""
    text = NOTE_NUMBER.sub("", text)
    url = URL.search(text)
    quoted = QUOTED.search(text[: url.start()] if url else text)
    if quoted and len(quoted["title"].split()) >= 2 and url:
        return f"{quoted['title']} {text[url.start() :]}"
    return text


def _cites(text: str) -> bool:
    """A note that cites a work: a tool's noun, a year, a quoted title, a title before the address, or an issuer and
    a title before it ("European Union, Regulation (EU) 2021/821 setting up ..., https://...")."""
    return bool(TOOL_NOUN.search(text) or YEAR.search(text) or QUOTED.search(text) or _names_a_title(text) or _issuer_and_title(text))


def _issuer_and_title(text: str) -> bool:
    parts = [p.strip() for p in text[: URL.search(text).start()].split(",") if p.strip()]
    return len(parts) >= 2 and all(p[:1].isupper() for p in parts[:2])


def _names_a_title(text: str) -> bool:
    """A footnote "Global Research Council: https://..." names what the address is."""
    before = text[: URL.search(text).start()].strip(" :;,.-–")
    return 0 < len(before.split()) <= MAX_TITLE_WORDS and before[:1].isupper() and not before.endswith(".")


def slug_title(address: str) -> str | None:
    """A title from an address's last path segment: ".../integrity-and-security-in-the-global-research-ecosystem-1c416f43-en.htm"
    -> "Integrity and security in the global research ecosystem"; None when the segment is not words."""
    segment = address.rstrip("/").rsplit("/", 1)[-1].split("?")[0]
    segment = re.sub(r"\.(?:html?|aspx|php|pdf)$", "", segment, flags=re.I)
    words = [w for w in re.split(r"[-_]+", segment) if w]
    while words and (re.fullmatch(r"[0-9a-f]{6,}|\d+|en|fr|de|nl|eng|final|v\d+", words[-1], re.I)):
        words.pop()
    if len(words) < SLUG_WORDS or not all(w.isalpha() for w in words):
        return None
    title = " ".join(words)
    return title[0].upper() + title[1:]


def title_of(text: str) -> str:
    """The title in "The X portal, which gathers ...: https://..." or "X (https://...), which names ..."."""
    if (url := URL.search(text)) and len(text[: url.start()].split()) >= 1:
        text = text[: url.start()]
        if len(text.split()) > LINK_TEXT_WORDS and (m := TRAILING_NAME.search(text.rstrip(" (:"))):
            text = m.group(1)  # "... or to the Research Security Centre (https://...)": the link's own text
    label = clean_tool_label(text)
    return label[:1].upper() + label[1:]


def clean_tool_label(text: str) -> str:
    """A tool's title: no address, file names or bare domains, no description after it, no leading article."""
    label = URL.sub("", text)
    label = re.sub(r"\S+\.(?:pdf|docx?|html?|aspx)\b", "", label)
    label = re.sub(r"\((?:[\w-]+\.)+[a-z]{2,}\)", "", label)  # "(europa.eu)"
    label = re.split(r"(?<=\((?:19|20)\d\d\)):\s", label.strip(), maxsplit=1)[0]  # "Title (2022): link text"
    label = re.sub(r"\s*\((?:hosted|published|run|maintained|available|see|in)\b[^)]*\)", "", label)  # "(hosted by ...)"
    if (m := DESCRIPTION.search(label)) and m.start() > 0:
        label = label[: m.start()]
    label = re.sub(r"^(?:The|An|A)\s+(?=\S)", "", label.strip())
    if (m := FINITE.search(label)) and len(label[: m.start()].split()) >= 2:
        label = label[: m.start()]
    return re.sub(r"\s+", " ", label).strip(" :;,.-–")


def _is_title(label: str, document: DocumentRecord, *, addressed: bool, cited: bool = False) -> bool:
    words = label.split()
    # a footnote's commas delimit a title, however long ("Regulation (EU) 2021/821 setting up a Union regime for ...")
    if not words or len(words) > (MAX_CITED_TITLE_WORDS if cited and addressed else MAX_TITLE_WORDS) or is_chrome_label(label):
        return False
    if len(words) < 2 and not (addressed and label[:1].isupper()):
        return False
    if not label[0].isupper() and not label[0].isdigit():
        return False
    # the document's own title names the document, unless an address says it is another edition or the original
    return addressed or label.casefold() != (document.title or "").casefold()


def _titles_in_prose(source: Source) -> list[Concept]:
    found = []
    for block in source.blocks:
        if block.kind is not BlockKind.PARAGRAPH:
            continue
        for m in TITLE_IN_PROSE.finditer(block.text):
            label = re.sub(r"^(?:The|A|An|Its|Our|These|This)\s+", "", m.group(1).strip())
            if len(label.split()) < 3 or label.lower() == (source.document.title or "").lower() or ORG_HEAD.search(label):
                continue
            found.append(
                Concept(
                    "tool",
                    label,
                    source_clauses=source.clauses_of(block),
                    method="title-in-prose",
                    extra={"document_jurisdiction": source.document.jurisdiction},
                )
            )
    return found
