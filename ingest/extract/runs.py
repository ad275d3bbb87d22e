"""A numbered list a PDF printed as one line of text: a table's single column or a run-in list comes out of
the text layer as "1 Advanced Computing 2 Advanced Materials 3 Biotechnologies ...". When the numbers run
1, 2, 3, ... without a gap and every piece is a short capitalised phrase, the paragraph is read as the list
it was: one list item per number, so the list readers see it like any other list."""

import re
from dataclasses import replace

from ..parse.model import Block, BlockKind

NUMBER = re.compile(r"(?:^|\s)(\d{1,2})\s+(?=[A-Z])")
MIN_ITEMS = 3
MAX_ITEM_WORDS = 12


def split_numbered_runs(blocks: list[Block]) -> list[Block]:
    out = []
    for block in blocks:
        items = numbered_run(block.text) if block.kind is BlockKind.PARAGRAPH and " | " not in block.text else None
        if items:
            out += [replace(block, kind=BlockKind.LIST_ITEM, text=item, level=0) for item in items]
        else:
            out.append(block)
    return out


def numbered_run(text: str) -> list[str] | None:
    """["Advanced Computing", "Advanced Materials", ...] from "1 Advanced Computing 2 Advanced Materials ...", else None."""
    cuts, expected = [], 1
    for m in NUMBER.finditer(text):
        if int(m[1]) == expected:
            cuts.append(m)
            expected += 1
    if len(cuts) < MIN_ITEMS or cuts[0].start() != 0:
        return None
    items = []
    for k, m in enumerate(cuts):
        end = cuts[k + 1].start() if k + 1 < len(cuts) else len(text)
        items.append(text[m.end() : end].strip())
    if any(not item or len(item.split()) > MAX_ITEM_WORDS or item.endswith((".", ":", "?")) for item in items):
        return None
    return items
