"""HTML -> blocks: the main content only, with headings, paragraphs, lists and link targets."""

import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

from ..errors import IngestError
from .model import ParsedDocument, ReadOptions
from .text import blocks_from_text, read_text

DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button", "svg", "iframe")
DROP_ATTR = re.compile(r"cookie|consent|banner|breadcrumb|skip|share|social|menu|navbar|sidebar|footer|newsletter", re.I)
MAIN_SELECTORS = ("main", "[role=main]", "article", "#content", "#main-content", ".content", "body")
BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dt", "dd", "caption", "figcaption", "tr"}


def parse_html(path: Path, options: ReadOptions | None = None) -> ParsedDocument:
    source = read_text(path)
    if not re.search(r"<\s*(html|body|p|div|h[1-6])\b", source[:20000], re.I):
        raise IngestError(path, "not HTML (no <html>, <body> or block tags); give it a .txt extension if it is plain text")
    soup = BeautifulSoup(source, "html.parser")
    meta_title = soup.title.get_text(" ", strip=True) if soup.title else None
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(_is_chrome):
        tag.decompose()
    main = next((m for sel in MAIN_SELECTORS if (m := soup.select_one(sel)) is not None), soup)
    _keep_link_targets(main)
    text = "\n\n".join(_render(main)).strip() + "\n"
    blocks, footnotes = blocks_from_text(text)
    if not blocks:
        raise IngestError(path, "no readable text in the page's main content")
    h1 = soup.find("h1")
    title = h1.get_text(" ", strip=True) if h1 else meta_title
    return ParsedDocument(path, "html", text, blocks, title=title or None, footnotes=footnotes)


def _is_chrome(tag: Tag) -> bool:
    if not isinstance(tag, Tag) or tag.name in ("html", "body", "main", "article") or tag.attrs is None:
        return False
    names = " ".join([tag.get("id") or "", *(tag.get("class") or []), tag.get("role") or ""])
    return bool(names.strip()) and DROP_ATTR.search(names) is not None and tag.get("role") != "main"


def _render(node: Tag, depth: int = 0) -> list[str]:
    """Blocks of light markdown, one per block element, in document order."""
    out: list[str] = []
    for child in node.children:
        if isinstance(child, NavigableString) or not isinstance(child, Tag):
            continue
        name = child.name
        if name in ("ul", "ol"):
            out.extend(_render(child, depth + 1))
        elif name in BLOCK_TAGS and not child.find(["p", "ul", "ol", "table", "div"] if name != "li" else ["ul", "ol"]):
            line = _inline(child)
            if not line:
                continue
            if name[0] == "h" and name[1:].isdigit():
                out.append("#" * int(name[1]) + " " + line)
            elif name == "li":
                out.append("  " * max(depth - 1, 0) + "- " + line)
            elif name == "tr":
                out.append(" | ".join(_inline(c) for c in child.find_all(["td", "th"])))
            else:
                out.append(line)
        elif name == "li":
            head = _inline(child, stop=("ul", "ol"))
            if head:
                out.append("  " * max(depth - 1, 0) + "- " + head)
            out.extend(_render(child, depth))
        else:
            out.extend(_render(child, depth))
    return out


def _inline(tag: Tag, stop: tuple[str, ...] = ()) -> str:
    parts: list[str] = []
    for node in tag.descendants:
        if isinstance(node, NavigableString):
            if not any(p.name in stop for p in node.parents if p is not tag and isinstance(p, Tag)):
                parts.append(str(node))
        elif node.name == "br":
            parts.append(" ")
    return " ".join("".join(parts).split())


def _keep_link_targets(main: Tag) -> None:
    """Write each outgoing link's address after its text: tools are known by their address."""
    for link in main.find_all("a", href=True):
        href, label = link["href"], link.get_text(" ", strip=True)
        if href.startswith(("http://", "https://")) and label and href not in label:
            link.insert_after(NavigableString(f" ({href})"))
