"""SPARQL latency: rskg's HTTP endpoint against raw pyoxigraph and rdflib's in-memory store.

    python -m bench.sparql [--triples 1000000] [--workdir /tmp/rskg-bench-sparql] [--rdflib-timeout 60]

Ingests the bundled corpus, then grows its graph to about ``--triples`` triples by copying every
instance (clauses, concepts, links, documents) under new URIs, so the synthetic graph has the
shape of the real one. A real ``rskg serve`` answers the 15 competency queries over HTTP (JSON
results); the same queries run on the same store directly with pyoxigraph (query and JSON
serialisation, what any endpoint must do) and on rdflib's in-memory store. Prints the median
of each, per query, and the ratios. ``--triples 0`` measures the bundled corpus as it is.
"""

import argparse
import json
import multiprocessing
import shutil
import statistics
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

from api.query_page import examples
from ingest.pipeline import ingest
from ingest.settings import PROJECT_ROOT, Settings
from ingest.storage import current_state
from ontology import namespace as ns
from tests.liveserver import served

REPEATS = 5


def synthetic_state(base: Path, data_dir: Path, triples: int) -> Path:
    """A published state whose graph holds the base graph's instances copied until about ``triples``."""
    source = ox.Store.read_only(str(base / "graph"))
    quads = list(source.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    copies = max(1, round(triples / len(quads))) if triples else 1
    state = data_dir / "states" / f"synthetic-{copies}"
    shutil.rmtree(data_dir, ignore_errors=True)
    state.mkdir(parents=True)
    store = ox.Store(str(state / "graph"))
    for copy in range(copies):
        store.bulk_extend(_renamed(q, copy) for q in quads)
    store.flush()
    count = len(store)
    del store
    shutil.copytree(base / "index", state / "index")
    info = json.loads((base / "state.json").read_text())
    (state / "state.json").write_text(json.dumps({**info, "triples": count, "copies": copies}))
    (data_dir / "current").symlink_to(state.relative_to(data_dir))
    return state


def _renamed(quad: ox.Quad, copy: int) -> ox.Quad:
    def term(t):
        if copy and isinstance(t, ox.NamedNode) and t.value.startswith(ns.ID):
            return ox.NamedNode(f"{ns.ID}copy{copy}/{t.value[len(ns.ID) :]}")
        return t

    return ox.Quad(term(quad.subject), quad.predicate, term(quad.object))


def time_raw(store: ox.Store, query: str) -> float:
    started = time.perf_counter()
    results = store.query(query, prefixes=ns.PREFIXES)
    if isinstance(results, ox.QuerySolutions | ox.QueryBoolean):
        results.serialize(format=ox.QueryResultsFormat.JSON)
    else:
        ox.serialize(results, format=ox.RdfFormat.TURTLE)
    return time.perf_counter() - started


def time_http(client: httpx.Client, url: str, query: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.post(url, data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    elapsed = time.perf_counter() - started
    response.raise_for_status()
    return elapsed, int(response.headers.get("x-sparql-results", 0))


def rdflib_worker(graph_file: str, queries: list[str], conn) -> None:
    import rdflib

    started = time.perf_counter()
    graph = rdflib.Graph()
    graph.parse(graph_file, format="nt")
    for prefix, base in ns.PREFIXES.items():
        graph.bind(prefix, base)
    conn.send(("loaded", time.perf_counter() - started))
    for query in queries:
        started = time.perf_counter()
        list(graph.query(query))
        conn.send(("query", time.perf_counter() - started))


def time_rdflib(store_dir: Path, workdir: Path, queries: list[str], timeout: float) -> tuple[float | None, list[float | None]]:
    """Seconds to load the graph into rdflib, and each query's seconds (None past ``timeout``)."""
    graph_file = workdir / "graph.nt"
    ox.Store.read_only(str(store_dir)).dump(str(graph_file), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    prologue = "".join(f"PREFIX {p}: <{u}>\n" for p, u in ns.PREFIXES.items())
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(target=rdflib_worker, args=(str(graph_file), [prologue + q for q in queries], child), daemon=True)
    process.start()
    load, times = None, []
    try:
        if parent.poll(1800):
            load = parent.recv()[1]
            for _ in queries:
                times.append(parent.recv()[1] if parent.poll(timeout) else None)
                if times[-1] is None:
                    break
    finally:
        process.kill()
    return load, times + [None] * (len(queries) - len(times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/rskg-bench-sparql"))
    parser.add_argument("--rdflib-timeout", type=float, default=60.0, help="seconds an rdflib query may take; 0 skips rdflib")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    base_dir = args.workdir / "base"
    if current_state(base_dir) is None:
        ingest([PROJECT_ROOT / "corpus"], Settings(data_dir=base_dir))
    data_dir = args.workdir / "data"
    started = time.perf_counter()
    state = synthetic_state(current_state(base_dir), data_dir, args.triples)
    store = ox.Store.read_only(str(state / "graph"))
    print(f"synthetic graph: {len(store):,} triples in {time.perf_counter() - started:.0f} s")

    queries = examples()
    with served(data_dir, port=args.port) as (url, _), httpx.Client(timeout=120) as client:
        rows = []
        for example in queries:
            time_http(client, f"{url}/sparql", example.query)  # warm both: caches, worker store
            time_raw(store, example.query)
            http = statistics.median(time_http(client, f"{url}/sparql", example.query)[0] for _ in range(REPEATS))
            raw = statistics.median(time_raw(store, example.query) for _ in range(REPEATS))
            results = time_http(client, f"{url}/sparql", example.query)[1]
            rows.append({"query": example.name, "results": results, "raw_ms": raw * 1000, "endpoint_ms": http * 1000})

    if args.rdflib_timeout > 0:
        load, rdflib_times = time_rdflib(state / "graph", args.workdir, [e.query for e in queries], args.rdflib_timeout)
        print(f"rdflib: graph loaded in {load:.0f} s" if load is not None else "rdflib: graph did not load in 30 min")
        for row, seconds in zip(rows, rdflib_times, strict=True):
            row["rdflib_ms"] = seconds * 1000 if seconds is not None else None

    _report(rows, args.rdflib_timeout)


def _report(rows: list[dict], rdflib_timeout: float) -> None:
    print(f"{'query':34} {'results':>8} {'raw ms':>8} {'rskg ms':>8} {'ratio':>6} {'rdflib ms':>10}")
    for r in rows:
        rdflib_ms = r.get("rdflib_ms")
        if rdflib_ms is not None:
            shown = f"{rdflib_ms:10.0f}"
        else:
            shown = f"{'>' + str(int(rdflib_timeout * 1000)):>10}" if "rdflib_ms" in r else ""
        print(f"{r['query']:34} {r['results']:8} {r['raw_ms']:8.1f} {r['endpoint_ms']:8.1f} {r['endpoint_ms'] / r['raw_ms']:6.2f} {shown}")
    raw = sum(r["raw_ms"] for r in rows)
    endpoint = sum(r["endpoint_ms"] for r in rows)
    summary = {
        "queries": len(rows),
        "median_endpoint_ms": round(statistics.median(r["endpoint_ms"] for r in rows), 1),
        "median_raw_ms": round(statistics.median(r["raw_ms"] for r in rows), 1),
        "endpoint_over_raw_total": round(endpoint / raw, 2),
        "endpoint_over_raw_median": round(statistics.median(r["endpoint_ms"] / r["raw_ms"] for r in rows), 2),
    }
    measured = [r for r in rows if r.get("rdflib_ms") is not None]
    if measured:
        summary["rdflib_over_endpoint_median"] = round(statistics.median(r["rdflib_ms"] / r["endpoint_ms"] for r in measured), 1)
        summary["rdflib_queries_within_timeout"] = f"{len(measured)}/{len(rows)}"
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
