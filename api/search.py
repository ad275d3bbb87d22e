"""GET /search: clauses best first, each with its citation."""

import os
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import StringConstraints

from ingest import embed
from ingest.index import DocumentMatch, Filters, Hit, Results
from ingest.settings import Settings

from . import answers
from .csvfile import excel_csv
from .models import ConceptOut, DocumentMatchOut, DocumentRef, EditionOut, FacetValue, SearchHit, SearchResults
from .negotiation import choose
from .openapi import errors, ok
from .resources import Resources

router = APIRouter(tags=["search"])


def get_resources(request: Request) -> Resources:
    return request.app.state.resources


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


ResourcesDep = Annotated[Resources, Depends(get_resources)]
VISIBLE = r"[^\s\x00-\x1f\x7f-\x9f]"  # q must hold at least one character that is neither space nor control
MAX_FILTERS = 20
Filter = list[Annotated[str, StringConstraints(min_length=1, max_length=500)]]
SettingsDep = Annotated[Settings, Depends(get_settings)]


@router.get(
    "/search",
    response_model=SearchResults,
    summary="Search the guidance clauses (JSON, or CSV with Accept: text/csv or format=csv)",
    responses=ok("application/json", "text/csv", description="The results") | errors(422, 503),
)
def search(
    request: Request,
    resources: ResourcesDep,
    settings: SettingsDep,
    q: Annotated[str, Query(min_length=1, max_length=1000, pattern=VISIBLE, description="A question or keywords, 1 to 1,000 characters.")],
    k: Annotated[int, Query(ge=1, le=100, description="How many clauses to return, 1 to 100.")] = 10,
    issuer: Annotated[Filter, Query(max_length=MAX_FILTERS, description="Only documents from this issuer (repeatable).")] = (),
    jurisdiction: Annotated[Filter, Query(max_length=MAX_FILTERS, description="Only documents of this jurisdiction (repeatable).")] = (),
    kind: Annotated[Filter, Query(max_length=MAX_FILTERS, description="Only documents of this kind (repeatable).")] = (),
    doc: Annotated[Filter, Query(max_length=MAX_FILTERS, description="Only this document id (repeatable).")] = (),
    concept: Annotated[
        Filter, Query(max_length=MAX_FILTERS, description="Only clauses about this concept, by URI or label (repeatable).")
    ] = (),
    format: Annotated[Literal["json", "csv"] | None, Query(description="Instead of the Accept header: json or csv.")] = None,
    editions: Annotated[
        Literal["current", "all"],
        Query(
            description="current (the default): only each document's current edition. all: also the clauses of earlier editions "
            "that `rskg fetch` kept when a document's content changed (each wording once); every hit then says its edition and date."
        ),
    ] = "current",
) -> SearchResults | Response:
    filters = Filters(*(tuple(v or ()) for v in (issuer, jurisdiction, kind, doc, concept)))
    every = editions == "all"
    index = (resources.editions_index or resources.index) if every else resources.index
    results = index.search(q, k, filters=filters or None, **settings.search_options())
    found = to_search_results(resources, q, results, editions=every)
    found.notes = filter_notes(resources, filters)
    found.answer = answers.list_answer(resources, q, results, str(request.base_url))
    wanted = format or ("csv" if choose(request.headers.get("accept") or "*/*", ["application/json", "text/csv"]) == "text/csv" else "json")
    if wanted == "csv":
        return Response(results_csv(found), media_type="text/csv; charset=utf-8", headers={"Vary": "Accept"})
    return found


FILTER_FIELDS = {"issuer": "issuer", "jurisdiction": "jurisdiction", "kind": "kind"}


def filter_notes(resources: Resources, filters: Filters) -> list[str]:
    """Why a filter may match nothing: a value no document has, said with the values there are.

    `jurisdiction` is the issuer's jurisdiction (the document's metadata), not the places a clause speaks of."""
    notes = []
    documents = resources.index.documents.values()
    for name, field in FILTER_FIELDS.items():
        known = sorted({getattr(d, field) for d in documents if getattr(d, field)})
        for value in getattr(filters, name):
            if value not in known:
                notes.append(f"no document has {name} {value!r}; {name} is the document's own metadata; there are: {'; '.join(known)}")
    ids = {d.id for d in documents}
    notes += [f"no document has id {value!r}; see /documents" for value in filters.doc if value not in ids]
    concepts = resources.index.graph
    notes += [
        f"no concept {value!r}; see /concepts"
        for value in filters.concept
        if value not in concepts.resolve((value,)) & set(concepts.concepts)
    ]
    return notes


