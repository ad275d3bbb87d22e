"""Documents, sections and clauses as RDF in an Oxigraph store, queried with SPARQL.

rdflib's in-memory store took 41.6 s for a two-hop SELECT over 200k triples on
this machine where pyoxigraph took 62 ms, so the store is pyoxigraph; rdflib
stays for what it is good at (SHACL, serialisers).
"""

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from ontology import ONTOLOGY_FILES, jsonld
from ontology import namespace as ns

from .clauses import Section
from .concepts import all_addresses
from .errors import QueryError
from .links import DEFINING_METHODS, Knowledge
from .records import ClauseRecord, Concept, DocumentRecord


def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def _lit(value, datatype: str | None = None) -> ox.Literal:
    return ox.Literal(str(value), datatype=_iri(datatype)) if datatype else ox.Literal(str(value))


def _int(value: int) -> ox.Literal:
    return _lit(value, ns.integer)


def document_triples(doc: DocumentRecord) -> Iterator[ox.Quad]:
    s = _iri(doc.uri)
    yield ox.Quad(s, _iri(ns.type_), _iri(ns.Document))
    yield ox.Quad(s, _iri(ns.identifier), _lit(doc.id))
    yield ox.Quad(s, _iri(ns.title), _lit(doc.title))
    yield ox.Quad(s, _iri(ns.label), _lit(doc.title))
    yield ox.Quad(s, _iri(ns.sha256), _lit(doc.sha256))
    yield ox.Quad(s, _iri(ns.sourceFile), _lit(doc.file))
    optional = {
        ns.publisher: doc.issuer,
        ns.date: doc.date,
        ns.jurisdiction: doc.jurisdiction,
        ns.kind: doc.kind,
        ns.originalFormat: doc.original_format,
    }
    for predicate, value in optional.items():
        if value:
            yield ox.Quad(s, _iri(predicate), _lit(value))
    if doc.source:
        yield ox.Quad(s, _iri(ns.source), _iri(doc.source))
    if doc.language:
        yield ox.Quad(s, _iri(ns.language), _lit(doc.language))
    for name, how in doc.inferred.items():
        yield ox.Quad(s, _iri(ns.inferredMetadata), _lit(name))
        yield ox.Quad(s, _iri(ns.metadataNote), _lit(f"{name} inferred from {how}"))
    for page in doc.damaged_pages:
        yield ox.Quad(s, _iri(ns.damagedPage), _int(page))


def edition_triples(doc_id: str, editions: list[dict]) -> Iterator[ox.Quad]:
    """The earlier editions of a document, oldest first: each a version of it, revised by the next (the last by the document)."""
    doc = _iri(ns.document_uri(doc_id))
    previous = None
    for edition in editions:
        node = _iri(ns.edition_uri(doc_id, edition["sha256"]))
        yield ox.Quad(node, _iri(ns.type_), _iri(ns.Entity))
        yield ox.Quad(node, _iri(ns.isVersionOf), doc)
        yield ox.Quad(node, _iri(ns.sha256), _lit(edition["sha256"]))
        for predicate, key in ((ns.generatedAtTime, "from"), (ns.invalidatedAtTime, "until")):
            if stamp := _timestamp(edition.get(key)):
                yield ox.Quad(node, _iri(predicate), _lit(stamp, ns.XSD + "dateTime"))
        if previous is not None:
            yield ox.Quad(node, _iri(ns.wasRevisionOf), previous)
        previous = node
    if previous is not None:
        yield ox.Quad(doc, _iri(ns.wasRevisionOf), previous)


def _timestamp(value: str | None) -> str | None:
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z").isoformat() if value else None
    except ValueError:
        return None


def section_triples(doc_id: str, sections: Iterable[Section]) -> Iterator[ox.Quad]:
    doc = _iri(ns.document_uri(doc_id))
    for section in sections:
        s = _iri(ns.section_uri(doc_id, section.number))
        yield ox.Quad(s, _iri(ns.type_), _iri(ns.Section))
        yield ox.Quad(s, _iri(ns.title), _lit(section.title))
        yield ox.Quad(s, _iri(ns.label), _lit(section.title))
        yield ox.Quad(s, _iri(ns.level), _int(section.level))
        yield ox.Quad(s, _iri(ns.position), _int(section.number))
        yield ox.Quad(s, _iri(ns.document), doc)
        if section.parent is not None:
            yield ox.Quad(s, _iri(ns.parentSection), _iri(ns.section_uri(doc_id, section.parent)))


