"""Risk areas reach the G7 risk vectors, with a score and the evidence, in the graph too."""

from pathlib import Path

import pytest

from ingest.extract import vectors
from ingest.graph import concept_triples
from ingest.pipeline import read_document
from ingest.records import Concept
from ontology import namespace as ns

CORPUS = Path(__file__).parent.parent / "corpus"
DEV = Path(__file__).parent / "fixtures" / "concepts" / "dev"


def best_vector(label: str, definition: str | None = None) -> str:
    related = vectors.relate([Concept("risk-area", label, definition=definition)])[0]
    return related.extra["vectors"][0]["vector"]


def test_insider_risk_reaches_personnel():
    assert best_vector("Insider threat", "A member of staff misuses their access for a foreign state") == "Personnel"
    assert best_vector("Theft of research data through network intrusion") == "Cyber security"
    assert best_vector("Partner linked to a foreign state") == "Partnerships and Collaborations"


def test_every_risk_area_of_a_document_is_related_and_written_as_a_broad_match():
    _, _, _, seeds = read_document(CORPUS / "000_1ca7f78fd2aefb61.txt")
    _, _, _, uk = read_document(DEV / "uk-trusted-research.txt")
    by_label = {(c.scheme, c.label): c.uri for c in seeds + uk}
    risks = [c for c in uk if c.scheme == "risk-area"]
    assert len(risks) == 6 and all(c.extra.get("vectors") for c in risks)
    people = next(c for c in risks if c.label == "People")
    quads = list(concept_triples(people, by_label))
    personnel = by_label["risk-vector", "Personnel"]
    matches = [q for q in quads if q.predicate.value in (ns.broadMatch, ns.closeMatch) and q.object.value == personnel]
    assert matches
    assert any(q.predicate.value == ns.score for q in quads) and any(q.predicate.value == ns.text for q in quads)


@pytest.mark.slow
def test_which_guidance_covers_insider_risk_reaches_personnel_through_each_documents_own_words(tmp_path):
    """A real ingest of the seeds and two dev documents: SHACL passes, and the Personnel vector has risk areas under it."""
    from ingest import graph
    from ingest.pipeline import ingest
    from ingest.settings import Settings
    from ingest.storage import current_state

    report = ingest([CORPUS, DEV / "uk-trusted-research.txt", DEV / "eu-foreign-interference-toolkit.docx"], Settings(data_dir=tmp_path))
    assert not report.errors
    store = graph.open_store(current_state(tmp_path) / "graph")
    rows = graph.rows(
        store,
        """PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX rskg: <https://w3id.org/rskg/ontology#>
           SELECT ?risk ?score ?evidence WHERE {
             ?vector a rskg:RiskVector ; skos:prefLabel "Personnel"@en .
             ?r a rskg:RiskArea ; skos:prefLabel ?risk ; skos:broadMatch|skos:closeMatch ?vector .
             ?link a rskg:VectorLink ; rskg:from ?r ; rskg:concept ?vector ; rskg:score ?score ; rskg:text ?evidence }""",
    )
    risks = {row["risk"] for row in rows}
    assert {"People", "Self-censorship under pressure from a foreign state"} <= risks
    assert all(0 < float(row["score"]) <= 1 and row["evidence"] for row in rows)
