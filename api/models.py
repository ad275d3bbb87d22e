"""Response models, named for what they are."""

from pydantic import BaseModel, Field


class DocumentRef(BaseModel):
    uri: str
    id: str
    title: str
    issuer: str | None = None
    date: str | None = None
    jurisdiction: str | None = None
    kind: str | None = None
    source: str | None = Field(None, description="The document's original address, where known: cite it.")
    inferred: list[str] = Field(default_factory=list, description="Metadata fields rskg inferred (e.g. jurisdiction) rather than was told.")


class ConceptOut(BaseModel):
    uri: str
    label: str
    scheme: str = Field(
        description="value, principle, risk-vector, tool, actor, activity, technology-area, jurisdiction, organisation, topic or term."
    )


class FacetValue(BaseModel):
    value: str
    count: int = Field(description="Matching clauses with this value (among the best 100, those scoring at least half the best).")
    label: str | None = Field(None, description="A readable name, where the value is a URI.")


class EditionOut(BaseModel):
    current: bool = Field(description="True for the document's current edition; false for an earlier one, kept when it changed.")
    date: str | None = Field(None, description="When rskg first fetched this edition (ISO 8601), where it was fetched.")
    until: str | None = Field(None, description="When a later edition replaced it (earlier editions only).")
    uri: str | None = Field(None, description="The earlier edition's URI in the graph (dcterms:isVersionOf the document).")


class SearchHit(BaseModel):
    uri: str = Field(description="The clause's URI in the graph.")
    id: str = Field(description="The clause id, stable across re-ingests of the same text.")
    text: str
    score: float = Field(description="Fused ranking score; higher is better, comparable within one answer only.")
    relevance: float = Field(0.0, description="The probability that the clause answers the question, comparable across questions.")
    document: DocumentRef
    section: str | None = Field(None, description="Section headings from the document's top to the clause, joined by ' > '.")
    page: int | None = Field(None, description="Page the clause starts on (PDF sources).")
    position: int = Field(description="Order of the clause within its document, from 1.")
    concepts: list[ConceptOut] = Field(default_factory=list, description="What the clause is about, strongest first.")
    edition: EditionOut | None = Field(None, description="Which edition the clause is from; given when the search asked for editions=all.")


class DocumentMatchOut(DocumentRef):
    clauses: int = Field(description="How many of its clauses match (among the best 100, those scoring at least half the best).")
    best: SearchHit = Field(description="Its best clause, with its citation.")


class SearchResults(BaseModel):
    query: str
    count: int
    results: list[SearchHit]
    documents: list[DocumentMatchOut] = Field(
        default_factory=list,
        description="The documents that answer, best first: each with its best clause and how many of its clauses match.",
    )
    query_concepts: list[ConceptOut] = Field(
        default_factory=list, description="Concepts the query names; clauses defining them are favoured."
    )
    facets: dict[str, list[FacetValue]] = Field(default_factory=dict, description="issuer, jurisdiction, kind, doc and concept counts.")
    answer: dict | None = Field(
        None,
        description='When the question asks for the members of a list the graph holds: {"kind": "list", "label", "scheme", '
        '"concepts": [{"uri", "label", "definition", "source"}], "source"}; otherwise null.',
    )
    no_good_match: bool = Field(False, description="True when nothing in the collection is likely to answer the question.")
    notes: list[str] = Field(default_factory=list, description="Why a filter may match nothing (a value no document has), in words.")


class Health(BaseModel):
    status: str
    documents: int
    clauses: int
    concepts: int = 0
    triples: int
    ingested: str | None = None