def clause_triples(clause: ClauseRecord, section: int | None) -> Iterator[ox.Quad]:
    s = _iri(clause.uri)
    doc = _iri(ns.document_uri(clause.doc_id))
    yield ox.Quad(s, _iri(ns.type_), _iri(ns.Clause))
    yield ox.Quad(s, _iri(ns.identifier), _lit(clause.id))
    yield ox.Quad(s, _iri(ns.text), _lit(clause.text))
    yield ox.Quad(s, _iri(ns.document), doc)
    yield ox.Quad(s, _iri(ns.wasDerivedFrom), doc)
    yield ox.Quad(s, _iri(ns.position), _int(clause.position))
    yield ox.Quad(s, _iri(ns.startOffset), _int(clause.start))
    yield ox.Quad(s, _iri(ns.endOffset), _int(clause.end))
    if clause.section_path:
        yield ox.Quad(s, _iri(ns.sectionPath), _lit(" > ".join(clause.section_path)))
    if section is not None:
        yield ox.Quad(s, _iri(ns.section), _iri(ns.section_uri(clause.doc_id, section)))
    if clause.page is not None:
        yield ox.Quad(s, _iri(ns.page), _int(clause.page))


def _bool(value: bool) -> ox.Literal:
    return _lit("true" if value else "false", ns.boolean)


def _decimal(value: float) -> ox.Literal:
    return _lit(f"{value:.3f}", ns.decimal)


def scheme_triples() -> Iterator[ox.Quad]:
    for key, (_, label) in ns.SCHEMES.items():
        s = _iri(ns.scheme_uri(key))
        yield ox.Quad(s, _iri(ns.type_), _iri(ns.ConceptScheme))
        yield ox.Quad(s, _iri(ns.prefLabel), ox.Literal(label, language="en"))
        yield ox.Quad(s, _iri(ns.label), ox.Literal(label, language="en"))


def concept_triples(concept: Concept, by_label: dict[tuple[str, str], str]) -> Iterator[ox.Quad]:
    s = _iri(concept.uri)
    yield ox.Quad(s, _iri(ns.type_), _iri(ns.Concept))
    yield ox.Quad(s, _iri(ns.type_), _iri(ns.class_uri(concept.scheme)))
    yield ox.Quad(s, _iri(ns.inScheme), _iri(ns.scheme_uri(concept.scheme)))
    yield ox.Quad(s, _iri(ns.prefLabel), ox.Literal(concept.label, language="en"))
    yield ox.Quad(s, _iri(ns.label), ox.Literal(concept.label, language="en"))
    yield ox.Quad(s, _iri(ns.curated), _bool(concept.curated))
    yield ox.Quad(s, _iri(ns.method), _iri(ns.method_uri(concept.method)))
    for alt in concept.alt_labels:
        yield ox.Quad(s, _iri(ns.altLabel), ox.Literal(alt, language="en"))
    if concept.definition:
        yield ox.Quad(s, _iri(ns.definition), ox.Literal(concept.definition, language="en"))
    for clause in concept.source_clauses:
        yield ox.Quad(s, _iri(ns.sourceClause), _iri(clause))
    for address in all_addresses(concept):
        yield ox.Quad(s, _iri(ns.address), _lit(address, ns.XSD + "anyURI"))
    if concept.scheme == "tool" and concept.jurisdiction and ("jurisdiction", concept.jurisdiction) in by_label:
        yield ox.Quad(s, _iri(ns.inJurisdiction), _iri(by_label["jurisdiction", concept.jurisdiction]))
    if concept.scheme == "tool" and concept.issuer and ("organisation", concept.issuer) in by_label:
        yield ox.Quad(s, _iri(ns.issuer), _iri(by_label["organisation", concept.issuer]))
    if concept.extra.get("description"):
        yield ox.Quad(s, _iri(ns.description), ox.Literal(concept.extra["description"], language="en"))
        yield ox.Quad(s, _iri(ns.descriptionFrom), _lit(concept.extra["description_from"]))
    if concept.extra.get("issues"):
        yield ox.Quad(_iri(concept.extra["issues"]), _iri(ns.issuer), s)
    if (broader := concept.extra.get("broader")) and (concept.scheme, broader) in by_label:
        yield ox.Quad(s, _iri(ns.broader), _iri(by_label[concept.scheme, broader]))
    yield from vector_triples(concept, by_label)


