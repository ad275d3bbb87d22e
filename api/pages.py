"""The web app: ask, documents, concepts and the crosswalk, rendered on the server.

Every page has a machine twin at the same URL: JSON on ``Accept: application/json``, and for
graph resources (documents, clauses, concepts, crosswalk links) Turtle, JSON-LD, N-Triples or
RDF/XML, so the graph's URIs dereference here.
"""

from pathlib import Path as FilePath
from typing import Annotated, Literal
from urllib.parse import unquote

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from ingest.index import FACETS
from ontology import jsonld
from ontology import namespace as ns

from . import views
from .csvfile import excel_csv
from .negotiation import choose
from .openapi import WHY, errors, ok
from .sparql_pool import GRAPH_TYPES

router = APIRouter(tags=["pages"])
PAGE = ok("text/html", "application/json", description="The page, or its data as JSON") | errors(422, 503, html=True)
templates = Jinja2Templates(directory=FilePath(__file__).parent / "templates")
templates.env.globals["path_of"] = views.path_of
HTML, JSON, CSV = "text/html", "application/json", "text/csv"


def _wants(request: Request, rdf: bool = False) -> str:
    offered = [HTML, JSON, *(GRAPH_TYPES if rdf else [])]
    return choose(request.headers.get("accept") or "*/*", offered) or HTML


def _render(request: Request, template: str, data: dict, status: int = 200) -> Response:
    if _wants(request) == JSON:
        return JSONResponse(data, status_code=status, headers={"Vary": "Accept"})
    return templates.TemplateResponse(request, template, {"page": data}, status_code=status, headers={"Vary": "Accept"})


@router.get("/", summary="Ask: a question, and the clauses that answer it, best first (HTML or JSON)", responses=PAGE)
def ask(
    request: Request,
    q: Annotated[str, Query(max_length=1000, description="A question or keywords.")] = "",
    k: Annotated[int, Query(ge=1, le=50, description="How many clauses to show.")] = 10,
) -> Response:
    chosen = {name: request.query_params.getlist(name) for name in FACETS if request.query_params.getlist(name)}
    page = views.ask_page(request.app.state.resources, request.app.state.settings, q, chosen, k, str(request.base_url))
    if not q.strip():
        page["collection"] = views.collection_summary(request.app.state.resources)
    return _render(request, "ask.html", page)


@router.get(
    "/compare",
    summary="Compare: what each jurisdiction or issuer says on one question, best clause each, with citations (HTML or JSON)",
    responses=PAGE,
)
def compare(
    request: Request,
    q: Annotated[str, Query(max_length=1000, description="A question or keywords.")] = "",
    by: Annotated[Literal["jurisdiction", "issuer"], Query(description="Compare across jurisdictions or issuers.")] = "jurisdiction",
) -> Response:
    page = views.compare_page(request.app.state.resources, request.app.state.settings, q, by, str(request.base_url))
    return _render(request, "compare.html", page)


@router.get(
    "/documents",
    summary="Every document of the collection: issuer, date, jurisdiction, kind, clause count, original address (HTML, JSON or CSV)",
    responses=ok("text/html", "application/json", "text/csv", description="The list, as a page, JSON or CSV") | errors(503, html=True),
)
def documents(
    request: Request,
    format: Annotated[Literal["html", "json", "csv"] | None, Query(description="Instead of the Accept header.")] = None,
) -> Response:
    rows = views.documents_list(request.app.state.resources)
    if _wants_csv(request, format):
        return _csv_response(rows, views.DOCUMENT_COLUMNS, "rskg-documents.csv")
    if format == "json":
        return JSONResponse({"documents": rows}, headers={"Vary": "Accept"})
    return _render(request, "documents.html", {"documents": rows})


def _wants_csv(request: Request, format: str | None) -> bool:
    """``format=csv``, or no ``format`` and an Accept header that prefers text/csv."""
    return format == "csv" or (format is None and choose(request.headers.get("accept") or "*/*", [HTML, JSON, CSV]) == CSV)


