"""SHACL: the built graph conforms, and a broken one fails with violations a person can read."""

import pytest
from rdflib import Graph, Literal, URIRef

from ingest import graph
from ingest.storage import current_state
from ingest.validate import validate_graph, validate_store
from ontology import namespace as ns

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(corpus_data_dir) -> Graph:
    store = graph.open_store(current_state(corpus_data_dir) / "graph")
    import pyoxigraph as ox

    return Graph().parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), format="nt")


def test_the_bundled_corpus_conforms(corpus_data_dir):
    assert validate_store(graph.open_store(current_state(corpus_data_dir) / "graph")) == []


def test_a_broken_graph_fails_with_readable_violations(built):
    broken = Graph()
    for triple in built:
        broken.add(triple)
    clause = next(built.subjects(URIRef(ns.type_), URIRef(ns.Clause)))
    broken.remove((clause, URIRef(ns.text), None))
    link = next(built.subjects(URIRef(ns.type_), URIRef(ns.CrosswalkLink)))
    broken.remove((link, URIRef(ns.evidence), None))
    concept = next(built.subjects(URIRef(ns.type_), URIRef(ns.Concept)))
    broken.remove((concept, URIRef(ns.prefLabel), None))
    broken.add((link, URIRef(ns.confidence), Literal(1.5)))

    violations = validate_graph(broken)
    messages = [str(v) for v in violations]
    assert any("a clause needs exactly one non-empty text" in m and "rskg:text" in m for m in messages)
    assert any("at least one evidence clause" in m for m in messages)
    assert any("a concept needs a label" in m for m in messages)
    assert any("confidence from 0 to 1" in m for m in messages)
    assert all(m.startswith("id:") for m in messages), "focus nodes are shortened to prefixed names"
