"""The FastAPI application."""

from contextlib import asynccontextmanager

from fastapi import FastAPI

from ingest.settings import Settings, get_settings

from . import search
from .models import Health
from .resources import Resources, StateWatcher


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.resources = Resources.load(settings.data_dir)
        search.warm_up()
        watcher = StateWatcher(settings.data_dir, app.state, settings.reload_interval).start() if settings.reload_interval > 0 else None
        app.state.watcher = watcher
        yield
        if watcher is not None:
            watcher.stop()

    app = FastAPI(
        title="rskg",
        summary="Knowledge graph and semantic search over research-security guidance.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.include_router(search.router)

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
