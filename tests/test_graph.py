"""The graph: documents, sections and clauses, queried with SPARQL through pyoxigraph."""

import pytest

from ingest import graph
from ingest.errors import QueryError
from tests.conftest import sparql_rows

pytestmark = pytest.mark.slow


def test_every_document_is_described_with_dublin_core(store):
    rows = sparql_rows(
        store, "SELECT ?doc ?title ?issuer WHERE { ?doc a rskg:Document ; dcterms:title ?title ; dcterms:publisher ?issuer }"
    )
    assert len(rows) == 5
    assert any(r["issuer"] == "University of Cambridge" for r in rows)


def test_every_clause_has_text_a_document_and_a_position(store):
    rows = sparql_rows(
        store,
        """SELECT (COUNT(?c) AS ?all) (COUNT(?t) AS ?text) (COUNT(?d) AS ?doc) (COUNT(?p) AS ?pos) WHERE {
             ?c a rskg:Clause .
             OPTIONAL { ?c rskg:text ?t } OPTIONAL { ?c rskg:document ?d } OPTIONAL { ?c rskg:position ?p } }""",
    )
    counts = rows[0]
    assert int(counts["all"]) > 200
    assert counts["all"] == counts["text"] == counts["doc"] == counts["pos"]


def test_clauses_reach_their_section_and_its_parent(store):
    rows = sparql_rows(
        store,
        """SELECT ?heading ?top WHERE {
             ?c rskg:text ?t ; rskg:section ?s . ?s dcterms:title ?heading ; rskg:parentSection ?p . ?p dcterms:title ?top .
             FILTER(STRSTARTS(?t, "Risk Proportionality")) }""",
    )
    assert rows == [
        {
            "heading": "G7 Principles of Research Security",
            "top": "G7 Common Values and Principles on Research Security and Research Integrity",
        }
    ]


def test_the_ontology_is_loaded_with_labels(store):
    rows = sparql_rows(store, "SELECT ?label WHERE { rskg:Clause rdfs:label ?label ; rdfs:comment ?comment }")
    assert rows == [{"label": "Clause"}]


def test_a_malformed_query_raises_with_the_parser_message(store):
    with pytest.raises(QueryError, match="SPARQL syntax error"):
        graph.query(store, "SELEC ?x WHERE { ?x ?y ?z }")
