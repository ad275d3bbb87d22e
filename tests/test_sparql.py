"""The SPARQL endpoint, driven by the clients analysts use: SPARQLWrapper, rdflib's SPARQLStore, plain HTTP."""

import csv
import io
import json
import socket
import threading
import time
from contextlib import contextmanager
from urllib.parse import quote
from xml.dom import minidom

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from fastapi.testclient import TestClient

from api.app import create_app
from api.query_page import examples
from ingest.settings import Settings
from tests.conftest import sparql_rows
from tests.liveserver import live_server

VALUES = "SELECT ?value ?label WHERE { ?value a rskg:Value ; skos:prefLabel ?label } ORDER BY ?label"
CONSTRUCT = "CONSTRUCT { ?p skos:prefLabel ?label } WHERE { ?p a rskg:Principle ; skos:prefLabel ?label }"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SOLUTION_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld", "application/rdf+xml": "xml"}


@pytest.fixture(scope="module")
def server(corpus_data_dir):
    """A real uvicorn server on the corpus, with a 2 s query limit so the timeout test is quick."""
    with live_server(Settings(data_dir=corpus_data_dir, sparql_timeout=2.0)) as url:
        yield url


@pytest.fixture(scope="module")
def values(store) -> list[str]:
    return [row["label"] for row in sparql_rows(store, VALUES)]


# --- clients ---------------------------------------------------------------


def test_sparqlwrapper_reads_select_results_in_every_format(server, values):
    from SPARQLWrapper import CSV, JSON, TSV, XML, SPARQLWrapper

    endpoint = SPARQLWrapper(f"{server}/sparql")
    endpoint.setQuery(VALUES)
    endpoint.setReturnFormat(JSON)
    assert [b["label"]["value"] for b in endpoint.query().convert()["results"]["bindings"]] == values
    endpoint.setReturnFormat(XML)
    document = endpoint.query().convert()
    assert isinstance(document, minidom.Document)
    assert [n.firstChild.data for n in document.getElementsByTagName("literal")] == values
    endpoint.setReturnFormat(CSV)
    assert [row["label"] for row in csv.DictReader(io.StringIO(endpoint.query().convert().decode()))] == values
    endpoint.setReturnFormat(TSV)
    rows = endpoint.query().convert().decode().splitlines()
    assert rows[0] == "?value\t?label" and len(rows) == len(values) + 1


def test_sparqlwrapper_reads_construct_and_ask(server):
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    endpoint = SPARQLWrapper(f"{server}/sparql")
    endpoint.setQuery(CONSTRUCT)
    endpoint.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=endpoint.query().convert(), format="turtle")
    assert len(graph) == 8  # the G7's eight principles, one label each
    endpoint.setQuery("ASK { ?x a rskg:RiskVector }")
    endpoint.setReturnFormat(JSON)
    assert endpoint.query().convert()["boolean"] is True


def test_rdflib_sparqlstore_queries_the_endpoint(server, values):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = rdflib.Graph(store=SPARQLStore(f"{server}/sparql"))
    prologue = "PREFIX rskg: <https://w3id.org/rskg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    assert [str(row.label) for row in graph.query(prologue + VALUES)] == values
    constructed = graph.query(prologue + CONSTRUCT).graph
    assert len(constructed) == 8


@pytest.mark.parametrize("media", list(SOLUTION_FORMATS))
def test_plain_http_select_in_each_result_format(server, values, media):
    response = httpx.get(f"{server}/sparql", params={"query": VALUES}, headers={"Accept": media})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    if media == "text/csv":  # lossy by design, so pyoxigraph will not read it back; the csv module does
        assert [row["label"] for row in csv.DictReader(io.StringIO(response.text))] == values
    else:
        parsed = ox.parse_query_results(response.content, format=SOLUTION_FORMATS[media])
        assert [s["label"].value for s in parsed] == values


@pytest.mark.parametrize("media", list(GRAPH_FORMATS))
def test_plain_http_construct_in_each_graph_format(server, media):
    response = httpx.post(f"{server}/sparql", content=CONSTRUCT, headers={"Content-Type": "application/sparql-query", "Accept": media})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    graph = rdflib.Graph().parse(data=response.content, format=GRAPH_FORMATS[media])
    labels = {str(o) for o in graph.objects(None, rdflib.SKOS.prefLabel)}
    assert len(labels) == 8 and "Risk Proportionality" in labels


