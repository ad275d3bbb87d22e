"""SPARQL queries run in worker processes, so a query past its time limit can really be stopped.

Oxigraph evaluates a query in native code that a Python thread cannot interrupt. Each worker
process opens the graph read-only and runs one query at a time; the server waits for the
answer up to the time limit and, past it, kills the worker (which stops the work at once) and
starts a fresh one. Other requests, /health among them, never wait on a query.
"""

import json
import logging
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

log = logging.getLogger("rskg")

# What a result can be written as: media type -> pyoxigraph format name, by kind of result.
SOLUTION_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/sparql-results+xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/ld+json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
}


@dataclass
class Request:
    state: str  # the state folder whose graph to query
    query: str
    solution_type: str  # the media type for SELECT/ASK results
    graph_type: str  # the media type for CONSTRUCT/DESCRIBE results
    max_rows: int
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    external_url: str | None = None  # an external store's query endpoint to ask instead of the state's graph
    returns_graph: bool = False  # CONSTRUCT or DESCRIBE (what to ask the external store for)
    timeout: float = 10.0
    base_iri: str | None = None


@dataclass
class Answer:
    status: int  # an HTTP status: 200, or 400 for a query the store refused
    body: bytes
    media_type: str
    rows: int = 0
    truncated: bool = False


class QueryTimeout(Exception):
    pass


class PoolBusy(Exception):
    pass


class WorkerDied(Exception):
    pass


class QueryOutOfMemory(Exception):
    """The worker ran out of the memory it may allocate (its allocator aborted it)."""


class QueryPool:
    """``size`` worker processes; ``run`` gives a request to an idle one and waits at most ``timeout`` seconds."""

    def __init__(self, size: int, timeout: float, max_memory_mb: int = 1024, *, offline: bool = True):
        self.timeout = timeout
        self.max_memory_mb = max_memory_mb
        self.offline = offline  # workers without network: nothing a query asks for can leave the host
        self._idle: queue.Queue = queue.Queue()
        self._closed = False
        for _ in range(size):
            self._idle.put(self._start())

    def run(self, request: Request) -> Answer:
        deadline = time.monotonic() + self.timeout
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise PoolBusy from None
        try:
            answer = worker.ask(request, max(0.0, deadline - time.monotonic()))
        except QueryTimeout:
            self._replace(worker)
            raise
        except (EOFError, OSError) as exc:
            self._replace(worker)
            if worker.process.returncode == -signal.SIGABRT:  # an allocation over RLIMIT_DATA aborts the worker
                log.warning("a SPARQL query went past the %d MiB memory limit; its worker was replaced", self.max_memory_mb)
                raise QueryOutOfMemory from exc
            log.error("a SPARQL worker died (%s); starting another", exc)
            raise WorkerDied from exc
        self._idle.put(worker)
        return answer

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                return

    def _replace(self, worker: "_Worker") -> None:
        worker.kill()
        if not self._closed:
            # start the new process off the request's thread: the caller answers at once
            threading.Thread(target=lambda: self._idle.put(self._start()), daemon=True).start()

    def _start(self) -> "_Worker":
        return _Worker(self.max_memory_mb, self.offline)


class _Worker:
    """One worker: ``python -m api.sparql_pool`` talking over a pair of pipes.

    A plain subprocess rather than multiprocessing's spawn, which re-imports the parent's main
    script and so breaks any program that creates the app at import time."""

    def __init__(self, max_memory_mb: int, offline: bool):
        to_child, from_parent = os.pipe()
        to_parent, from_child = os.pipe()
        mode = "offline" if offline else "online"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "api.sparql_pool", str(to_child), str(from_child), str(max_memory_mb), mode],
            pass_fds=(to_child, from_child),
            stdin=subprocess.DEVNULL,
        )
        os.close(to_child)
        os.close(from_child)
        self.requests = Connection(from_parent, readable=False)
        self.answers = Connection(to_parent, writable=False)

    def ask(self, request: Request, timeout: float) -> Answer:
        self.requests.send(request)
        if not self.answers.poll(timeout):
            raise QueryTimeout
        return self.answers.recv()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=5)
        self._close()

    def stop(self) -> None:
        try:
            self.requests.send(None)
            self.process.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait(timeout=5)
        self._close()

    def _close(self) -> None:
        self.requests.close()
        self.answers.close()


def serve(requests: Connection, answers: Connection) -> None:
    """A worker's loop: answer requests until told to stop (``None``), killed, or orphaned."""
    import pyoxigraph as ox

    stores: dict[str, ox.Store] = {}
    while True:
        try:
            request = requests.recv()
        except EOFError:
            return
        if request is None:
            return
        try:
            if request.external_url:
                answers.send(execute_external(request))
                continue
            store = stores.get(request.state)
            if store is None:
                stores.clear()  # a new state was published: let the old one go
                store = stores[request.state] = ox.Store.read_only(str(Path(request.state) / "graph"))
            answers.send(execute(store, request))
        except OSError as exc:  # met while the results are read: a SERVICE call with no network, a read error
            answers.send(Answer(400, f"SPARQL evaluation failed: {exc}".encode(), "text/plain"))
        except Exception as exc:  # anything else is a bug; tell the server rather than die silently
            log.exception("SPARQL worker failed")
            answers.send(Answer(500, f"the query failed inside the server: {exc}".encode(), "text/plain"))


