"""GET /search: clauses best first, each with its citation."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from ingest import embed
from ingest.index import Hit
from ingest.settings import Settings

from .models import DocumentRef, SearchHit, SearchResults
from .resources import Resources

router = APIRouter(tags=["search"])


def get_resources(request: Request) -> Resources:
    return request.app.state.resources


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


ResourcesDep = Annotated[Resources, Depends(get_resources)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


@router.get("/search", response_model=SearchResults, summary="Search the guidance clauses")
def search(
    resources: ResourcesDep,
    settings: SettingsDep,
    q: Annotated[str, Query(min_length=1, max_length=1000, description="A question or keywords, 1 to 1,000 characters.")],
    k: Annotated[int, Query(ge=1, le=100, description="How many clauses to return, 1 to 100.")] = 10,
) -> SearchResults:
    if not q.strip():
        raise HTTPException(422, "q is blank: ask a question or give keywords")
    hits = resources.index.search(
        q, k, candidates=settings.candidates, fusion=settings.fusion, alpha=settings.fusion_alpha, rrf_k=settings.fusion_rrf_k
    )
    return SearchResults(query=q, count=len(hits), results=[to_search_hit(resources, hit) for hit in hits])


def to_search_hit(resources: Resources, hit: Hit) -> SearchHit:
    clause = hit.clause
    doc = resources.index.documents[clause.doc_id]
    headings = [h for h in clause.section_path if h != doc.title]
    return SearchHit(
        uri=clause.uri,
        id=clause.id,
        text=clause.text,
        score=round(hit.score, 6),
        document=DocumentRef(
            uri=doc.uri, id=doc.id, title=doc.title, issuer=doc.issuer, date=doc.date, jurisdiction=doc.jurisdiction, kind=doc.kind
        ),
        section=" > ".join(headings) or None,
        page=clause.page,
        position=clause.position,
    )


def warm_up() -> None:
    """Load the embedding model before the first request, not during it."""
    embed.encode(["warm up"])