def test_get_form_post_and_direct_post_give_the_same_answer(server):
    get = httpx.get(f"{server}/sparql", params={"query": VALUES})
    form = httpx.post(f"{server}/sparql", data={"query": VALUES})
    direct = httpx.post(f"{server}/sparql", content=VALUES.encode(), headers={"Content-Type": "application/sparql-query"})
    assert get.status_code == form.status_code == direct.status_code == 200
    assert get.json() == form.json() == direct.json()
    assert get.headers["x-sparql-results"] == str(len(get.json()["results"]["bindings"])) and len(get.json()["results"]["bindings"]) >= 7


def test_the_dataset_parameters_choose_the_graphs(client):
    ask = "ASK { ?s ?p ?o }"
    assert client.get("/sparql", params={"query": ask}).json()["boolean"] is True
    elsewhere = client.get("/sparql", params={"query": ask, "default-graph-uri": "https://example.org/no-such-graph"})
    assert elsewhere.json()["boolean"] is False
    named = client.post("/sparql", data={"query": "ASK { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": "https://example.org/g"})
    assert named.json()["boolean"] is False


def test_the_competency_queries_of_the_gallery_all_run(client):
    gallery = examples()
    assert len(gallery) == 15
    for example in gallery:
        response = client.post("/sparql", data={"query": example.query})
        assert response.status_code == 200, (example.name, response.text)
        assert response.json()["results"]["bindings"], example.name


# --- the service description and the query page ------------------------------


def test_get_without_a_query_describes_the_service(client):
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = graph.value(None, rdflib.RDF.type, sd.Service)
    assert str(graph.value(service, sd.endpoint)).endswith("/sparql")
    assert len(list(graph.objects(service, sd.resultFormat))) == 8
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph


def test_a_browser_gets_the_query_page_with_local_scripts_and_the_examples(client):
    page = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<script src="/static/yasgui/yasgui.min.js">' in page.text
    assert "://" not in "".join(part.split('"')[1] for part in page.text.split("src=")[1:])  # no script from elsewhere
    for example in examples():
        assert example.question.replace("'", "&#x27;") in page.text
    script = client.get("/static/yasgui/yasgui.min.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"] and len(script.content) > 500_000
    assert client.get("/sparql", headers={"Accept": "*/*"}).headers["content-type"].startswith("text/turtle")  # curl gets data


# --- safe by default ----------------------------------------------------------


