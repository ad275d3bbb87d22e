"""Compact JSON-LD with rskg's context, written straight from triples.

pyoxigraph writes JSON-LD expanded: every key a full IRI, every value an object in an array.
Analysts expect the compact form: ``{"@context": ..., "@graph": [{"@id": "id:doc/x", "@type":
"rskg:Document", "dcterms:title": "..."}]}``. The context holds only prefix definitions, so
compaction is a matter of spelling: a key or an ``@id``/``@type`` value becomes ``prefix:suffix``,
which every JSON-LD processor expands back to the same IRI; a plain string is a plain JSON string;
``rdf:type`` becomes ``@type``. The graph is the same as the Turtle and N-Triples; only the
spelling differs.

Nodes are written as their triples arrive, one object per run of triples with the same subject,
so a dump of millions of triples is streamed. A subject whose triples are not consecutive gets
two node objects with the same ``@id``, which JSON-LD merges.
"""

import json
from collections.abc import Iterable, Iterator
from typing import IO

import pyoxigraph as ox

from . import namespace as ns

CONTEXT = {prefix: iri for prefix, iri in ns.PREFIXES.items()}
MEDIA_TYPE = "application/ld+json"
_BY_LENGTH = sorted(ns.PREFIXES.items(), key=lambda item: -len(item[1]))
_RDF_TYPE = ns.RDF + "type"
_XSD_STRING = ns.XSD + "string"


def compact_iri(iri: str) -> str:
    """``prefix:suffix`` when a prefix of the context covers ``iri`` (and the result cannot be read as another IRI)."""
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace):
            suffix = iri[len(namespace) :]
            if not suffix.startswith("//"):
                return f"{prefix}:{suffix}"
    return iri


def _node_id(term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else compact_iri(term.value)


def _value(term):
    if isinstance(term, ox.Literal):
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == _XSD_STRING:
            return term.value
        return {"@value": term.value, "@type": compact_iri(term.datatype.value)}
    return {"@id": _node_id(term)}


def _node(subject, triples: list) -> dict:
    types: list[str] = []
    properties: dict[str, list] = {}
    for triple in triples:
        if triple.predicate.value == _RDF_TYPE and not isinstance(triple.object, ox.Literal):
            types.append(_node_id(triple.object))
        else:
            properties.setdefault(compact_iri(triple.predicate.value), []).append(_value(triple.object))
    node: dict = {"@id": _node_id(subject)}
    if types:
        node["@type"] = types[0] if len(types) == 1 else types
    node.update({key: values[0] if len(values) == 1 else values for key, values in properties.items()})
    return node


def nodes(triples: Iterable) -> Iterator[dict]:
    """One node object per run of triples (or quads) with the same subject."""
    subject, run = None, []
    for triple in triples:
        if run and triple.subject != subject:
            yield _node(subject, run)
            run = []
        subject = triple.subject
        run.append(triple)
    if run:
        yield _node(subject, run)


def write(triples: Iterable, out: IO[str]) -> None:
    """Stream ``triples`` to ``out`` as one compact JSON-LD document."""
    out.write('{"@context": ')
    out.write(json.dumps(CONTEXT, indent=2))
    out.write(',\n"@graph": [')
    for i, node in enumerate(nodes(triples)):
        out.write(",\n" if i else "\n")
        out.write(json.dumps(node, ensure_ascii=False))
    out.write("\n]}\n")


def serialize(triples: Iterable) -> bytes:
    """``triples`` as one compact JSON-LD document, in UTF-8."""
    import io

    out = io.StringIO()
    write(triples, out)
    return out.getvalue().encode()