CSV_COLUMNS = [
    "rank",
    "score",
    "text",
    "document",
    "issuer",
    "jurisdiction",
    "date",
    "section",
    "page",
    "clause_uri",
    "document_source",
    "edition",
]


def results_csv(found: SearchResults) -> str:
    """The results as CSV for a spreadsheet: one row per clause, with its citation."""
    rows = [
        {
            "rank": rank,
            "score": hit.score,
            "text": hit.text,
            "document": hit.document.title,
            "issuer": hit.document.issuer,
            "jurisdiction": hit.document.jurisdiction,
            "date": hit.document.date,
            "section": hit.section,
            "page": hit.page,
            "clause_uri": hit.uri,
            "document_source": hit.document.source,
            "edition": None if hit.edition is None else "current" if hit.edition.current else f"earlier, of {hit.edition.date or '?'}",
        }
        for rank, hit in enumerate(found.results, 1)
    ]
    return excel_csv(rows, CSV_COLUMNS)


def to_search_results(resources: Resources, query: str, results: Results, *, editions: bool = False) -> SearchResults:
    concepts = resources.index.graph.concepts
    documents = resources.index.documents
    facets = {
        name: [
            FacetValue(
                value=value,
                count=count,
                label=concepts[value].label
                if value in concepts
                else documents[value].title
                if name == "doc" and value in documents
                else None,
            )
            for value, count in values
        ]
        for name, values in results.facets.items()
    }
    return SearchResults(
        query=query,
        count=len(results.hits),
        results=[to_search_hit(resources, hit, editions=editions) for hit in results.hits],
        documents=[_document_match(resources, match, editions) for match in results.documents],
        no_good_match=results.no_good_match,
        query_concepts=[ConceptOut(**c._asdict()) for c in results.query_concepts],
        facets=facets,
    )


def to_search_hit(resources: Resources, hit: Hit, *, editions: bool = False) -> SearchHit:
    clause = hit.clause
    doc = resources.index.documents[clause.doc_id]
    headings = [h for h in clause.section_path if h != doc.title]
    return SearchHit(
        uri=clause.uri,
        id=clause.id,
        text=clause.text,
        score=round(hit.score, 6),
        relevance=round(hit.relevance, 4),
        document=_document_ref(resources, clause.doc_id),
        section=" > ".join(headings) or None,
        page=clause.page,
        position=clause.position,
        concepts=[ConceptOut(**c._asdict()) for c in hit.concepts],
        edition=_edition(resources, clause) if editions else None,
    )


def _edition(resources: Resources, clause) -> EditionOut:
    earlier = resources.editions.get("editions", {}).get(clause.uri)
    if earlier is not None:
        return EditionOut(current=False, date=earlier.get("from"), until=earlier.get("until"), uri=earlier.get("uri"))
    return EditionOut(current=True, date=resources.editions.get("current", {}).get(clause.doc_id, {}).get("from"))


def _document_match(resources: Resources, match: DocumentMatch, editions: bool = False) -> DocumentMatchOut:
    ref = _document_ref(resources, match.doc_id)
    return DocumentMatchOut(**ref.model_dump(), clauses=match.clauses, best=to_search_hit(resources, match.best, editions=editions))


def _document_ref(resources: Resources, doc_id: str) -> DocumentRef:
    doc = resources.index.documents[doc_id]
    return DocumentRef(
        uri=doc.uri,
        id=doc.id,
        title=doc.title,
        issuer=doc.issuer,
        date=doc.date,
        jurisdiction=doc.jurisdiction,
        kind=doc.kind,
        source=doc.source,
        inferred=sorted(doc.inferred),
    )


def warm_up(threads: int, model: str) -> None:
    """Load the embedding model before the first request, not during it, and hold every library a
    search uses to ``threads`` threads: concurrent requests share the cores instead of each
    spreading over all of them and fighting (FAISS's OpenMP threads cost 1.5-1.9x the CPU of one
    search under 16 clients). One place: onnxruntime's session, FAISS's OpenMP, and BLAS/OpenMP in
    numpy and the rest through threadpoolctl. (``rskg serve`` also sets OMP_NUM_THREADS before any
    library starts, for the threads OpenMP makes at its start.)"""
    from threadpoolctl import threadpool_limits

    from ingest import index

    index.SEARCH_THREADS = threads  # FAISS's OpenMP, set in each thread that searches
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = str(threads)  # for a library loaded later: it reads these when it starts
    threadpool_limits(limits=threads)  # for those already loaded
    embed.serve_with(threads)
    embed.load_encoder(threads, model).encode(["warm up"], 1)