def execute(store, request: Request) -> Answer:
    import pyoxigraph as ox

    from ontology import namespace as ns

    try:
        results = store.query(
            request.query,
            base_iri=request.base_iri,
            prefixes=ns.PREFIXES,
            default_graph=[ox.NamedNode(g) for g in request.default_graphs] or None,
            named_graphs=[ox.NamedNode(g) for g in request.named_graphs] or None,
        )
    except (SyntaxError, ValueError) as exc:
        return Answer(400, f"SPARQL syntax error: {exc}".encode(), "text/plain")
    except OSError as exc:
        return Answer(400, f"SPARQL evaluation failed: {exc}".encode(), "text/plain")

    if isinstance(results, ox.QueryBoolean):
        media = request.solution_type
        return Answer(200, results.serialize(format=getattr(ox.QueryResultsFormat, SOLUTION_TYPES[media])), media, rows=1)
    if isinstance(results, ox.QuerySolutions):
        return _solutions(results, request)
    return _triples(results, request)


def execute_external(request: Request) -> Answer:
    """Ask the external store, then cap and write the answer as for the embedded one."""
    import pyoxigraph as ox

    from ingest import external

    accept = "application/n-triples" if request.returns_graph else "application/sparql-results+json"
    try:
        response = external.query(
            request.external_url,
            request.query,
            accept,
            timeout=request.timeout + 1,
            default_graphs=request.default_graphs,
            named_graphs=request.named_graphs,
        )
    except external.ExternalStoreError as exc:
        return Answer(502, str(exc).encode(), "text/plain")
    if response.status_code == 400:
        return Answer(400, f"SPARQL syntax error (from the external store): {response.text[:1000]}".encode(), "text/plain")
    if response.status_code != 200:
        return Answer(502, f"the external store answered {response.status_code}: {response.text[:500]}".encode(), "text/plain")
    if request.returns_graph:
        return _triples((quad.triple for quad in ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)), request)
    results = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
    if isinstance(results, ox.QueryBoolean):
        media = request.solution_type
        return Answer(200, results.serialize(format=getattr(ox.QueryResultsFormat, SOLUTION_TYPES[media])), media, rows=1)
    return _solutions(results, request)


def _solutions(results, request: Request) -> Answer:
    import pyoxigraph as ox

    from ingest.graph import term_json

    names = [v.value for v in results.variables]
    bindings, truncated = [], False
    for solution in results:
        if len(bindings) == request.max_rows:
            truncated = True
            break
        bindings.append({name: term_json(term) for name in names if (term := solution[name]) is not None})
    body = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
    media = request.solution_type
    if SOLUTION_TYPES[media] != "JSON":  # pyoxigraph's own writers, from the capped rows
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        body = parsed.serialize(format=getattr(ox.QueryResultsFormat, SOLUTION_TYPES[media]))
    return Answer(200, body, media, rows=len(bindings), truncated=truncated)


def _triples(results, request: Request) -> Answer:
    import pyoxigraph as ox

    from ontology import namespace as ns

    triples, truncated = [], False
    for triple in results:
        if len(triples) == request.max_rows:
            truncated = True
            break
        triples.append(triple)
    media = request.graph_type
    if media == "application/ld+json":
        from ontology import jsonld

        return Answer(200, jsonld.serialize(triples), media, rows=len(triples), truncated=truncated)
    rdf_format = getattr(ox.RdfFormat, GRAPH_TYPES[media])
    prefixes = ns.PREFIXES if rdf_format in {ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML} else None
    body = ox.serialize(triples, format=rdf_format, prefixes=prefixes)
    return Answer(200, body, media, rows=len(triples), truncated=truncated)


def limit_memory(max_memory_mb: int) -> None:
    """Let the kernel refuse this process more than ``max_memory_mb`` of data (heap and anonymous
    maps: what a query's joins, sorts and aggregates allocate). Oxigraph's allocator aborts when
    refused, which the server reads as a query out of memory."""
    import resource

    limit = max_memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000


def leave_network() -> bool:
    """Move this process into a network namespace of its own, where no interface is up: no
    connection can be opened from it, whatever a query asks (SERVICE, or anything a future store
    might fetch). Root can do so directly; another user does it inside a user namespace of its
    own. Where the kernel allows neither, the query guard alone refuses SERVICE, and we say so."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for flags in (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET):
        if libc.unshare(flags) == 0:
            return True
    error = os.strerror(ctypes.get_errno())
    log.warning("SPARQL workers could not leave the network (%s); SERVICE is refused by the query guard alone", error)
    return False


if __name__ == "__main__":
    from api import sparql_pool  # this module by its name, so the answers it pickles unpickle in the server

    if sys.argv[4] == "offline":
        sparql_pool.leave_network()
    sparql_pool.limit_memory(int(sys.argv[3]))
    sparql_pool.serve(Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False))
