"""Descriptions of the service and the dataset in RDF: the SPARQL service description, and VoID/DCAT."""

import pyoxigraph as ox
from fastapi import Request

from ontology import namespace as ns

from .sparql_pool import GRAPH_TYPES, SOLUTION_TYPES

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
FORMATS = "http://www.w3.org/ns/formats/"
PREFIXES = {**ns.PREFIXES, "sd": SD, "void": VOID, "dcat": DCAT, "formats": FORMATS}

# The W3C format URIs of each media type the endpoint writes.
FORMAT_URIS = {
    "application/sparql-results+json": "SPARQL_Results_JSON",
    "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV",
    "text/tab-separated-values": "SPARQL_Results_TSV",
    "text/turtle": "Turtle",
    "application/n-triples": "N-Triples",
    "application/ld+json": "JSON-LD",
    "application/rdf+xml": "RDF_XML",
}
DUMPS = {
    "rskg.ttl": ("text/turtle", "TURTLE"),
    "rskg.nt": ("application/n-triples", "N_TRIPLES"),
    "rskg.jsonld": ("application/ld+json", "JSON_LD"),
}


def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def _lit(value, datatype: str | None = None) -> ox.Literal:
    return ox.Literal(str(value), datatype=_iri(datatype) if datatype else None)


def serialize(triples: list[ox.Triple], media: str) -> bytes:
    return ox.serialize(
        triples, format=getattr(ox.RdfFormat, GRAPH_TYPES[media]), prefixes=PREFIXES if media != "application/n-triples" else None
    )


