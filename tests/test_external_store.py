"""The graph in an external SPARQL store: a real Oxigraph server (the `oxigraph` CLI from PyPI) on loopback."""

import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.query_page import examples
from ingest.errors import RskgError
from ingest.pipeline import ingest, publish_external
from ingest.settings import Settings
from tests.conftest import CORPUS
from tests.liveserver import free_port

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    assert binary, "the oxigraph server comes with the test install (pip install oxigraph)"
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise RuntimeError(f"oxigraph did not start: {process.stderr.read().decode()[-500:]}")
        time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def external_settings(oxigraph_server, tmp_path_factory) -> Settings:
    """A data directory ingested with the external store configured: the ingest publishes to it."""
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("external-data"),
        store_query_url=f"{oxigraph_server}/query",
        store_gsp_url=f"{oxigraph_server}/store",
        reload_interval=0,
    )
    report = ingest([CORPUS], settings)
    assert report.published == settings.store_gsp_url and report.external_error is None
    return settings


def test_the_ingest_publishes_every_triple_to_the_external_store(external_settings, oxigraph_server, client):
    count = httpx.post(
        f"{oxigraph_server}/query",
        data={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
    ).json()["results"]["bindings"][0]["n"]["value"]
    assert int(count) == client.get("/health").json()["triples"]


def test_competency_answers_and_search_are_the_same_as_the_embedded_stores(external_settings, client):
    with TestClient(create_app(external_settings)) as external:
        for example in examples():
            local = client.post("/sparql", data={"query": example.query}).json()
            remote = external.post("/sparql", data={"query": example.query}).json()
            assert remote["head"] == local["head"], example.name
            assert _rows(remote) == _rows(local), example.name
        construct = "CONSTRUCT { ?p skos:prefLabel ?l } WHERE { ?p a rskg:Principle ; skos:prefLabel ?l }"
        assert external.get("/sparql", params={"query": construct}).text == client.get("/sparql", params={"query": construct}).text
        for question in ["which guidance covers export control in teaching", "screening of staff", "what is research security"]:
            assert external.get("/search", params={"q": question}).json() == client.get("/search", params={"q": question}).json()


def test_the_endpoints_safety_holds_in_front_of_the_external_store(external_settings):
    with TestClient(create_app(external_settings)) as external:
        assert external.get("/sparql", params={"query": "DROP ALL"}).status_code == 403
        bad = external.get("/sparql", params={"query": "SELECT ?x WHERE { ?x a }"})
        assert bad.status_code == 400 and "external store" in bad.json()["detail"]


def test_a_store_that_is_down_is_reported_and_the_local_index_still_published(tmp_path):
    dead = f"http://127.0.0.1:{free_port()}"
    settings = Settings(data_dir=tmp_path / "data", store_gsp_url=f"{dead}/store", store_query_url=f"{dead}/query", reload_interval=0)
    report = ingest([CORPUS / "000_1ca7f78fd2aefb61.txt"], settings)
    assert report.state is not None and report.external_error is not None
    assert "is the store running" in str(report.external_error)
    with pytest.raises(RskgError, match="is the store running"):
        publish_external(settings)
    with TestClient(create_app(settings)) as app_client:
        response = app_client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert response.status_code == 502 and "did not answer" in response.json()["detail"]


def _rows(results: dict) -> list:
    """Bindings in order, blank node labels aside (each store names its own)."""
    return [{k: v for k, v in row.items() if v.get("type") != "bnode"} for row in results["results"]["bindings"]]
