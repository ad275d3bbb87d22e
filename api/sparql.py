"""The SPARQL 1.1 Protocol query operation at /sparql: read-only, time-limited, capped; and its query page."""

from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from ontology import namespace as ns

from .negotiation import choose
from .openapi import errors, ok
from .query_page import render_query_page
from .service_description import service_description
from .sparql_pool import GRAPH_TYPES, SOLUTION_TYPES, PoolBusy, QueryOutOfMemory, QueryTimeout, WorkerDied
from .sparql_pool import Request as PoolRequest
from .sparql_text import inspect

router = APIRouter(tags=["sparql"])

# Short names for ?format=, for links and browsers that cannot set Accept.
FORMAT_NAMES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "application/x-json+ld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "n3": "text/turtle",
}
# Types clients ask for by a broader name.
ALIASES = {
    "application/json": ["application/sparql-results+json", "application/ld+json"],
    "application/xml": ["application/sparql-results+xml", "application/rdf+xml"],
}

QUERY_DOC = "A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE). rskg's prefixes (rskg:, id:, skos:, dcterms:, ...) are declared."
GRAPH_DOC = "Graphs that make up the query's default graph (SPARQL 1.1 Protocol); repeatable."
FORMAT_DOC = (
    "Result format instead of the Accept header (also as `output`; repeatable, comma-separated, names or media types): "
    + ", ".join(FORMAT_NAMES)
)
NAMED_DOC = "Graphs available to GRAPH patterns (SPARQL 1.1 Protocol); repeatable."


@router.get(
    "/sparql",
    summary="SPARQL query (GET), the service description, or the query page",
    description="With `query`: runs it. Without: the query page for browsers, else the SPARQL service description.",
    response_class=Response,
    responses=ok(*SOLUTION_TYPES, *GRAPH_TYPES, "text/html", description="Results, the service description, or the query page")
    | errors(400, 403, 406, 413, 422, 500, 502, 503),
)
async def sparql_get(
    request: Request,
    query: str | None = Query(None, description=QUERY_DOC),
    default_graph_uri: list[str] = Query([], alias="default-graph-uri", description=GRAPH_DOC),
    named_graph_uri: list[str] = Query([], alias="named-graph-uri", description=NAMED_DOC),
    # documented here; read, with `output`, from the query string itself (clients repeat both and list types in them)
    format: str | None = Query(None, description=FORMAT_DOC),
) -> Response:
    if "update" in request.query_params:
        raise HTTPException(403, READ_ONLY)
    if len(request.query_params.getlist("query")) > 1:
        raise HTTPException(400, MANY_QUERIES)
    if query is None:
        accept = request.headers.get("accept", "")
        if choose(accept, [*GRAPH_TYPES, "text/html"]) == "text/html":
            return HTMLResponse(render_query_page(str(request.url_for("sparql_get"))))
        media = _graph_type(request, _formats(_format_params(request.query_params)))
        body = service_description(request, request.app.state.resources, request.app.state.settings, media)
        return Response(body, media_type=media)
    return await _answer(request, query, default_graph_uri, named_graph_uri, _formats(_format_params(request.query_params)))