def service_description(request: Request, resources, settings, media: str) -> bytes:
    """The SPARQL 1.1 Service Description of /sparql."""
    endpoint = _iri(str(request.url_for("sparql_get")))
    dataset, graph = ox.BlankNode(), ox.BlankNode()
    t = [
        ox.Triple(endpoint, _iri(ns.type_), _iri(SD + "Service")),
        ox.Triple(endpoint, _iri(SD + "endpoint"), endpoint),
        ox.Triple(endpoint, _iri(SD + "supportedLanguage"), _iri(SD + "SPARQL11Query")),
        ox.Triple(
            endpoint, _iri(SD + "feature"), _iri(SD + "BasicFederatedQuery") if settings.sparql_service_allow else _iri(SD + "EmptyGraphs")
        ),
        ox.Triple(endpoint, _iri(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, _iri(ns.type_), _iri(SD + "Dataset")),
        ox.Triple(dataset, _iri(SD + "defaultGraph"), graph),
        ox.Triple(graph, _iri(ns.type_), _iri(SD + "Graph")),
        ox.Triple(graph, _iri(VOID + "triples"), _lit(resources.info["triples"], ns.XSD + "integer")),
        ox.Triple(endpoint, _iri(ns.RDFS + "comment"), ox.Literal(_limits(settings), language="en")),
        ox.Triple(endpoint, _iri(ns.RDFS + "seeAlso"), _iri(str(request.url_for("void")))),
    ]
    t += [ox.Triple(endpoint, _iri(SD + "resultFormat"), _iri(FORMATS + FORMAT_URIS[m])) for m in [*SOLUTION_TYPES, *GRAPH_TYPES]]
    return serialize(t, media)


def _limits(settings) -> str:
    return (
        f"Read-only. Queries stop after {settings.sparql_timeout:g} s, answers are capped at {settings.sparql_max_rows} rows "
        f"(header X-SPARQL-Truncated says when), queries are at most {settings.sparql_max_query_kb} KiB, "
        + ("SERVICE may call: " + ", ".join(settings.sparql_service_allow) if settings.sparql_service_allow else "SERVICE is disabled.")
    )


def dataset_description(request: Request, resources, dump_sizes: dict[str, int], media: str) -> bytes:
    """VoID and DCAT: what the graph holds, when it was built, from which documents, and where to get it."""
    info = resources.info
    dataset = _iri(str(request.url_for("void")) + "#dataset")
    t = [
        ox.Triple(dataset, _iri(ns.type_), _iri(VOID + "Dataset")),
        ox.Triple(dataset, _iri(ns.type_), _iri(DCAT + "Dataset")),
        ox.Triple(dataset, _iri(ns.DCTERMS + "title"), ox.Literal("rskg: research-security guidance knowledge graph", language="en")),
        ox.Triple(
            dataset,
            _iri(ns.DCTERMS + "description"),
            ox.Literal(
                "Values, principles, risk vectors and tools of research-security guidance, "
                "each statement traced to the clause it came from.",
                language="en",
            ),
        ),
        ox.Triple(dataset, _iri(VOID + "triples"), _lit(info["triples"], ns.XSD + "integer")),
        ox.Triple(dataset, _iri(VOID + "sparqlEndpoint"), _iri(str(request.url_for("sparql_get")))),
        ox.Triple(dataset, _iri(VOID + "vocabulary"), _iri(ns.RSKG)),
        ox.Triple(dataset, _iri(VOID + "uriSpace"), _lit(ns.ID)),
    ]
    if info.get("created"):
        t.append(ox.Triple(dataset, _iri(ns.DCTERMS + "modified"), _lit(info["created"], ns.XSD + "dateTime")))
    for name, (media_type, _) in DUMPS.items():
        url = _iri(str(request.url_for("dump", name=name)))
        distribution = _iri(url.value + "#distribution")
        t += [
            ox.Triple(dataset, _iri(VOID + "dataDump"), url),
            ox.Triple(dataset, _iri(DCAT + "distribution"), distribution),
            ox.Triple(distribution, _iri(ns.type_), _iri(DCAT + "Distribution")),
            ox.Triple(distribution, _iri(DCAT + "downloadURL"), url),
            ox.Triple(distribution, _iri(DCAT + "mediaType"), _iri(f"https://www.iana.org/assignments/media-types/{media_type}")),
            ox.Triple(distribution, _iri(DCAT + "byteSize"), _lit(dump_sizes.get(name, 0), ns.XSD + "nonNegativeInteger")),
        ]
    t += _sources(resources.store, dataset)
    t += _class_partitions(resources.store, dataset)
    return serialize(t, media)


def _sources(store, dataset) -> list[ox.Triple]:
    """Each ingested document: a dcterms:source of the dataset, with its title and issuer."""
    rows = store.query(
        "SELECT ?doc ?title ?issuer WHERE { ?doc a rskg:Document ; dcterms:title ?title . OPTIONAL { ?doc dcterms:publisher ?issuer } }",
        prefixes=ns.PREFIXES,
    )
    triples = []
    for row in rows:
        triples += [
            ox.Triple(dataset, _iri(ns.DCTERMS + "source"), row["doc"]),
            ox.Triple(row["doc"], _iri(ns.DCTERMS + "title"), row["title"]),
        ]
        if row["issuer"] is not None:
            triples.append(ox.Triple(row["doc"], _iri(ns.DCTERMS + "publisher"), row["issuer"]))
    return triples


def _class_partitions(store, dataset) -> list[ox.Triple]:
    """How many instances of each rskg class the graph holds (void:classPartition)."""
    rows = store.query(
        f"SELECT ?class (COUNT(?s) AS ?n) WHERE {{ ?s a ?class FILTER(STRSTARTS(STR(?class), '{ns.RSKG}')) }} "
        "GROUP BY ?class ORDER BY ?class"
    )
    triples = []
    for row in rows:
        part = ox.BlankNode()
        triples += [
            ox.Triple(dataset, _iri(VOID + "classPartition"), part),
            ox.Triple(part, _iri(VOID + "class"), row["class"]),
            ox.Triple(part, _iri(VOID + "entities"), row["n"]),
        ]
    return triples
