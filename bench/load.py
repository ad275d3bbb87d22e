"""Load test on loopback: concurrent clients asking questions and running competency queries.

    python -m bench.load [--clients 16] [--seconds 60] [--workers 1] [--synthetic 100000]

Starts a real ``rskg serve`` on the bundled corpus (or, with ``--synthetic N``, on a corpus grown
to at least N clauses), then runs ``--clients`` threads for ``--seconds``: three requests in four
are searches with the development questions, one in four a SPARQL competency query. Prints
p50/p95/p99 latency per kind, errors, throughput, and the memory of each server process (RSS,
and PSS, which splits memory-mapped index pages among the processes sharing them).

The synthetic corpus copies every document of the bundled one under new ids; each copy's
clause vectors are the originals nudged by noise (no model run), its clauses keep their
concept links, and the concepts themselves are shared, as in a real corpus where many
documents speak of the same principles.
"""

import argparse
import itertools
import json
import random
import statistics
import sys
import threading
import time
from pathlib import Path

import httpx
import numpy as np

from api.query_page import examples
from ingest.index import HybridIndex
from ingest.pipeline import ingest
from ingest.records import ClauseRecord, DocumentRecord
from ingest.settings import PROJECT_ROOT, Settings
from ingest.storage import current_state
from ontology import namespace as ns
from tests.liveserver import served

QUESTIONS_FILE = PROJECT_ROOT.parent / "shared" / "eval" / "questions_dev.jsonl"
FALLBACK_QUESTIONS = ["which guidance covers export control in teaching?", "what is research security?", "how to assess a partner?"]


def questions() -> list[str]:
    if QUESTIONS_FILE.exists():
        return [json.loads(line)["question"] for line in QUESTIONS_FILE.read_text().splitlines() if line.strip()]
    return FALLBACK_QUESTIONS