@router.post(
    "/sparql",
    summary="SPARQL query (POST)",
    description="Form-encoded (`query=...`) or a bare `application/sparql-query` body. Updates are refused: the graph is read-only.",
    response_class=Response,
    responses=ok(*SOLUTION_TYPES, *GRAPH_TYPES, description="Results") | errors(400, 403, 406, 413, 415, 500, 502, 503),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "properties": {"query": {"type": "string"}, "default-graph-uri": {"type": "string"}},
                        "required": ["query"],
                    }
                },
                "application/sparql-query": {"schema": {"type": "string"}},
            },
        }
    },
)
async def sparql_post(request: Request) -> Response:
    settings = request.app.state.settings
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    if len(body) > settings.sparql_max_query_kb * 1024:
        raise _too_large(len(body), settings)
    formats = _format_params(request.query_params)
    default_graphs = request.query_params.getlist("default-graph-uri")
    named_graphs = request.query_params.getlist("named-graph-uri")
    charset = _charset(request.headers.get("content-type", ""))
    if "update" in request.query_params:
        raise HTTPException(403, READ_ONLY)
    if media_type == "application/sparql-query":
        if "query" in request.query_params:
            raise HTTPException(400, MANY_QUERIES)
        if charset not in ("utf-8", "ascii"):  # the media type is UTF-8 by definition (SPARQL 1.1 Protocol 2.1.3)
            raise HTTPException(415, f"application/sparql-query is UTF-8 only, not {charset}; send the query in UTF-8")
        text = _decode(body, "utf-8")
    elif media_type == "application/x-www-form-urlencoded":
        form = parse_qs(_decode(body, charset), keep_blank_values=True, encoding=charset, errors="strict")
        if "update" in form:
            raise HTTPException(403, READ_ONLY)
        if "query" not in form:
            raise HTTPException(400, "the form has no `query` field; send query=<SPARQL>")
        if len(form["query"]) + len(request.query_params.getlist("query")) > 1:
            raise HTTPException(400, MANY_QUERIES)
        text = form["query"][0]
        default_graphs += form.get("default-graph-uri", [])
        named_graphs += form.get("named-graph-uri", [])
        formats += [*form.get("format", []), *form.get("output", [])]
    elif media_type == "application/sparql-update":
        raise HTTPException(403, READ_ONLY)
    else:
        raise HTTPException(
            415,
            f"send the query as application/x-www-form-urlencoded (query=...) or application/sparql-query, not {media_type or 'no type'}",
        )
    return await _answer(request, text, default_graphs, named_graphs, _formats(formats))


MAX_NESTING = 200  # levels of { } and ( ): the store's parser recurses, and 5,000 levels overflow its stack
MANY_QUERIES = "the request carries more than one query; send exactly one `query` (SPARQL 1.1 Protocol)"
MAX_ECHO = 200  # characters of a client's header quoted back in an error


def _decode(body: bytes, charset: str) -> str:
    try:
        return body.decode(charset)
    except UnicodeDecodeError as exc:
        raise HTTPException(400, f"the request body is not valid {charset} (byte {exc.start}); send the query in UTF-8") from None


def _charset(content_type: str) -> str:
    """The body's character set from its Content-Type (UTF-8 unless it says otherwise and Python knows it)."""
    import codecs

    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            try:
                return codecs.lookup(value.strip().strip('"')).name
            except LookupError:
                raise HTTPException(415, f"unknown charset {value.strip()[:MAX_ECHO]!r}; send the query in UTF-8") from None
    return "utf-8"


READ_ONLY = (
    "this SPARQL endpoint is read-only: updates (INSERT, DELETE, LOAD, CLEAR, ...) are refused. "
    "The graph changes when documents are ingested (`rskg ingest`)."
)


