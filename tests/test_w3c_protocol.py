"""The W3C SPARQL 1.1 Protocol tests, read from their manifest and sent to a real server.

Every query test must pass as the manifest says (status, result format, boolean); the endpoint is
read-only, so the first request of every update test must be refused with a 4xx."""

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from xml.dom import minidom

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.collection import Collection

from ingest.settings import Settings
from ingest.storage import current_state
from tests.liveserver import live_server

HERE = Path(__file__).parent / "fixtures" / "w3c-protocol"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = rdflib.Namespace("http://www.w3.org/2011/http-statusCodes#")
BOOLEAN_TYPES = ("application/sparql-results+json", "application/sparql-results+xml")
TABULAR_TYPES = (*BOOLEAN_TYPES, "text/csv", "text/tab-separated-values")
RDF_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml", "application/ld+json": "json-ld"}


@dataclass
class Step:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[int]  # acceptable status classes: 2, 3, 4
    result_format: str | None
    boolean: bool | None


@dataclass
class ProtocolTest:
    name: str
    title: str
    steps: list[Step]
    graphs: dict[str, Path]  # graph name -> N-Triples file

    @property
    def is_update(self) -> bool:
        return "update" in self.name


def read_manifest() -> list[ProtocolTest]:
    graph = rdflib.Graph().parse(HERE / "manifest.ttl", publicID="http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/")
    manifest = next(graph.subjects(MF.entries, None))
    tests = []
    for entry in Collection(graph, graph.value(manifest, MF.entries)):
        action = graph.value(entry, MF.action)
        steps = [_step(graph, request) for request in Collection(graph, graph.value(action, HT.requests))]
        graphs = {
            str(graph.value(data, rdflib.RDFS.label)): HERE / Path(str(graph.value(data, UT.graph))).name
            for data in graph.objects(entry, UT.graphData)
        }
        tests.append(ProtocolTest(str(entry).rpartition("#")[2], str(graph.value(entry, MF.name)), steps, graphs))
    return tests


def _step(graph: rdflib.Graph, request) -> Step:
    headers = {}
    for header in Collection(graph, graph.value(request, HT.headers)) if graph.value(request, HT.headers) else []:
        headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
    body = None
    if content := graph.value(request, HT.body):
        body = str(graph.value(content, CNT.chars)).encode(str(graph.value(content, CNT.characterEncoding) or "UTF-8"))
    response = graph.value(request, HT.resp)
    statuses = {int(str(code).rpartition("StatusCode")[2][0]) for code in graph.objects(response, MF.expectedStatus)}
    boolean = graph.value(response, MF.expectedBoolean)
    result_format = graph.value(response, MF.expectedFormat)
    return Step(
        method=str(graph.value(request, HT.methodName)),
        path=str(graph.value(request, HT.absolutePath)).replace("/sparql/", "/sparql", 1),
        headers=headers,
        body=body,
        statuses=statuses,
        result_format=str(result_format) if result_format else None,
        boolean=boolean.toPython() if boolean is not None else None,
    )


TESTS = read_manifest()


def test_the_manifest_holds_the_twenty_query_and_fourteen_update_tests():
    assert len([t for t in TESTS if not t.is_update]) == 20
    assert len([t for t in TESTS if t.is_update]) == 14


@pytest.fixture(scope="module")
def endpoint(corpus_data_dir, tmp_path_factory):
    """A server on a copy of the corpus whose graph also holds every data file the manifest names."""
    data_dir = tmp_path_factory.mktemp("w3c") / "data"
    shutil.copytree(corpus_data_dir, data_dir, symlinks=True)
    store = ox.Store(str(current_state(data_dir) / "graph"))
    for name, file in {name: file for test in TESTS for name, file in test.graphs.items()}.items():
        store.load(path=str(file), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
    store.flush()
    del store
    with live_server(Settings(data_dir=data_dir)) as url:
        yield url


@pytest.mark.parametrize("test", [t for t in TESTS if not t.is_update], ids=lambda t: t.name)
def test_query_tests_pass(endpoint, test: ProtocolTest):
    for step in test.steps:
        response = httpx.request(step.method, endpoint + step.path, headers=step.headers, content=step.body, timeout=30)
        assert response.status_code // 100 in step.statuses, f"{test.title}: {response.status_code} {response.text[:300]}"
        if step.result_format:
            _check_result(response, step)


@pytest.mark.parametrize("test", [t for t in TESTS if t.is_update], ids=lambda t: t.name)
def test_update_tests_are_refused_with_a_client_error(endpoint, test: ProtocolTest):
    step = test.steps[0]
    response = httpx.request(step.method, endpoint + step.path, headers=step.headers, content=step.body, timeout=30)
    assert 400 <= response.status_code < 500, f"{test.title}: {response.status_code}"
    assert response.headers["content-type"].startswith("application/json") and response.json()["detail"]


def _check_result(response: httpx.Response, step: Step) -> None:
    media = response.headers["content-type"].split(";")[0]
    if step.result_format == "RDF":
        assert media in RDF_TYPES, media
        assert len(rdflib.Graph().parse(data=response.text, format=RDF_TYPES[media])) >= 0
        return
    assert media in (BOOLEAN_TYPES if step.result_format == "boolean" else TABULAR_TYPES), media
    if step.result_format == "boolean" and step.boolean is not None:
        if media.endswith("json"):
            answer = json.loads(response.text)["boolean"]
        else:
            answer = minidom.parseString(response.text).getElementsByTagName("boolean")[0].firstChild.data == "true"
        assert answer is step.boolean
    if step.result_format == "tabular" and media.endswith("json"):
        assert "results" in json.loads(response.text)
