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


class SearchHit(BaseModel):
    uri: str = Field(description="The clause's URI in the graph.")
    id: str = Field(description="The clause id, stable across re-ingests of the same text.")
    text: str
    score: float = Field(description="Fused relevance score; higher is better, comparable within one answer only.")
    document: DocumentRef
    section: str | None = Field(None, description="Section headings from the document's top to the clause, joined by ' > '.")
    page: int | None = Field(None, description="Page the clause starts on (PDF sources).")
    position: int = Field(description="Order of the clause within its document, from 1.")


class SearchResults(BaseModel):
    query: str
    count: int
    results: list[SearchHit]


class Health(BaseModel):
    status: str
    documents: int
    clauses: int
    triples: int
    ingested: str | None = None
