"""Server-side render time of each web page on the bundled corpus.

    python -m bench.pages [--data-dir /tmp/rskg-bench-pages] [--repeats 20]

Ingests the bundled corpus if the data directory has no index, then requests every kind of page
through the real app (in process, so only the server's work is timed: search, graph queries,
templates) and prints the median and 95th percentile per kind, in milliseconds.
"""

import argparse
import json
import statistics
import time
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from ingest.pipeline import ingest
from ingest.settings import PROJECT_ROOT, Settings
from ingest.storage import current_state

QUESTIONS = [
    "which guidance covers export control in teaching?",
    "how should universities assess the risk of an international partner?",
    "what is research security?",
]


def pages(client: TestClient) -> dict[str, list[str]]:
    """URLs of each kind of page, found by walking the app's own JSON."""
    schemes = client.get("/concepts", headers={"Accept": "application/json"}).json()["schemes"]
    concepts = {g["scheme"]: [c["href"] for c in g["concepts"][:5]] for g in schemes}
    documents = sorted({h["citation"]["document_href"] for q in QUESTIONS for h in _ask(client, q)["results"]})
    principle = client.get(concepts["principle"][0], headers={"Accept": "application/json"}).json()
    return {
        "ask": [f"/?q={q}" for q in QUESTIONS],
        "ask (filtered)": [f"/?q={QUESTIONS[0]}&kind=institutional guidance"],
        "document": documents,
        "concept: principle": concepts["principle"],
        "concept: risk vector": concepts["risk-vector"],
        "concept: tool": concepts["tool"],
        "concept: other": concepts["jurisdiction"][:2] + concepts["technology-area"][:2] + concepts["organisation"][:2],
        "crosswalk link": [link["href"] for link in principle["links"][:3]],
        "crosswalk": ["/crosswalk"],
        "concepts": ["/concepts"],
    }


def _ask(client: TestClient, question: str) -> dict:
    return client.get("/", params={"q": question}, headers={"Accept": "application/json"}).json()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/rskg-bench-pages"))
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    if current_state(args.data_dir) is None:
        ingest([PROJECT_ROOT / "corpus"], Settings(data_dir=args.data_dir))

    figures = {}
    with TestClient(create_app(Settings(data_dir=args.data_dir, reload_interval=0))) as client:
        for kind, urls in pages(client).items():
            times = []
            for url in urls:
                client.get(url, headers={"Accept": "text/html"})  # warm
                for _ in range(args.repeats):
                    started = time.perf_counter()
                    response = client.get(url, headers={"Accept": "text/html"})
                    times.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, (url, response.status_code)
            times.sort()
            figures[kind] = {
                "pages": len(urls),
                "median_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
            }
    print(json.dumps(figures, indent=1))
    print(f"slowest median: {max(f['median_ms'] for f in figures.values())} ms (budget 100 ms)")


if __name__ == "__main__":
    main()
