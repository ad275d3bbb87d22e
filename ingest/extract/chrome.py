"""Page chrome: the furniture of a web page or a printed one, which is never a concept.

The HTML parser already drops nav, header, footer, aside and form elements, and the PDF parser
running heads and feet. What is left is found by shape: a breadcrumb trail, a block that is a
single link to a site's own utility page (contact, privacy, "report a problem"), a page-details
line ("Date modified: 2024-01-16"), and the phrases every template repeats."""

import re
from collections import Counter
from urllib.parse import urlparse

from ..parse.model import Block, BlockKind
from .base import URL

CHROME_PHRASES = re.compile(
    r"^(?:skip to .*|jump to .*|(?:go )?back to .*|top of page|print( this page)?|share( this( page| article)?)?|"
    r"date (modified|published).*|"
    r"last (modified|updated|reviewed).*|page details|report a problem.*|was this page helpful.*|contact us|privacy( policy| notice)?|"
    r"cookies?( policy| settings| preferences)?|accessibility( statement)?|terms (and|&) conditions|terms of use|sitemap|site map|"
    r"follow us( on .*)?|subscribe.*|sign in|log in|search( [\w.]+){0,2}|menu|home|you are here:?|breadcrumb|social media|feedback|"
    r"about (this site|us|government)|"
    r"departments and agencies|français|english|newsletter|disclaimer|copyright.*|©.*|all rights reserved.*)\W*$",
    re.I,
)
UTILITY_PATH = re.compile(
    r"/(?:contact|privacy|cookies?|terms|accessibility|sitemap|site-map|report-problem|feedback|help|social|newsletter|login|"
    r"search|disclaimer|copyright)[\w.-]*/?$",
    re.I,
)
BREADCRUMB = re.compile(r"^(?:[^>/›»|]{1,40}\s[>/›»]\s){2,}[^>/›»|]{1,60}$")  # "Home > Research > Security" (not a table row's " | ")
MAX_LINK_ONLY_WORDS = 10


def is_chrome_label(text: str) -> bool:
    return bool(CHROME_PHRASES.match(text.strip()))


def is_chrome(block: Block) -> bool:
    text = block.text.strip()
    if is_chrome_label(text) or BREADCRUMB.match(text) or all(is_chrome_label(cell) for cell in text.split(" | ")):
        return True
    link = URL.search(text)
    if link is None:
        return False
    words = URL.sub("", text).split()
    return len(words) <= MAX_LINK_ONLY_WORDS and bool(UTILITY_PATH.search(link.group(1).split("?")[0]))


TABLE_OF_CONTENTS = re.compile(r"^(?:on this page|in this (?:section|article|guide)|contents|table of contents|jump to)\W*$", re.I)


MENU_ITEM_WORDS = 3
MENU_LONG_ITEM_WORDS = 6
MIN_MENU_ITEMS = 3


def _link_only(block: Block, max_words: int = MENU_ITEM_WORDS) -> bool:
    """A block that is one short link and nothing else: "News (https://.../news)"."""
    text = block.text.strip()
    m = re.fullmatch(r"(?P<label>[^()]{1,80}?)\s*(?:\((?P<url>https?://\S+)\)\s*)+", text)
    return m is not None and len(m["label"].split()) <= max_words


def _menus(blocks: list[Block]) -> set[int]:
    """Indexes of blocks in a menu: a run of list items each of which is one short link, most of them of a few words
    (a navigation bar, a footer's links, as a printed page or a page without nav elements has them)."""
    found, run = set(), []
    for i, block in enumerate([*blocks, None]):
        if block is not None and block.kind is BlockKind.LIST_ITEM and _link_only(block, MENU_LONG_ITEM_WORDS):
            run.append(i)
            continue
        short = sum(_link_only(blocks[k]) for k in run)
        if len(run) >= MIN_MENU_ITEMS and short * 2 >= len(run) and short >= MIN_MENU_ITEMS - 1 and _one_site(blocks, run):
            found.update(run)
        run = []
    return found


def _one_site(blocks: list[Block], run: list[int]) -> bool:
    """Whether a run of links mostly stays on one site, as a menu does, or its labels are a word or two ("News",
    "Contact us"): a reading list's links go to many issuers ("NSPM-33 Implementation Guidance", "Consolidated
    Screening List")."""
    hosts = [urlparse(m.group(1)).hostname or "" for k in run if (m := URL.search(blocks[k].text))]
    common = Counter(hosts).most_common(1)[0][1] if hosts else 0
    return common * 2 >= len(run) or all(_link_only(blocks[k], 2) for k in run)


MASTHEAD_WORDS = 15


def _masthead(blocks: list[Block]) -> set[int]:
    """Indexes of the link lines above a page's first heading (a printed page's banner, search box and breadcrumb)."""
    found = set()
    for i, block in enumerate(blocks):
        if block.kind is BlockKind.HEADING:
            break
        if URL.search(block.text) and len(URL.sub("", block.text).split()) <= MASTHEAD_WORDS:
            found.add(i)
    return found


def without_chrome(blocks: list[Block]) -> list[Block]:
    """The blocks that are content: no chrome, no menus and no table of contents ("On this page", "Contents" and what
    follows it up to the next heading)."""
    kept, in_contents, in_chrome_section = [], False, False
    menus = _menus(blocks) | _masthead(blocks)
    for i, block in enumerate(blocks):
        if i in menus:
            continue
        if block.kind is BlockKind.HEADING:
            in_chrome_section = is_chrome_label(block.text)  # "About government", "Share this page": the list under it too
        elif in_chrome_section and block.kind is BlockKind.LIST_ITEM:
            continue
        else:
            in_chrome_section = False
        if TABLE_OF_CONTENTS.match(block.text.strip()):
            in_contents = True
            continue
        if in_contents and block.kind is not BlockKind.HEADING:
            continue  # its entries, as a list, a table ("1 Scope | 1") or one run-on paragraph, up to the next heading
        in_contents = False
        if not is_chrome(block):
            kept.append(block)
    return kept