async def _answer(request: Request, text: str, default_graphs: list[str], named_graphs: list[str], format: str | None) -> Response:
    settings = request.app.state.settings
    size = len(text.encode("utf-8"))
    if size > settings.sparql_max_query_kb * 1024:
        raise _too_large(size, settings)
    shape = inspect(text, ns.PREFIXES)
    if shape.depth > MAX_NESTING:
        raise HTTPException(400, f"the query nests groups {shape.depth} deep; this endpoint reads at most {MAX_NESTING} levels")
    if shape.is_update:
        raise HTTPException(403, READ_ONLY)
    blocked = [s for s in shape.services if s not in settings.sparql_service_allow]
    if blocked:
        raise HTTPException(
            403,
            f"SERVICE federation is disabled on this endpoint, and the query calls {', '.join(blocked)}; "
            "no connection was made. An operator can allow endpoints with RSKG_SPARQL_SERVICE_ALLOW.",
        )
    if shape.returns_graph:
        graph_type, solution_type = _graph_type(request, format), "application/sparql-results+json"
    else:
        graph_type, solution_type = "text/turtle", _solution_type(request, format)

    pool = request.app.state.sparql_pool
    job = PoolRequest(
        state=str(request.app.state.resources.state),
        query=text,
        solution_type=solution_type,
        graph_type=graph_type,
        max_rows=settings.sparql_max_rows,
        default_graphs=default_graphs,
        named_graphs=named_graphs,
        external_url=settings.store_query_url,
        returns_graph=shape.returns_graph,
        timeout=settings.sparql_timeout,
        base_iri=str(request.url_for("sparql_get")),  # relative IRIs in a query resolve against the endpoint
    )
    try:
        answer = await run_in_threadpool(pool.run, job)
    except QueryTimeout:
        raise HTTPException(
            503,
            f"the query ran past the {settings.sparql_timeout:g} s limit and was stopped; "
            "narrow it (more specific patterns, LIMIT) or ask the operator to raise RSKG_SPARQL_TIMEOUT",
        ) from None
    except QueryOutOfMemory:
        raise HTTPException(
            503,
            f"the query needed more than the {settings.sparql_max_memory_mb} MiB a query may use and was stopped; "
            "narrow it (more specific patterns, no cross joins, LIMIT) or ask the operator to raise RSKG_SPARQL_MAX_MEMORY_MB",
        ) from None
    except WorkerDied:
        raise HTTPException(500, "the process running the query stopped unexpectedly and has been replaced; try again") from None
    except PoolBusy:
        raise HTTPException(503, "every SPARQL worker is busy with a long query; try again shortly", headers={"Retry-After": "5"}) from None
    if answer.status != 200:
        raise HTTPException(answer.status, answer.body.decode("utf-8", errors="replace"))
    headers = {"X-SPARQL-Results": str(answer.rows), "Vary": "Accept"}
    if answer.truncated:
        headers["X-SPARQL-Truncated"] = f"true; limit={settings.sparql_max_rows}"
    return Response(answer.body, media_type=answer.media_type, headers=headers)


def _solution_type(request: Request, format: str | None) -> str:
    return _negotiate(request, format, list(SOLUTION_TYPES), "SELECT and ASK")


def _graph_type(request: Request, format: str | None) -> str:
    return _negotiate(request, format, list(GRAPH_TYPES), "CONSTRUCT and DESCRIBE")


def _formats(values: list[str]) -> str | None:
    """Every ``format`` and ``output`` value, comma-joined: clients repeat them and list types in
    them (SPARQLWrapper sends format=json-ld&format=application/ld+json,...&output=json-ld)."""
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]  # format= alone asks for nothing
    return ",".join(names) if names else None


def _format_params(params) -> list[str]:
    return [*params.getlist("format"), *params.getlist("output")]


def _negotiate(request: Request, format: str | None, offered: list[str], what: str) -> str:
    if format is not None:
        for name in (n.strip() for n in format.split(",")):
            media = FORMAT_NAMES.get(name.lower(), name.split(";")[0].strip().lower())
            for candidate in ALIASES.get(media, [media]):
                if candidate in offered:
                    return candidate
        raise HTTPException(406, f"{what} results come as {', '.join(offered)}; format={format[:MAX_ECHO]} is none of them")
    accept = request.headers.get("accept") or "*/*"
    chosen = choose(accept, offered, ALIASES)
    if chosen is None:
        raise HTTPException(406, f"{what} results come as {', '.join(offered)}; the Accept header ({accept[:MAX_ECHO]}) takes none of them")
    return chosen


def _too_large(size: int, settings) -> HTTPException:
    return HTTPException(
        413,
        f"the query is {size / 1024:.0f} KiB; this endpoint takes at most {settings.sparql_max_query_kb} KiB (RSKG_SPARQL_MAX_QUERY_KB)",
    )