def vector_triples(concept: Concept, by_label: dict[tuple[str, str], str]) -> Iterator[ox.Quad]:
    """A risk area's relations to the G7 risk vectors: skos:broadMatch/closeMatch, and a rskg:VectorLink
    with the score, the method and the evidence (the risk's own words and its clauses)."""
    s = _iri(concept.uri)
    for n, link in enumerate(concept.extra.get("vectors", ())):
        if ("risk-vector", link["vector"]) not in by_label:
            continue
        vector = _iri(by_label["risk-vector", link["vector"]])
        yield ox.Quad(s, _iri(ns.closeMatch if link["match"] == "closeMatch" else ns.broadMatch), vector)
        node = _iri(f"{concept.uri}/vector/{n}")
        yield ox.Quad(node, _iri(ns.type_), _iri(ns.VectorLink))
        yield ox.Quad(node, _iri(ns.fromConcept), s)
        yield ox.Quad(node, _iri(ns.linkConcept), vector)
        yield ox.Quad(node, _iri(ns.score), _decimal(link["score"]))
        yield ox.Quad(node, _iri(ns.method), _iri(ns.method_uri(link["method"])))
        yield ox.Quad(node, _iri(ns.text), ox.Literal(link["evidence"], language="en"))
        for clause in concept.source_clauses:
            yield ox.Quad(node, _iri(ns.evidence), _iri(clause))


FRAMEWORK_LABEL = "G7 Common Values and Principles on Research Security and Research Integrity"


def knowledge_triples(knowledge: Knowledge) -> Iterator[ox.Quad]:
    yield from scheme_triples()
    by_label = {(c.scheme, c.label): c.uri for c in knowledge.concepts}
    for concept in knowledge.concepts:
        yield from concept_triples(concept, by_label)
    for method in sorted(
        {c.method for c in knowledge.concepts}
        | {lk.method for lk in knowledge.links}
        | {x.method for x in knowledge.crosswalk}
        | {a.method for a in knowledge.alignments}
    ):
        yield ox.Quad(_iri(ns.method_uri(method)), _iri(ns.type_), _iri(ns.PROV + "Activity"))
        yield ox.Quad(_iri(ns.method_uri(method)), _iri(ns.label), _lit(method))
    for n, link in enumerate(knowledge.links):
        node = _iri(f"{link.clause}/link/{n}")
        yield ox.Quad(_iri(link.clause), _iri(ns.about), _iri(link.concept))
        if link.method in DEFINING_METHODS:
            yield ox.Quad(_iri(link.clause), _iri(ns.defines), _iri(link.concept))
        yield ox.Quad(node, _iri(ns.type_), _iri(ns.ConceptLink))
        yield ox.Quad(node, _iri(ns.linkClause), _iri(link.clause))
        yield ox.Quad(node, _iri(ns.linkConcept), _iri(link.concept))
        yield ox.Quad(node, _iri(ns.score), _decimal(link.score))
        yield ox.Quad(node, _iri(ns.method), _iri(ns.method_uri(link.method)))
        if link.sentence:
            yield ox.Quad(node, _iri(ns.sentence), ox.Literal(link.sentence, language="en"))
    for link in knowledge.crosswalk:
        node = _iri(link.uri)
        yield ox.Quad(node, _iri(ns.type_), _iri(ns.CrosswalkLink))
        yield ox.Quad(node, _iri(ns.fromConcept), _iri(link.source))
        yield ox.Quad(node, _iri(ns.toTool), _iri(link.tool))
        yield ox.Quad(node, _iri(ns.confidence), _decimal(link.confidence))
        yield ox.Quad(node, _iri(ns.curated), _bool(link.curated))
        yield ox.Quad(node, _iri(ns.method), _iri(ns.method_uri(link.method)))
        if link.note:
            yield ox.Quad(node, _iri(ns.RDFS + "comment"), ox.Literal(link.note, language="en"))
        for clause in link.evidence:
            yield ox.Quad(node, _iri(ns.evidence), _iri(clause))
        for sentence in link.sentences:
            yield ox.Quad(node, _iri(ns.sentence), ox.Literal(sentence, language="en"))
        yield ox.Quad(_iri(link.source), _iri(ns.related), _iri(link.tool))
    yield from framework_triples(knowledge)
    for alignment in knowledge.alignments:
        node = _iri(ns.alignment_uri(alignment.concept, alignment.other))
        relation = ns.exactMatch if alignment.relation == "exactMatch" else ns.closeMatch
        yield ox.Quad(_iri(alignment.concept), _iri(relation), _iri(alignment.other))
        yield ox.Quad(node, _iri(ns.type_), _iri(ns.Alignment))
        yield ox.Quad(node, _iri(ns.alignedFrom), _iri(alignment.concept))
        yield ox.Quad(node, _iri(ns.alignedTo), _iri(alignment.other))
        yield ox.Quad(node, _iri(ns.relation), _iri(relation))
        yield ox.Quad(node, _iri(ns.matchScore), _decimal(alignment.score))
        yield ox.Quad(node, _iri(ns.method), _iri(ns.method_uri(alignment.method)))
    for tool, document in knowledge.tool_documents.items():
        yield ox.Quad(_iri(tool), _iri(ns.ingestedAs), _iri(document))


