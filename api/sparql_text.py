"""What a SPARQL request asks for, read from its tokens before anything runs.

The endpoint must refuse updates and SERVICE calls, and pick a result format, before the
store sees the query. Strings, IRIs and comments are skipped as whole tokens, so a keyword
inside a literal, a prefixed name such as ``ex:SERVICE`` or a variable such as ``?service``
is not taken for the keyword. The store's parser still has the last word on syntax.

The SPARQL grammar is defined over the query after codepoint escapes (``\\u0041``) are
replaced, and a parser may replace them anywhere or only inside IRIs and strings: the query is
read both as written and with every escape replaced, and a SERVICE seen in either counts. (The
worker processes that evaluate queries have no network besides; see ``sparql_pool``.)
"""

import re
from typing import NamedTuple

_TOKEN = re.compile(
    r"""
      (?P<string>"{3}(?:[^"\\]|\\.|"(?!""))*"{3} | '{3}(?:[^'\\]|\\.|'(?!''))*'{3}
                 | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<comment>\#[^\n]*)
    | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)
    | (?P<pname>(?:[A-Za-z\u00c0-\uffff][\w.\-\u00b7\u00c0-\uffff]*)?:(?:[\w.\-:%\u00b7\u00c0-\uffff]|\\.)*)
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<other>\S)
    """,
    re.VERBOSE,
)

QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
UPDATE_FORMS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


class QueryShape(NamedTuple):
    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE, an update keyword, or None if there is none
    services: list[str]  # the endpoints named by SERVICE: full IRIs, or ?variables
    depth: int = 0  # the deepest nesting of { } and ( )

    @property
    def is_update(self) -> bool:
        return self.form in UPDATE_FORMS

    @property
    def returns_graph(self) -> bool:
        return self.form in {"CONSTRUCT", "DESCRIBE"}


_CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def replace_escapes(text: str) -> str:
    """``\\uXXXX`` and ``\\UXXXXXXXX`` replaced by their characters, as the SPARQL grammar reads them
    (an escape that names no character is left as it is: the store refuses it)."""

    def character(m: re.Match) -> str:
        code = int(m[1] or m[2], 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m[0]

    return _CODEPOINT_ESCAPE.sub(character, text)


def inspect(text: str, prefixes: dict[str, str]) -> QueryShape:
    """The query form and the SERVICE endpoints of ``text``, as written and with its escapes
    replaced; ``prefixes`` are those declared for every query."""
    written = _read(text, prefixes)
    expanded = replace_escapes(text)
    if expanded == text:
        return written
    replaced = _read(expanded, prefixes)
    services = written.services + [s for s in replaced.services if s not in written.services]
    return QueryShape(written.form or replaced.form, services, max(written.depth, replaced.depth))


def _read(text: str, prefixes: dict[str, str]) -> QueryShape:
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(text) if m.lastgroup not in {"comment"}]
    declared = dict(prefixes)
    form, services = None, []
    depth = deepest = 0
    for i, (kind, value) in enumerate(tokens):
        if kind == "other" and value in "{(":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "other" and value in "})":
            depth -= 1
        word = value.upper() if kind == "word" else None
        if word == "PREFIX" and i + 2 < len(tokens) and tokens[i + 1][0] == "pname" and tokens[i + 2][0] == "iri":
            declared[tokens[i + 1][1].rstrip(":")] = tokens[i + 2][1][1:-1]
        elif form is None and word in QUERY_FORMS | UPDATE_FORMS:
            form = word
        elif word == "SERVICE":
            target = i + 1
            if target < len(tokens) and tokens[target][1].upper() == "SILENT":
                target += 1
            if target < len(tokens):
                services.append(_resolve(*tokens[target], declared))
    return QueryShape(form, services, deepest)


def _resolve(kind: str, value: str, prefixes: dict[str, str]) -> str:
    if kind == "iri":
        return value[1:-1]
    if kind == "pname":
        prefix, _, local = value.partition(":")
        return prefixes.get(prefix, prefix + ":") + local
    return value
