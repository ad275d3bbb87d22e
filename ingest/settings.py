"""One settings object, read once: flags and RSKG_* environment variables."""

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RSKG_", extra="ignore")

    data_dir: Path = Field(PROJECT_ROOT / "data", description="Where the index, graph and vector cache live.")
    corpus_dir: Path = Field(PROJECT_ROOT / "corpus", description="The default corpus: ingested by `rskg ingest` with no paths.")
    host: str = Field("127.0.0.1", description="Address `rskg serve` binds to.")
    port: int = Field(8000, description="Port `rskg serve` listens on.")
    embedding_batch_size: int = Field(32, ge=1, description="Clauses embedded per batch at ingest.")
    retrieval_model: Literal["multilingual-e5-small", "all-MiniLM-L6-v2"] = Field(
        "multilingual-e5-small",
        description="The embedding model of search (clauses and questions), at the next ingest; an index is always asked with the model"
        " that made it. The graph's stages use all-MiniLM-L6-v2 either way.",
    )
    embedding_backend: Literal["onnx", "torch"] = Field(
        "onnx",
        description="What runs all-MiniLM-L6-v2: onnx (onnxruntime, ready in 0.3 s) or torch (sentence-transformers); e5 runs on onnx.",
    )
    model_cache: Path = Field(
        Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "rskg" / "models",
        description="Where the ONNX exports of the embedding models are kept (made once: MiniLM about 90 MB, e5 about 130 MB).",
    )
    fusion: str = Field(
        "convex", description="How BM25 and dense scores are combined: convex (weighted, normalised scores) or rrf (reciprocal rank)."
    )
    fusion_alpha: float = Field(0.6, ge=0, le=1, description="Weight of BM25 in convex fusion; the rest goes to the dense score.")
    fusion_rrf_k: int = Field(60, ge=1, description="The k of reciprocal-rank fusion; larger flattens rank differences.")
    candidates: int = Field(100, ge=1, description="Candidates each retriever hands to fusion.")
    graph_weight: float = Field(0.3, ge=0, description="Boost for clauses that define or list a concept the question names.")
    place_weight: float = Field(
        0.1, ge=0, description="Boost for clauses of documents from a country the question names (its jurisdiction, issuer or title)."
    )
    dense_first_within: int = Field(
        3,
        ge=0,
        description="The embedding model's best clause is shown at least this high (0: wherever fusion puts it); a paraphrase's answer "
        "often shares no word with the question.",
    )
    reload_interval: float = Field(1.0, ge=0, description="Seconds between checks for a newly published state; 0 turns reloading off.")
    max_file_mb: int = Field(200, ge=1, description="Largest file ingest reads, in MiB.")
    max_pages: int = Field(3000, ge=1, description="Most pages ingest reads from one PDF.")
    keep_states: int = Field(2, description="Published index states kept on disk (the current one included).")
    sparql_timeout: float = Field(10.0, gt=0, description="Seconds a SPARQL query may run before it is stopped.")
    sparql_max_rows: int = Field(10_000, ge=1, description="Most rows (or triples) one SPARQL answer holds; more are cut and flagged.")
    sparql_max_query_kb: int = Field(100, ge=1, description="Largest SPARQL query accepted, in KiB.")
    sparql_workers: int = Field(2, ge=1, description="Processes that run SPARQL queries: how many can run at once.")
    sparql_max_memory_mb: int = Field(
        1024,
        ge=128,
        description="Memory one SPARQL worker may allocate, in MiB, enforced by the kernel; a query needing more is stopped (503)."
        " All queries together stay under this times RSKG_SPARQL_WORKERS.",
    )
    sparql_service_allow: list[str] = Field(
        default_factory=list, description="Endpoints SERVICE may call (a JSON list); empty turns federation off."
    )
    query_threads: int = Field(
        1, ge=1, description="Threads the server's model may use to embed one question; 1 lets concurrent requests share the cores."
    )
    max_heavy_requests: int = Field(32, ge=1, description="Searches, queries and pages answered at once per server process; more get 503.")
    max_body_kb: int = Field(2048, ge=1, description="Largest request body accepted, in KiB.")
    header_timeout: float = Field(
        10.0, gt=0, description="Seconds a client has to send a request's headers (from connecting, or its first byte); then 408."
    )
    body_timeout: float = Field(30.0, gt=0, description="Seconds a client has to send a request's body once its headers are in; then 408.")
    keepalive_timeout: float = Field(5.0, gt=0, description="Seconds an idle kept-alive connection stays open between requests.")
    log_json: bool = Field(True, description="Log one JSON line per request (route, status, latency) to stderr.")
    log_level: str = Field("INFO", description="Level of the rskg and server logs.")
    workers: int = Field(1, ge=1, description="Server processes `rskg serve` starts; they share the memory-mapped index.")
    store_query_url: str | None = Field(
        None,
        description="SPARQL query endpoint of an external store; when set, /sparql answers from it (e.g. http://127.0.0.1:7878/query).",
    )
    store_gsp_url: str | None = Field(
        None, description="Graph Store Protocol endpoint of an external store; when set, each ingest publishes the graph there."
    )
    store_graph: str | None = Field(None, description="Named graph to publish into on the external store; unset: its default graph.")
    fetch_allow_loopback: bool = Field(
        False,
        description="Let `rskg fetch` read from loopback addresses (127.0.0.1, ::1): for tests and local mirrors. Private, "
        "link-local and other non-public addresses are always refused.",
    )
    fetch_delay: float = Field(
        1.0, ge=0, description="Seconds `rskg fetch` waits between two requests to the same host (more if its robots.txt asks)."
    )
    fetch_timeout: float = Field(
        20.0, gt=0, description="Seconds `rskg fetch` waits to connect, and for each read, before giving up on an address."
    )
    fetch_max_seconds: float = Field(300.0, gt=0, description="Seconds one download may take in all, however slowly the bytes come.")
    fetch_max_redirects: int = Field(5, ge=0, description="Redirects `rskg fetch` follows from one address.")
    fetch_max_linked: int = Field(
        100, ge=0, description="Most linked addresses one `rskg fetch --depth` run follows, beyond those it was given."
    )
    fetch_contact: str | None = Field(
        None, description="An e-mail or web address added to the User-Agent of `rskg fetch`, so site owners can reach you."
    )
    cors_origins: list[str] = Field(
        default_factory=list, description='Origins browsers may call the API from (a JSON list; ["*"] for any).'
    )

    def search_options(self) -> dict:
        """The keyword arguments of ``HybridIndex.search`` these settings choose."""
        return {
            "candidates": self.candidates,
            "fusion": self.fusion,
            "alpha": self.fusion_alpha,
            "rrf_k": self.fusion_rrf_k,
            "graph_weight": self.graph_weight,
            "place_weight": self.place_weight,
            "dense_first_within": self.dense_first_within,
        }


def reference() -> list[tuple[str, str, str]]:
    """Each setting as (environment variable, default, description), for the README and `rskg settings`."""
    rows = []
    for name, field in Settings.model_fields.items():
        default = field.default_factory() if field.default_factory else field.default
        if name == "model_cache":
            default = "$XDG_CACHE_HOME/rskg/models, else ~/.cache/rskg/models"
        elif isinstance(default, Path) and default.is_relative_to(PROJECT_ROOT):
            default = f"<project>/{default.relative_to(PROJECT_ROOT)}"
        elif isinstance(default, Path) and default.is_relative_to(Path.home()):
            default = f"~/{default.relative_to(Path.home())}"
        rows.append((f"RSKG_{name.upper()}", "(unset)" if default is None else str(default), field.description or ""))
    return rows


@lru_cache
def get_settings() -> Settings:
    return Settings()