def framework_triples(knowledge: Knowledge) -> Iterator[ox.Quad]:
    """The G7 framework as a SKOS collection of the members the graph holds, with their cues."""
    if not knowledge.framework:
        return
    collection = _iri(ns.framework_uri("g7"))
    yield ox.Quad(collection, _iri(ns.type_), _iri(ns.Collection))
    yield ox.Quad(collection, _iri(ns.prefLabel), ox.Literal(FRAMEWORK_LABEL, language="en"))
    yield ox.Quad(collection, _iri(ns.label), ox.Literal(FRAMEWORK_LABEL, language="en"))
    for member in knowledge.framework:
        yield ox.Quad(collection, _iri(ns.member), _iri(member))
        for cue in knowledge.cues.get(member, ()):
            yield ox.Quad(_iri(member), _iri(ns.cue), ox.Literal(cue, language="en"))


def write_store(folder: Path, quads: Iterable[ox.Quad]) -> int:
    """Create a persistent store at ``folder`` holding the ontology and ``quads``; return the triple count."""
    store = ox.Store(str(folder))
    for path in ONTOLOGY_FILES:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    store.bulk_extend(quads)
    store.add(ox.Quad(_iri(ns.BASE + "id/graph"), _iri(ns.generatedAtTime), _lit(datetime.now(UTC).isoformat(), ns.XSD + "dateTime")))
    store.flush()
    count = len(store)
    del store
    return count


DUMPS = {"rskg.ttl": ox.RdfFormat.TURTLE, "rskg.nt": ox.RdfFormat.N_TRIPLES, "rskg.jsonld": ox.RdfFormat.JSON_LD}


def write_dumps(store: ox.Store, folder: Path) -> dict[str, int]:
    """The whole graph as Turtle, N-Triples and (compact) JSON-LD files in ``folder``; their sizes in bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for name, rdf_format in DUMPS.items():
        if rdf_format == ox.RdfFormat.JSON_LD:
            with open(folder / name, "w", encoding="utf-8") as out:
                jsonld.write(store.quads_for_pattern(None, None, None, ox.DefaultGraph()), out)
        else:
            prefixes = None if rdf_format == ox.RdfFormat.N_TRIPLES else ns.PREFIXES
            store.dump(str(folder / name), format=rdf_format, from_graph=ox.DefaultGraph(), prefixes=prefixes)
        sizes[name] = (folder / name).stat().st_size
    return sizes


def open_store(folder: Path) -> ox.Store:
    return ox.Store.read_only(str(folder))


def query(store: ox.Store, sparql: str):
    """Run SPARQL with rskg's prefixes declared; parser errors become ``QueryError``."""
    try:
        return store.query(sparql, prefixes=ns.PREFIXES)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from exc
    except OSError as exc:
        raise QueryError(f"SPARQL evaluation failed: {exc}") from exc


def rows(store: ox.Store, sparql: str) -> list[dict[str, str]]:
    """A SELECT's answer as plain dicts of variable -> value (unbound variables left out)."""
    results = query(store, sparql)
    names = [v.value for v in results.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in results]


def results_as_json(results) -> dict:
    """SPARQL 1.1 JSON results for SELECT/ASK; N-Triples lines for CONSTRUCT/DESCRIBE."""
    if isinstance(results, ox.QueryBoolean):
        return {"head": {}, "boolean": bool(results)}
    if isinstance(results, ox.QuerySolutions):
        names = [v.value for v in results.variables]
        rows = []
        for solution in results:
            row = {}
            for name in names:
                term = solution[name]
                if term is not None:
                    row[name] = term_json(term)
            rows.append(row)
        return {"head": {"vars": names}, "results": {"bindings": rows}}
    return {"triples": [str(t) + " ." for t in results]}


def term_json(term) -> dict:
    """One RDF term as SPARQL 1.1 JSON results write it (RDF-star triples as SPARQL 1.2 drafts do)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {part: term_json(getattr(term, part)) for part in ("subject", "predicate", "object")}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype.value != ns.XSD + "string":
        out["datatype"] = term.datatype.value
    return out