def test_updates_are_refused_as_read_only(client):
    for response in [
        client.get("/sparql", params={"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}),
        client.post("/sparql", data={"update": "DELETE WHERE { ?s ?p ?o }"}),
        client.post("/sparql", content=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"}),
    ]:
        assert response.status_code == 403
        assert "read-only" in response.json()["detail"]
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_service_is_refused_and_no_connection_is_made(client):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(1.0)
    port = listener.getsockname()[1]
    try:
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        response = client.get("/sparql", params={"query": query})
        assert response.status_code == 403
        assert "SERVICE" in response.json()["detail"] and f"127.0.0.1:{port}" in response.json()["detail"]
        with pytest.raises(TimeoutError):
            listener.accept()
    finally:
        listener.close()


@contextmanager
def loopback_listener():
    """A listening socket on loopback; yields (port, a function that says whether anything connected)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(1.0)

    def connected() -> bool:
        try:
            listener.accept()[0].close()
            return True
        except TimeoutError:
            return False

    try:
        yield listener.getsockname()[1], connected
    finally:
        listener.close()


SMUGGLED = [  # ways to hide SERVICE from a reader that does not read the query as the grammar does
    "SELECT * WHERE {{ BIND(<http://x/\\u0041#> AS ?z) SERVICE <http://127.0.0.1:{port}/x> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <http://127.0.0.1:{port}/x> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ SERVICE <http\\u003A//127.0.0.1:{port}/x> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/x> {{ ?a ?b ?c }} }}",
    "PREFIX loop: <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE loop:x {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ {{ {{ OPTIONAL {{ SERVICE <http://127.0.0.1:{port}/x> {{ ?a ?b ?c }} }} }} }} }}",
    "SELECT * WHERE {{ ?s ?p '#' . SERVICE <http://127.0.0.1:{port}/x> {{ ?a ?b ?c }} }}",
    'SELECT * WHERE {{ ?s ?p """a"b""" . SERVICE\n<http://127.0.0.1:{port}/x> {{ ?a ?b ?c }} }}',
    "SELECT * WHERE {{ BIND(<http://127.0.0.1:{port}/x> AS ?e) SERVICE ?e {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ sErViCe <http://127.0.0.1:{port}/x> {{ ?a ?b ?c }} }} # SERVICE",
]


@pytest.mark.parametrize("template", SMUGGLED, ids=range(len(SMUGGLED)))
def test_service_smuggled_past_a_naive_reader_is_refused_and_nothing_connects(client, template):
    with loopback_listener() as (port, connected):
        response = client.get("/sparql", params={"query": template.format(port=port)})
        assert response.status_code == 403, response.text
        assert not connected()


def test_query_workers_have_no_network_whatever_the_query_asks(corpus_data_dir):
    """The second layer, by construction: a SERVICE call that reached a worker (the guard bypassed
    here on purpose) finds no network. The same call from a worker with network does connect."""
    from api.sparql_pool import QueryPool, Request
    from ingest.storage import current_state

    state = str(current_state(corpus_data_dir))

    def ask(pool: QueryPool, port: int):
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        return pool.run(
            Request(
                state=state,
                query=query,
                solution_type="application/sparql-results+json",
                graph_type="text/turtle",
                max_rows=10,
                external_url=None,
                timeout=5,
            )
        )

    offline, online = QueryPool(1, 5.0, offline=True), QueryPool(1, 5.0, offline=False)
    try:
        with loopback_listener() as (port, connected):
            answer = ask(offline, port)
            assert answer.status >= 400 and not connected()
        with loopback_listener() as (port, connected):
            threading.Thread(target=ask, args=(online, port), daemon=True).start()
            assert connected(), "the control: a worker with network reaches the listener"
    finally:
        offline.close()
        online.close()


def test_service_as_a_word_in_a_string_or_a_name_is_not_a_service_call(client):
    query = 'SELECT ?x WHERE { VALUES ?x { "SERVICE <http://127.0.0.1:1/>" } ?service a rskg:Value } LIMIT 1'
    assert client.get("/sparql", params={"query": query}).status_code == 200


def test_a_query_over_the_size_limit_is_refused(client):
    query = "SELECT * WHERE { ?s ?p ?o } # " + "x" * (1024 * 1024)
    response = client.post("/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413
    assert "100 KiB" in response.json()["detail"]


def test_a_malformed_query_gets_400_with_the_parsers_message(client):
    response = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x a }"})
    assert response.status_code == 400
    assert "SPARQL syntax error" in response.json()["detail"] and "1:25" in response.json()["detail"]  # where, and what was expected


def test_an_unacceptable_format_gets_406_listing_the_formats(client):
    response = client.get("/sparql", params={"query": VALUES}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/csv" in response.json()["detail"]


def test_answers_over_the_row_cap_are_cut_and_flagged(corpus_data_dir):
    with TestClient(create_app(Settings(data_dir=corpus_data_dir, sparql_max_rows=5, reload_interval=0))) as capped:
        response = capped.get("/sparql", params={"query": "SELECT ?c WHERE { ?c a rskg:Clause }"})
        assert response.status_code == 200
        assert len(response.json()["results"]["bindings"]) == 5
        assert response.headers["x-sparql-truncated"] == "true; limit=5"
        small = capped.get("/sparql", params={"query": VALUES.replace("ORDER BY ?label", "LIMIT 3")})
        assert "x-sparql-truncated" not in small.headers


def test_a_query_past_the_time_limit_is_stopped_while_the_server_keeps_answering(server):
    health_times, done = [], threading.Event()

    def poll_health() -> None:
        while not done.is_set():
            started = time.monotonic()
            assert httpx.get(f"{server}/health", timeout=5).status_code == 200
            health_times.append(time.monotonic() - started)
            time.sleep(0.1)

    poller = threading.Thread(target=poll_health)
    poller.start()
    started = time.monotonic()
    try:
        response = httpx.get(f"{server}/sparql", params={"query": CARTESIAN}, timeout=30)
    finally:
        elapsed = time.monotonic() - started
        done.set()
        poller.join()
    assert response.status_code == 503
    assert "2 s limit" in response.json()["detail"]
    assert elapsed < 2 + 2
    assert len(health_times) >= 5 and max(health_times) < 1.0
    after = httpx.get(f"{server}/sparql", params={"query": VALUES}, timeout=10)  # a fresh worker took over
    assert after.status_code == 200


@pytest.mark.parametrize(
    "runaway",
    [
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f ?c LIMIT 1",  # a sort over a cross join
        "SELECT (GROUP_CONCAT(STR(?c)) AS ?all) WHERE { ?a ?b ?c . ?d ?e ?f }",  # one string as long as the cross join
    ],
    ids=["order-by-cross-join", "group-concat-cross-join"],
)
def test_a_query_past_the_memory_limit_is_stopped_and_its_worker_replaced(corpus_data_dir, runaway):
    with live_server(Settings(data_dir=corpus_data_dir, sparql_timeout=60.0, sparql_max_memory_mb=256, sparql_workers=1)) as url:
        started = time.monotonic()
        response = httpx.get(f"{url}/sparql", params={"query": runaway}, timeout=90)
        assert response.status_code == 503, response.text
        assert "more than the 256 MiB a query may use" in response.json()["detail"]
        assert time.monotonic() - started < 60, "stopped by the memory limit, not the time limit"
        deadline = time.monotonic() + 30
        while (after := httpx.get(f"{url}/sparql", params={"query": VALUES}, timeout=30)).status_code == 503:
            assert time.monotonic() < deadline, "no fresh worker took over"  # it is started off the request's thread
            time.sleep(0.2)
        assert after.status_code == 200


def test_cors_is_off_by_default_and_configurable(client, corpus_data_dir):
    origin = {"Origin": "https://notebooks.example.org"}
    assert "access-control-allow-origin" not in client.get("/sparql", params={"query": VALUES}, headers=origin).headers
    settings = Settings(data_dir=corpus_data_dir, cors_origins=["https://notebooks.example.org"], reload_interval=0)
    with TestClient(create_app(settings)) as open_client:
        response = open_client.get("/sparql", params={"query": VALUES}, headers=origin)
        assert response.headers["access-control-allow-origin"] == "https://notebooks.example.org"


# --- dumps and the dataset description -----------------------------------------


@pytest.mark.parametrize("name,rdf_format", [("rskg.ttl", "turtle"), ("rskg.nt", "nt"), ("rskg.jsonld", "json-ld")])
def test_each_dump_holds_the_whole_graph(client, name, rdf_format):
    response = client.get(f"/dumps/{name}")
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.content, format=rdf_format)
    assert len(graph) == client.get("/health").json()["triples"]


def test_json_ld_is_compact_with_rskgs_context_and_the_same_graph(client):
    """The dump, a CONSTRUCT and a page's twin: prefixed keys under one @context, read back to the very triples."""
    from rdflib.compare import isomorphic

    construct = "CONSTRUCT { ?c ?p ?o } WHERE { ?c a skos:Concept ; ?p ?o } LIMIT 200"
    concept = client.get("/sparql", params={"query": "SELECT ?c WHERE { ?c a rskg:Principle } LIMIT 1"}).json()
    uri = concept["results"]["bindings"][0]["c"]["value"]
    as_jsonld = {
        "dump": (client.get("/dumps/rskg.jsonld"), client.get("/dumps/rskg.nt")),
        "construct": tuple(client.get("/sparql", params={"query": construct}, headers={"Accept": a}) for a in (LD, NT)),
        "twin": tuple(client.get(uri.removeprefix("https://w3id.org/rskg"), headers={"Accept": a}) for a in (LD, NT)),
    }
    for what, (compact, ntriples) in as_jsonld.items():
        document = compact.json()
        assert document["@context"]["skos"] == "http://www.w3.org/2004/02/skos/core#", what
        node = next(n for n in document["@graph"] if "skos:prefLabel" in n)
        assert node["@id"].startswith("id:") and node["@type"], (what, node)
        expected = rdflib.Graph().parse(data=ntriples.text, format="nt")
        assert isomorphic(rdflib.Graph().parse(data=compact.text, format="json-ld"), expected), what


LD, NT = "application/ld+json", "application/n-triples"


def test_the_void_description_counts_the_triples_and_names_the_sources(client):
    response = client.get("/void", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    dataset = graph.value(None, rdflib.RDF.type, void.Dataset)
    assert int(graph.value(dataset, void.triples)) == client.get("/health").json()["triples"]
    assert len(list(graph.objects(dataset, rdflib.DCTERMS.source))) == 5
    assert len(list(graph.objects(dataset, void.dataDump))) == 3
    assert graph.value(dataset, rdflib.DCTERMS.modified) is not None
    as_json = client.get("/void", headers={"Accept": "application/ld+json"})
    assert as_json.status_code == 200 and json.loads(as_json.text)


def test_a_worker_that_dies_is_replaced(corpus_data_dir):
    with TestClient(create_app(Settings(data_dir=corpus_data_dir, sparql_workers=1, reload_interval=0))) as one:
        assert one.get("/sparql", params={"query": VALUES}).status_code == 200
        worker = one.app.state.sparql_pool._idle.queue[0]
        worker.process.kill()
        worker.process.wait()
        failed = one.get("/sparql", params={"query": VALUES})
        assert failed.status_code == 500 and "try again" in failed.json()["detail"]
        deadline = time.monotonic() + 30
        while (answer := one.get("/sparql", params={"query": VALUES})).status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert answer.status_code == 200


def test_an_app_made_in_a_script_without_a_main_guard_answers_sparql(corpus_data_dir, tmp_path):
    """Query workers are plain subprocesses: nothing re-runs the main script, as multiprocessing's spawn would."""
    import subprocess
    import sys

    script = tmp_path / "notebook_like.py"
    script.write_text(
        "from pathlib import Path\n"
        "from fastapi.testclient import TestClient\n"
        "from api.app import create_app\n"
        "from ingest.settings import Settings\n"
        f"with TestClient(create_app(Settings(data_dir=Path({str(corpus_data_dir)!r}), reload_interval=0))) as c:\n"
        "    print(c.get('/sparql', params={'query': 'ASK { ?s ?p ?o }'}).json()['boolean'])\n"
    )
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "True", result.stderr[-2000:]


# --- protocol corner cases (W3C SPARQL 1.1 protocol tests and spec) ------------------------------


def test_relative_iris_resolve_against_the_endpoint(client):
    response = client.get("/sparql", params={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"}, headers={"Accept": "application/n-triples"})
    assert response.status_code == 200, response.text
    assert "<http://testserver/s> <http://testserver/p>" in response.text


def test_more_than_one_query_is_a_bad_request(client):
    assert client.get("/sparql?query=ASK%20%7B%7D&query=ASK%20%7B%7D").status_code == 400
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert client.post("/sparql", content="query=ASK%20%7B%7D&query=ASK%20%7B%7D", headers=form).status_code == 400
    direct = {"Content-Type": "application/sparql-query"}
    assert client.post("/sparql?query=ASK%20%7B%7D", content="ASK {}", headers=direct).status_code == 400


def test_an_update_sent_by_get_is_refused(client):
    response = client.get("/sparql", params={"update": "CLEAR ALL"})
    assert response.status_code == 403 and "read-only" in response.json()["detail"]


def test_a_form_in_another_charset_is_read_in_it(client):
    body = "query=" + quote('SELECT ?x WHERE { BIND("café" AS ?x) }', encoding="iso-8859-1")
    response = client.post(
        "/sparql",
        content=body,
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=ISO-8859-1", "Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"][0]["x"]["value"] == "café"


def test_a_direct_query_not_in_utf8_is_refused_not_garbled(client):
    query = 'SELECT ?x WHERE { BIND("café" AS ?x) }'
    for charset, body in (("ISO-8859-1", query.encode("iso-8859-1")), ("UTF-16", query.encode("utf-16"))):
        response = client.post("/sparql", content=body, headers={"Content-Type": f"application/sparql-query; charset={charset}"})
        assert response.status_code == 415 and "UTF-8 only" in response.json()["detail"]
    undeclared = client.post("/sparql", content=query.encode("iso-8859-1"), headers={"Content-Type": "application/sparql-query"})
    assert undeclared.status_code == 400 and "not valid utf-8" in undeclared.json()["detail"]


def test_groups_nested_thousands_deep_are_a_bad_request_not_a_crash(client):
    query = "SELECT * WHERE " + "{" * 5000 + "?s ?p ?o" + "}" * 5000
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 400 and "nests groups 5000 deep" in response.json()["detail"]
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_a_refused_accept_header_is_not_echoed_whole(client):
    accept = "application/x-nothing-" + "x" * 8000
    response = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": accept})
    assert response.status_code == 406 and len(response.text) < 1000


def test_sparqlwrapper_asking_for_json_ld_gets_it_unmodified(server):
    from SPARQLWrapper import JSONLD, SPARQLWrapper

    endpoint = SPARQLWrapper(f"{server}/sparql")
    endpoint.setQuery(CONSTRUCT)
    endpoint.setReturnFormat(JSONLD)  # sends format=json-ld&format=application/ld+json,...&output=json-ld
    graph = endpoint.query().convert()
    assert len(graph) > 0
    assert any("prefLabel" in str(p) for _, p, _ in graph)
