"""Runaway SPARQL queries against a real `rskg serve`: how much the service grows, and whether it keeps answering.

    python -m bench.runaway [--workdir /tmp/rskg-bench-runaway] [--memory-mb 1024]

Ingests the bundled corpus, starts `rskg serve`, and sends, one at a time, queries that would
take the host down without limits: a sort over a cross join of every triple with every triple,
and a GROUP_CONCAT over the same. Meanwhile it samples the memory (RSS) of the server and all its
SPARQL worker processes every 20 ms and asks /health every 50 ms. Prints, per query, the answer
(status and time), the largest growth of the whole service over its idle size, and the slowest
/health.
"""

import argparse
import shutil
import threading
import time
from pathlib import Path

import httpx
import psutil

from ingest.pipeline import ingest
from ingest.settings import PROJECT_ROOT, Settings
from tests.liveserver import served

QUERIES = {
    "ORDER BY over a cross join": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f ?c LIMIT 1",
    "GROUP_CONCAT over a cross join": "SELECT (GROUP_CONCAT(STR(?c)) AS ?all) WHERE { ?a ?b ?c . ?d ?e ?f }",
    "DISTINCT over a cross join": "SELECT DISTINCT ?a ?c ?d ?f WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 1",
}


def service_rss(pid: int) -> int:
    """Resident bytes of the server and every process under it."""
    try:
        root = psutil.Process(pid)
        return sum(p.memory_info().rss for p in [root, *root.children(recursive=True)])
    except psutil.Error:
        return 0


def run(query: str, url: str, pid: int) -> dict:
    idle = service_rss(pid)
    peak, slowest, done = idle, 0.0, threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, service_rss(pid))
            time.sleep(0.02)

    def health() -> None:
        nonlocal slowest
        with httpx.Client(timeout=10) as client:
            while not done.is_set():
                started = time.perf_counter()
                client.get(f"{url}/health")
                slowest = max(slowest, time.perf_counter() - started)
                time.sleep(0.05)

    threads = [threading.Thread(target=sample), threading.Thread(target=health)]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    response = httpx.get(f"{url}/sparql", params={"query": query}, timeout=120)
    elapsed = time.perf_counter() - started
    time.sleep(0.5)  # the replacement worker starts
    done.set()
    for thread in threads:
        thread.join()
    detail = response.json().get("detail", "") if response.headers.get("content-type", "").startswith("application/json") else ""
    growth = (peak - idle) / 2**20
    return {"status": response.status_code, "seconds": elapsed, "growth_mib": growth, "health_ms": slowest * 1000, "detail": detail}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/rskg-bench-runaway"))
    parser.add_argument("--memory-mb", type=int, default=1024, help="RSKG_SPARQL_MAX_MEMORY_MB for the server")
    args = parser.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    data_dir = args.workdir / "data"
    ingest([PROJECT_ROOT / "corpus"], Settings(data_dir=data_dir))
    env = {"RSKG_SPARQL_MAX_MEMORY_MB": str(args.memory_mb), "RSKG_LOG_LEVEL": "WARNING"}
    with served(data_dir, env=env) as (url, process):
        idle = service_rss(process.pid) / 2**20
        print(f"service idle: {idle:.0f} MiB RSS (server and SPARQL workers); limit {args.memory_mb} MiB a worker")
        print(f"{'query':34} {'status':>6} {'s':>6} {'growth MiB':>11} {'/health max ms':>15}  answer")
        for name, query in QUERIES.items():
            r = run(query, url, process.pid)
            print(f"{name:34} {r['status']:>6} {r['seconds']:>6.1f} {r['growth_mib']:>11.0f} {r['health_ms']:>15.0f}  {r['detail'][:70]}")


if __name__ == "__main__":
    main()