def synthetic(base: Path, data_dir: Path, clauses_wanted: int) -> Path:
    """A data directory whose state holds copies of the base state's documents, to ``clauses_wanted`` clauses."""
    import pyoxigraph as ox

    if current_state(data_dir) is not None:
        return data_dir
    index = HybridIndex.load(base / "index")
    copies = -(-clauses_wanted // len(index.clauses))
    rng = np.random.default_rng(7)
    clauses, documents, vectors, links = [], {}, [], {}
    view = json.loads((base / "index" / "concepts.json").read_text())
    for copy in range(copies):
        for doc in index.documents.values():
            new_id = f"copy{copy}-{doc.id}"
            documents[new_id] = DocumentRecord(
                **{**doc.__dict__, "id": new_id, "uri": ns.document_uri(new_id), "title": f"{doc.title} ({copy})"}
            )
        for i, clause in enumerate(index.clauses):
            new_id = f"copy{copy}-{clause.doc_id}"
            uri = ns.clause_uri(new_id, clause.id)
            clauses.append(ClauseRecord(**{**clause.__dict__, "doc_id": new_id, "uri": uri}))
            vector = index.vectors[i] + rng.normal(0, 0.02, index.vectors.shape[1]).astype(np.float32)
            vectors.append(vector / np.linalg.norm(vector))
            links[uri] = view["clauses"].get(clause.uri, [])
    state = data_dir / "states" / f"synthetic-{len(clauses)}"
    state.mkdir(parents=True)
    built = HybridIndex.build(clauses, documents, np.stack(vectors).astype(np.float32), index.model)
    built.save(state / "index")
    (state / "index" / "concepts.json").write_text(json.dumps({"concepts": view["concepts"], "clauses": links}))

    source = ox.Store.read_only(str(base / "graph"))
    store = ox.Store(str(state / "graph"))
    doc_root = ns.ID + "doc/"
    for copy in range(copies):

        def rename(term, copy=copy):
            if isinstance(term, ox.NamedNode) and term.value.startswith(doc_root):
                return ox.NamedNode(f"{doc_root}copy{copy}-{term.value[len(doc_root) :]}")
            return term

        store.bulk_extend(ox.Quad(rename(q.subject), q.predicate, rename(q.object)) for q in source.quads_for_pattern(None, None, None))
    store.flush()
    info = json.loads((base / "state.json").read_text())
    info.update(documents=len(documents), clauses=len(clauses), triples=len(store))
    del store
    (state / "state.json").write_text(json.dumps(info))
    (data_dir / "current").symlink_to(state.relative_to(data_dir))
    return data_dir


def memory(pid: int) -> list[dict]:
    """RSS and PSS of a process and its descendants (the server, its workers, their SPARQL workers)."""
    rows, pending = [], [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            cmdline = Path(f"/proc/{current}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:60]
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        rss = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))
        pss = int(next(line.split()[1] for line in rollup.splitlines() if line.startswith("Pss:")))
        if "sparql_pool" in cmdline:
            kind = "sparql worker"
        elif "resource_tracker" in cmdline:
            kind = "resource tracker"
        else:
            kind = "server worker" if "multiprocessing" in cmdline else "server"
        rows.append({"pid": current, "kind": kind, "rss_mib": round(rss / 1024), "pss_mib": round(pss / 1024)})
        pending += [int(c) for c in children]
    return rows


def run(url: str, clients: int, seconds: float) -> list[tuple[str, float, int]]:
    asked = questions()
    queries = [e.query for e in examples()]
    samples: list[tuple[str, float, int]] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(n: int) -> None:
        rng = random.Random(n)
        mine = []
        with httpx.Client(timeout=60) as http:
            for i in itertools.count():
                if time.monotonic() >= deadline:
                    break
                started = time.perf_counter()
                if i % 4 == 3:
                    kind = "sparql"
                    response = http.post(f"{url}/sparql", data={"query": rng.choice(queries)})
                else:
                    kind = "search"
                    response = http.get(f"{url}/search", params={"q": rng.choice(asked), "k": 10})
                mine.append((kind, time.perf_counter() - started, response.status_code))
        with lock:
            samples.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


def report(samples, seconds: float, processes: list[dict], label: str) -> dict:
    figures = {"corpus": label, "requests": len(samples), "per_second": round(len(samples) / seconds, 1)}
    for kind in ("search", "sparql"):
        times = sorted(t * 1000 for k, t, _ in samples if k == kind)
        errors = sum(1 for k, _, status in samples if k == kind and status != 200)
        figures[kind] = {
            "requests": len(times),
            "errors": errors,
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
            "p99_ms": round(times[int(0.99 * (len(times) - 1))], 1),
        }
    figures["memory"] = processes
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=1, help="server processes (rskg serve --workers)")
    parser.add_argument("--synthetic", type=int, default=0, help="grow the corpus to at least this many clauses")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/rskg-bench-load"))
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()

    base = args.workdir / "base"
    if current_state(base) is None:
        ingest([PROJECT_ROOT / "corpus"], Settings(data_dir=base))
    data_dir = base
    if args.synthetic:
        started = time.perf_counter()
        data_dir = synthetic(current_state(base), args.workdir / f"synthetic-{args.synthetic}", args.synthetic)
        print(f"synthetic corpus ready in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    info = json.loads((current_state(data_dir) / "state.json").read_text())

    env = {"RSKG_LOG_JSON": "false", "RSKG_MAX_HEAVY_REQUESTS": str(max(32, args.clients))}
    with served(data_dir, "--workers", str(args.workers), port=args.port, env=env) as (url, server):
        run(url, 4, 5)  # warm every worker
        samples = run(url, args.clients, args.seconds)
        processes = memory(server.pid)
    label = f"{info['clauses']:,} clauses, {info['triples']:,} triples, {args.workers} server worker(s), {args.clients} clients"
    print(json.dumps(report(samples, args.seconds, processes, label), indent=1))


if __name__ == "__main__":
    main()
