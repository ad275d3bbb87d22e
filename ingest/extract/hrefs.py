"""Links whose address the text has lost (a printed web page keeps its hrefs only as annotations):
the address is written after the first block text that shows the link's text, "Title (address)",
as the HTML parser writes a link, so that every reader sees addressed links the same way."""

from dataclasses import replace

from ..parse.model import Block

MIN_LINK_CHARS = 2


def with_links(blocks: list[Block], links: list[tuple[str, str]]) -> list[Block]:
    if not links:
        return blocks
    blocks = list(blocks)
    for text, address in links:
        if len(text) < MIN_LINK_CHARS:
            continue
        holding = [i for i, b in enumerate(blocks) if text in b.text and address not in b.text]
        if not holding:
            continue
        i = min(holding, key=lambda i: len(blocks[i].text))  # the block the link is most of: its list item, not a mention in prose
        block = blocks[i]
        end = block.text.find(text) + len(text)
        blocks[i] = replace(block, text=f"{block.text[:end]} ({address}){block.text[end:]}")
    return blocks
