"""The query page at /sparql: YASGUI served from the app, rskg's prefixes declared, and the competency questions as examples."""

import html
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from ontology import QUERIES_DIR
from ontology import namespace as ns


class Example(NamedTuple):
    name: str  # file stem, e.g. 06-tools-for-personnel
    question: str  # the file's "# Question:" line
    query: str  # the query, with the prefixes it uses declared


@lru_cache
def examples() -> list[Example]:
    """The competency queries of ontology/queries/, ready to run anywhere (their prefixes written out)."""
    found = []
    for path in sorted(QUERIES_DIR.glob("*.rq")):
        text = path.read_text()
        question = re.search(r"^#\s*Question:\s*(.+)$", text, re.MULTILINE)
        body = "\n".join(line for line in text.splitlines() if not line.startswith("# Question:")).strip()
        found.append(Example(path.stem, question.group(1).strip() if question else path.stem, prologue(body) + body + "\n"))
    return found


def prologue(query: str) -> str:
    """PREFIX lines for the rskg prefixes ``query`` uses (the endpoint declares them anyway)."""
    used = [p for p in ns.PREFIXES if re.search(rf"(?<![\w:]){re.escape(p)}:", query)]
    return "".join(f"PREFIX {p}: <{ns.PREFIXES[p]}>\n" for p in used) + ("\n" if used else "")


DEFAULT_QUERY = """SELECT ?principle ?label ?definition WHERE {
  ?principle a rskg:Principle ; skos:prefLabel ?label .
  OPTIONAL { ?principle skos:definition ?definition }
}
ORDER BY ?label"""


def render_query_page(endpoint: str) -> str:
    gallery = "\n".join(
        f'<li><button type="button" data-example="{i}" title="{html.escape(e.name)}">{html.escape(e.question)}</button></li>'
        for i, e in enumerate(examples())
    )
    config = {
        "endpoint": endpoint,
        "defaultQuery": prologue(DEFAULT_QUERY) + DEFAULT_QUERY + "\n",
        "examples": [e._asdict() for e in examples()],
    }
    return (
        (Path(__file__).parent / "static" / "sparql.html")
        .read_text()
        .replace("{{gallery}}", gallery)
        .replace("{{endpoint}}", html.escape(endpoint))
        .replace("{{config}}", json.dumps(config).replace("</", "<\\/"))
    )
