"""What an operator relies on: request logs, metrics, readiness, the cap on heavy requests, bounded bodies."""

import json
import logging
import threading
import time

import httpx
from fastapi.testclient import TestClient

from api.app import create_app
from ingest.settings import Settings
from tests.liveserver import live_server, served

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_ready_and_health(client):
    ready = client.get("/ready")
    assert ready.status_code == 200 and ready.json()["ready"] is True and ready.json()["problems"] == []
    assert client.get("/health").json()["clauses"] > 0


def test_metrics_count_requests_per_route_and_describe_the_index(client):
    client.get("/search", params={"q": "export control"})
    body = client.get("/metrics").text
    assert 'rskg_request_seconds_bucket{le="0.15",method="GET",route="/search",status="200"}' in body
    health = client.get("/health").json()
    assert f"rskg_index_clauses {float(health['clauses'])}" in body
    assert f"rskg_graph_triples {float(health['triples'])}" in body
    assert "rskg_last_ingest_timestamp_seconds 1.7" in body  # a date in 2023-2027


def test_each_request_is_one_json_log_line(corpus_data_dir, caplog):
    with TestClient(create_app(Settings(data_dir=corpus_data_dir, reload_interval=0))) as app_client:
        logger = logging.getLogger("rskg.access")
        logger.addHandler(caplog.handler)
        try:
            app_client.get("/search", params={"q": "export control", "k": 2})
            app_client.get("/id/doc/no-such-document")
        finally:
            logger.removeHandler(caplog.handler)
    lines = [r.fields for r in caplog.records if r.name == "rskg.access"]
    assert [(line["route"], line["status"]) for line in lines][-2:] == [("/search", 200), ("/id/{rest:path}", 404)]
    assert all(isinstance(line["ms"], float) for line in lines)
    from api.observability import JsonLines

    assert json.loads(JsonLines().format(caplog.records[-1]))["status"] == 404


def test_heavy_requests_beyond_the_cap_get_503_with_retry_after(corpus_data_dir):
    settings = Settings(data_dir=corpus_data_dir, reload_interval=0, max_heavy_requests=1, sparql_timeout=3.0)
    with live_server(settings) as url:
        slow = threading.Thread(target=lambda: httpx.get(f"{url}/sparql", params={"query": CARTESIAN}, timeout=30))
        slow.start()
        time.sleep(0.5)
        try:
            busy = httpx.get(f"{url}/search", params={"q": "export control"}, timeout=10)
            health = httpx.get(f"{url}/health", timeout=10)  # light requests are never capped
        finally:
            slow.join()
        assert busy.status_code == 503 and busy.headers["retry-after"] == "2"
        assert "try again" in busy.json()["detail"]
        assert health.status_code == 200
        assert httpx.get(f"{url}/search", params={"q": "export control"}, timeout=10).status_code == 200


def test_bodies_over_the_limit_are_refused_declared_or_streamed(corpus_data_dir):
    with TestClient(create_app(Settings(data_dir=corpus_data_dir, reload_interval=0, max_body_kb=4))) as small:
        declared = small.post("/sparql", content=b"#" * 10_000, headers={"Content-Type": "application/sparql-query"})
        assert declared.status_code == 413 and "4 KiB" in declared.json()["detail"]

        def chunks():
            for _ in range(10):
                yield b"#" * 1000

        streamed = small.post("/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
        assert streamed.status_code == 413
        assert small.post("/sparql", data={"query": "ASK { ?s ?p ?o }"}).status_code == 200


def test_paths_cannot_leave_the_data_directory(client):
    for path in [
        "/dumps/..%2F..%2Fstate.json",
        "/dumps/../state.json",
        "/static/..%2F..%2Fingest%2Fsettings.py",
        "/id/doc/..%2F..%2F..%2Fetc%2Fpasswd/file",
        "/id/doc/%2E%2E/file",
    ]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert b"root:" not in response.content and b"BaseSettings" not in response.content


def test_two_server_processes_share_the_index_and_add_up_their_metrics(corpus_data_dir, tmp_path):
    env = {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "RSKG_RELOAD_INTERVAL": "0"}
    with served(corpus_data_dir, "--workers", "2", env=env, timeout=120) as (url, _), httpx.Client() as http:
        answers = [http.get(f"{url}/search", params={"q": "export control", "k": 1}, headers={"Connection": "close"}) for _ in range(20)]
        assert all(a.status_code == 200 for a in answers)
        assert len({a.json()["results"][0]["id"] for a in answers}) == 1
        metrics = http.get(f"{url}/metrics").text
        clauses = http.get(f"{url}/health").json()["clauses"]
    count = next(line for line in metrics.splitlines() if line.startswith('rskg_request_seconds_count{method="GET",route="/search"'))
    assert float(count.rsplit(" ", 1)[1]) == 20  # both processes' samples, added up
    # each process loaded the index and reports it (the kernel may hand all 20 connections to one of them)
    loaded = [line for line in metrics.splitlines() if line.startswith("rskg_index_clauses{pid=")]
    assert len(loaded) == 2 and {line.rsplit(" ", 1)[1] for line in loaded} == {str(float(clauses))}


def test_a_running_server_holds_every_library_to_one_thread_per_search(client):
    """onnxruntime, FAISS's OpenMP and BLAS each use RSKG_QUERY_THREADS (1) threads once the app has started."""
    import threading

    import faiss
    from threadpoolctl import threadpool_info

    from ingest import embed

    assert client.get("/health").status_code == 200
    seen = {}

    def search_in_a_new_thread():  # as the server's thread pool does
        client.app.state.resources.index.search("export control", 3)
        seen["omp"] = faiss.omp_get_max_threads()
        seen["pools"] = {(pool["internal_api"], pool["filepath"]): pool["num_threads"] for pool in threadpool_info()}

    thread = threading.Thread(target=search_in_a_new_thread)
    thread.start()
    thread.join()
    assert seen["omp"] == 1
    assert seen["pools"] and set(seen["pools"].values()) == {1}, seen["pools"]
    assert embed.load_encoder(1).session.get_session_options().intra_op_num_threads == 1
