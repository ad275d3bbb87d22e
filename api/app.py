"""The FastAPI application."""

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ingest.settings import Settings, get_settings

from . import dataset, pages, search, sparql
from .models import Health
from .resources import Resources, StateWatcher
from .sparql_pool import QueryPool


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.resources = Resources.load(settings.data_dir)
        app.state.sparql_pool = QueryPool(settings.sparql_workers, settings.sparql_timeout)
        search.warm_up()
        watcher = StateWatcher(settings.data_dir, app.state, settings.reload_interval).start() if settings.reload_interval > 0 else None
        app.state.watcher = watcher
        yield
        if watcher is not None:
            watcher.stop()
        app.state.sparql_pool.close()

    app = FastAPI(
        title="rskg",
        summary="Knowledge graph and semantic search over research-security guidance.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"], allow_headers=["*"])
    app.include_router(search.router)
    app.include_router(sparql.router)
    app.include_router(dataset.router)
    app.include_router(pages.router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if pages.is_page(request):
            return pages.error_page(request, exc.status_code, exc.detail)
        return await http_exception_handler(request, exc)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        if pages.is_page(request):
            return pages.error_page(request, 422, exc.errors())
        return await request_validation_exception_handler(request, exc)

    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")

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
