"""Links whose address the text has lost (a printed web page keeps its hrefs only as annotations):
the address is written after the first block text that shows the link's text, "Title (address)",
as the HTML parser writes a link, so that every reader sees addressed links the same way."""

import re
from dataclasses import replace

from ..parse.model import Block

MIN_LINK_CHARS = 2
BROKEN_SCHEME = re.compile(r"\b(https?:)\s+(//)")  # an address a printed line broke after its scheme: "https: //host/path"


def with_links(blocks: list[Block], links: list[tuple[str, str]]) -> list[Block]:
    blocks = [replace(b, text=BROKEN_SCHEME.sub(r"\1\2", b.text)) if BROKEN_SCHEME.search(b.text) else b for b in blocks]
    for pieces, address in _joined(links):
        text = " ".join(pieces)
        holding = [i for i, b in enumerate(blocks) if text in b.text and address not in b.text]
        if not holding and len(pieces) > 1:  # the pieces are not adjacent in the text: the first one names the link
            text = pieces[0]
            holding = [i for i, b in enumerate(blocks) if text in b.text and address not in b.text]
        if not holding:
            continue
        i = min(holding, key=lambda i: len(blocks[i].text))  # the block the link is most of: its list item, not a mention in prose
        block = blocks[i]
        end = block.text.find(text) + len(text)
        blocks[i] = replace(block, text=f"{block.text[:end]} ({address}){block.text[end:]}")
    return blocks


def _joined(links: list[tuple[str, str]]) -> list[tuple[list[str], str]]:
    """A link a printed line broke in two is two annotations with one address ("Policy on Sensitive Technology",
    "Research and Affiliations of Concern"): consecutive pieces with the same address are one link."""
    joined: list[tuple[list[str], str]] = []
    for text, address in links:
        if len(text) < MIN_LINK_CHARS or _is_address_piece(text):
            continue
        if joined and joined[-1][1] == address:
            joined[-1][0].append(text)
        else:
            joined.append(([text], address))
    return joined


def _is_address_piece(text: str) -> bool:
    """Link text that is (part of) an address printed as text, "(https:" or "//host/path)": the address is in the text already."""
    text = text.strip("()<> .,")
    if " " not in text and ("/" in text or "\x02" in text):  # "and-tools-implement/national-security\x02": a broken address's line
        return True
    return "://" in text or text.startswith(("//", "http", "www.")) or not re.search(r"[A-Za-z]{2}", text)
