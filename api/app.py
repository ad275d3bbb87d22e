"""The FastAPI application."""

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_redoc_html
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from ingest.settings import Settings, get_settings

from . import dataset, observability, openapi, pages, search, sparql
from .models import Health
from .resources import Resources, StateWatcher
from .sparql_pool import QueryPool

MAX_ECHO = 200  # characters of a client's input quoted back in a validation error


def _allowed_methods(request: Request) -> str:
    return ", ".join(sorted(_methods(request.app.router.routes, request.scope)))


def _methods(routes, scope: dict) -> set[str]:
    """The methods of every route whose path matches, looking inside included routers."""
    methods: set[str] = set()
    for route in routes:
        if route.matches(scope)[0] == Match.NONE:
            continue
        if inner := getattr(route, "original_router", None):  # FastAPI keeps an included router's routes behind it
            prefix = route.include_context.prefix
            methods |= _methods(inner.routes, {**scope, "path": scope["path"].removeprefix(prefix) or "/"})
        elif getattr(route, "methods", None):
            methods |= route.methods
    return methods


def _without_long_input(error: dict) -> dict:
    """A validation error quoting at most MAX_ECHO characters of what was sent (a 70 KB q was echoed whole),
    and saying in words what a pattern asks for."""
    if error.get("type") == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == search.VISIBLE:
        error = {**error, "msg": "blank: give a question or keywords (spaces and control characters alone are not one)"}
    value = error.get("input")
    if isinstance(value, str) and len(value) > MAX_ECHO:
        return {**error, "input": value[:MAX_ECHO] + f"... ({len(value):,} characters)"}
    if isinstance(value, list | dict) and len(repr(value)) > MAX_ECHO:
        return {**error, "input": repr(value)[:MAX_ECHO] + "..."}
    return error


OFFLINE_PAGE = (
    "default-src 'self' blob: data:; script-src 'self' 'unsafe-inline' blob:; style-src 'self' 'unsafe-inline'; font-src 'self' data:"
)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.resources = Resources.load(settings.data_dir)
        if app.state.resources.warning:
            logging.getLogger("rskg").warning(app.state.resources.warning)
        observability.observe_state(app.state.resources.info)
        app.state.sparql_pool = QueryPool(
            settings.sparql_workers,
            settings.sparql_timeout,
            settings.sparql_max_memory_mb,
            offline=not (settings.store_query_url or settings.sparql_service_allow),  # they need the network; nothing else does
        )
        search.warm_up(settings.query_threads, app.state.resources.index.model)
        watcher = StateWatcher(settings.data_dir, app.state, settings.reload_interval).start() if settings.reload_interval > 0 else None
        app.state.watcher = watcher
        yield
        if watcher is not None:
            watcher.stop()
        app.state.sparql_pool.close()

    app = FastAPIOffline(  # Swagger UI and ReDoc served from the package's own copies, never a CDN
        redoc_url=None,  # ours, below: ReDoc fetches its logo from a CDN unless told not to
        title="rskg",
        summary="Knowledge graph and semantic search over research-security guidance.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    if settings.log_json:
        observability.configure_logging(settings.log_level)
    app.add_middleware(observability.Guard, max_heavy=settings.max_heavy_requests, max_body=settings.max_body_kb * 1024)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["*"],
            expose_headers=["X-SPARQL-Results", "X-SPARQL-Truncated"],  # a browser client can tell a cut answer
        )
    app.include_router(search.router)
    app.include_router(sparql.router)
    app.include_router(dataset.router)
    app.include_router(pages.router)

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> Response:
        page = get_redoc_html(
            openapi_url=app.openapi_url,
            title="rskg - ReDoc",
            redoc_js_url="/static-offline-docs/redoc.standalone.js",
            redoc_favicon_url="/static-offline-docs/favicon.png",
            with_google_fonts=False,
        )
        page.headers["Content-Security-Policy"] = OFFLINE_PAGE  # the browser asks nothing of any other host
        return page

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 405:  # every method the path answers, not only those of the first route that matched it
            exc.headers = {**(exc.headers or {}), "Allow": _allowed_methods(request)}
        if pages.is_page(request):
            response = pages.error_page(request, exc.status_code, exc.detail)
            response.headers.update(exc.headers or {})
            return response
        return await http_exception_handler(request, exc)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        errors = [_without_long_input(error) for error in exc.errors()]
        if pages.is_page(request):
            return pages.error_page(request, 422, errors)
        return await request_validation_exception_handler(request, RequestValidationError(errors))

    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")

    @app.get(
        "/ready",
        tags=["service"],
        summary="Readiness: 200 once the index and the graph answer, else 503",
        responses={503: {"description": "Not ready", "content": openapi.content("application/json")}},
    )
    def ready() -> JSONResponse:
        resources: Resources | None = getattr(app.state, "resources", None)
        problems = []
        if resources is None:
            problems.append("no index loaded")
        else:
            if not resources.index.clauses:
                problems.append("the index holds no clause")
            try:
                resources.store.query("ASK { ?s ?p ?o }")
            except OSError as exc:
                problems.append(f"the graph does not answer: {exc}")
        body = {"ready": not problems, "problems": problems, "state": str(resources.state) if resources else None}
        return JSONResponse(body, status_code=503 if problems else 200)

    @app.get(
        "/metrics",
        tags=["service"],
        summary="Prometheus metrics: request latency per route, index size, last ingest",
        response_class=Response,
        responses=openapi.ok("text/plain", description="Prometheus text format"),
    )
    def metrics() -> Response:
        body, media_type = observability.metrics_body()
        return Response(body, media_type=media_type)

    @app.get("/health", response_model=Health, tags=["service"], summary="Liveness and what is loaded")
    def health() -> Health:
        resources: Resources = app.state.resources
        info = resources.info
        return Health(
            status="ok",
            documents=info["documents"],
            clauses=info["clauses"],
            concepts=info.get("concepts", 0),
            triples=info["triples"],
            ingested=info.get("created"),
        )

    return app