def _csv_response(rows: list[dict], columns: list[str], filename: str) -> Response:
    headers = {"Vary": "Accept", "Content-Disposition": f'inline; filename="{filename}"'}
    return Response(excel_csv(rows, columns), media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/concepts", summary="Every concept, by kind", responses=PAGE)
def concepts(request: Request) -> Response:
    return _render(request, "concepts.html", {"schemes": views.concepts_index(request.app.state.resources)})


@router.get(
    "/crosswalk",
    summary="The G7 values, principles and risk vectors against the tools that serve them (HTML, JSON or CSV)",
    responses=ok("text/html", "application/json", "text/csv", description="The page, its data, or its links as CSV")
    | errors(422, 503, html=True),
)
def crosswalk(
    request: Request,
    show: Annotated[Literal["all", "curated", "inferred"], Query(description="Which links: all, curated only, or inferred only.")] = "all",
    format: Annotated[Literal["html", "json", "csv"] | None, Query(description="Instead of the Accept header.")] = None,
) -> Response:
    page = views.crosswalk_page(request.app.state.resources, show)
    if _wants_csv(request, format):
        return _csv_response(page["rows"], views.CROSSWALK_COLUMNS, "rskg-crosswalk.csv")
    if format == "json":
        return JSONResponse(page, headers={"Vary": "Accept"})
    return _render(request, "crosswalk.html", page)


@router.get(
    "/id/doc/{doc_id}/file",
    summary="The source file a document was ingested from",
    response_class=FileResponse,
    responses=ok("text/plain", "text/markdown", "text/html", "application/pdf", "application/octet-stream") | errors(404, 503, html=True),
)
def source_file(doc_id: Annotated[str, Path(examples=["uk-university-trusted-research"])], request: Request) -> FileResponse:
    resources = request.app.state.resources
    doc = resources.index.documents.get(doc_id)
    if doc is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    path = resources.state.parent.parent / "files" / f"{doc.sha256}{FilePath(doc.file).suffix.lower()}"
    if not path.is_file():
        raise HTTPException(404, "the source file was ingested before rskg kept copies; ingest it again to make it available")
    return FileResponse(path, filename=doc.file)


COVERAGE = ok("text/html", "application/json", "text/csv", description="The coverage page, its data, or a CSV table") | errors(
    404, 503, html=True
)
DocId = Annotated[str, Path(examples=["uk-university-trusted-research"])]


@router.get(
    "/id/doc/{doc_id}/coverage",
    summary="Which G7 values, principles and risk vectors a document addresses, with its clauses (HTML, JSON or CSV by Accept)",
    responses=COVERAGE,
)
def coverage(doc_id: DocId, request: Request) -> Response:
    return _coverage(request, doc_id, choose(request.headers.get("accept") or "*/*", [HTML, JSON, CSV]) or HTML)


@router.get("/id/doc/{doc_id}/coverage.json", summary="A document's G7 coverage as JSON", responses=COVERAGE)
def coverage_json(doc_id: DocId, request: Request) -> Response:
    return _coverage(request, doc_id, JSON)


@router.get(
    "/id/doc/{doc_id}/coverage.csv",
    summary="A document's G7 coverage as CSV, a row per value, principle and risk vector",
    responses=COVERAGE,
)
def coverage_csv(doc_id: DocId, request: Request) -> Response:
    return _coverage(request, doc_id, CSV)


def _coverage(request: Request, doc_id: str, wanted: str) -> Response:
    from ingest.coverage import document_coverage

    store = request.app.state.resources.store
    if wanted == CSV:
        found = document_coverage(store, doc_id)
        if found is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        disposition = f'inline; filename="{doc_id}-coverage.csv"'
        return Response(
            found.as_csv(), media_type="text/csv; charset=utf-8", headers={"Content-Disposition": disposition, "Vary": "Accept"}
        )
    page = views.coverage_page(request.app.state.resources, doc_id)
    if page is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    if wanted == JSON:
        return JSONResponse({k: v for k, v in page.items() if k != "groups"}, headers={"Vary": "Accept"})
    return templates.TemplateResponse(request, "coverage.html", {"page": page}, headers={"Vary": "Accept"})


@router.get(
    "/id/doc/{doc_id}/editions",
    summary="What changed between a fetched document's earlier edition and its current one: clauses added, removed and reworded "
    "(old and new wording side by side), and the concepts only one edition states (HTML, or JSON by Accept or format=json)",
    responses=PAGE | errors(404, html=True),
)
def editions(
    doc_id: DocId,
    request: Request,
    format: Annotated[Literal["html", "json"] | None, Query(description="Instead of the Accept header.")] = None,
) -> Response:
    from ingest.errors import RskgError

    try:
        page = views.editions_page(request.app.state.resources, request.app.state.settings, doc_id)
    except RskgError as exc:
        raise HTTPException(404, str(exc)) from None
    if page is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    if format == "json":
        return JSONResponse(page, headers={"Vary": "Accept"})
    return _render(request, "editions.html", page)


@router.get(
    "/id/{rest:path}",
    summary="A graph resource: its page, or its data on Accept (JSON, Turtle, JSON-LD, ...)",
    response_class=Response,
    responses=ok("text/html", "application/json", *GRAPH_TYPES) | {303: {"description": WHY[303]}} | errors(404, 422, 503, html=True),
)
def resource(
    rest: Annotated[str, Path(examples=["concept/principle/risk-proportionality", "doc/uk-university-trusted-research"])], request: Request
) -> Response:
    raw = request.scope.get("raw_path", b"").decode("ascii", errors="replace") or request.url.path
    uri = ns.BASE + raw.lstrip("/").split("?", 1)[0]
    resources = request.app.state.resources
    kinds = {row["t"] for row in views.select(resources, f"SELECT ?t WHERE {{ <{uri}> a ?t }}")} if _is_iri(uri) else set()
    if not kinds:
        raise HTTPException(404, f"nothing in the graph is called <{uri}>")
    wanted = _wants(request, rdf=True)
    if wanted in GRAPH_TYPES:
        triples = list(resources.store.query(f"DESCRIBE <{uri}>"))
        if wanted == jsonld.MEDIA_TYPE:
            body = jsonld.serialize(triples)
        else:
            body = ox.serialize(
                triples, format=getattr(ox.RdfFormat, _RDF[wanted]), prefixes=None if wanted == "application/n-triples" else ns.PREFIXES
            )
        return Response(body, media_type=wanted, headers={"Vary": "Accept"})
    if ns.Document in kinds:
        page = views.document_page(resources, unquote(uri.removeprefix(ns.ID + "doc/")), str(request.base_url))
        return _render(request, "document.html", page)
    if ns.Clause in kinds:
        card = resources.clause_card(uri)
        return JSONResponse(card) if wanted == JSON else RedirectResponse(card["href"], status_code=303)
    if ns.Section in kinds:
        return RedirectResponse(views.path_of(uri.rsplit("/section/", 1)[0]), status_code=303)
    if ns.CrosswalkLink in kinds:
        return _render(request, "link.html", views.link_page(resources, uri))
    if ns.Concept in kinds:
        return _render(request, "concept.html", views.concept_page(resources, uri))
    if ns.ConceptScheme in kinds:
        return RedirectResponse(f"/concepts#{uri.rsplit('/', 1)[-1]}", status_code=303)
    raise HTTPException(404, f"<{uri}> has no page; ask for its data with Accept: text/turtle")


PAGE_PREFIXES = ("/id/", "/concepts", "/crosswalk")
TITLES = {404: "Not found", 406: "Not available in that format", 422: "That request cannot be answered"}


def is_page(request: Request) -> bool:
    """Whether a browser asked for one of the app's pages (errors then come as a page, not JSON)."""
    path = request.url.path
    return (path == "/" or path.startswith(PAGE_PREFIXES)) and _wants(request) == HTML


def error_page(request: Request, status: int, detail) -> Response:
    if not isinstance(detail, str):  # validation errors: say which parameter and why
        detail = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', [])[1:])}: {e.get('msg')}" for e in detail)
    page = {"title": TITLES.get(status, "Something went wrong"), "detail": detail, "status": status}
    return templates.TemplateResponse(request, "error.html", {"page": page}, status_code=status)


_RDF = {"text/turtle": "TURTLE", "application/n-triples": "N_TRIPLES", "application/ld+json": "JSON_LD", "application/rdf+xml": "RDF_XML"}


def _is_iri(uri: str) -> bool:
    return not any(c in uri for c in '<>"{}|^`\\ ')
