"""Ranking measured on the question sets of bench/questions/: seeds, added guidance, unanswerable, fresh.

    python -m bench.questions [--workdir /tmp/rskg-bench-questions] [--port N] [--url URL] [--json] [--show-misses]

Ingests the five seed texts of corpus/ and the six guidance texts of tests/fixtures/guidance/ (their
manifests give ids and metadata) into WORKDIR/data, starts a real `rskg serve` on it, and asks every
question with GET /search?q=...&k=10. The data directory is kept and read again from its files only when
the texts or the code under ingest/ changed since it was built. With --url it asks a server already running.

The file "fresh" (a hold-out written without seeing the ranking) is asked afterwards of a second data
directory, WORKDIR/data-fresh, which holds those eleven documents and the sixteen of tests/fixtures/fresh-guidance/,
so that the figures of the other files stay those of the eleven documents. With --url all files are asked
of the one server.

Prints, per file, split and category:
- recall@1/5/10 and MRR@10, a hit being a result whose text contains a gold quote (NFKC, lower case, every
  run of non-word characters one space, as shared/eval/score.py compares);
- doc@1, doc@2 and doc MRR: the rank of the gold document among the response's `documents`, if it has
  them, else among the distinct documents of the results in order (the figure for "which guidance");
- for list questions, the share of the list's members named in the top five results, and in the answer
  card (`answer.concepts`) if the response has one;
- for the unanswerable questions against the answerable ones: the top result's score (its `relevance` if
  results carry one, else its `score`): its distribution, its AUC as a separator (1.0: every answerable
  question scores above every unanswerable one), and the rate of `no_good_match` if the response has it.
The shared dev set (shared/eval/questions_dev.jsonl) is asked too, as the file "shared-dev", when present;
note that here it is asked of all eleven documents, not of the five seeds alone as shared/eval/score.py is.
"""

import argparse
import hashlib
import json
import re
import statistics
import sys
import time
import tomllib
import unicodedata
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

import httpx

from ingest.pipeline import ingest
from ingest.settings import PROJECT_ROOT, Settings
from tests.liveserver import served

QUESTIONS = PROJECT_ROOT / "bench" / "questions"
FILES = ("seeds", "added", "unanswerable")
FOLDERS = (PROJECT_ROOT / "corpus", PROJECT_ROOT / "tests" / "fixtures" / "guidance")
FRESH = "fresh"  # asked of FOLDERS and FRESH_FOLDER together, in a data directory of its own
FRESH_FOLDER = PROJECT_ROOT / "tests" / "fixtures" / "fresh-guidance"
SHARED_DEV = PROJECT_ROOT.parent / "shared" / "eval" / "questions_dev.jsonl"
K = 10


def norm(text: str) -> str:
    """NFKC, lower case, each run of non-word characters one space (as shared/eval/score.py and check.py)."""
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def load_questions() -> dict[str, list[dict]]:
    sets = {name: _read_jsonl(QUESTIONS / f"{name}.jsonl") for name in (*FILES, FRESH)}
    if SHARED_DEV.exists():
        sets["shared-dev"] = [_from_shared(q) for q in _read_jsonl(SHARED_DEV)]
    return sets


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _from_shared(question: dict) -> dict:
    """A shared dev question in this harness's shape; its gold names a file of corpus/, mapped to the document id."""
    ids = {d["file"]: d["id"] for d in tomllib.loads((FOLDERS[0] / "manifest.toml").read_text())["document"]}
    gold = question["gold"]
    return {
        "id": question["id"],
        "question": question["question"],
        "category": "shared",
        "answerable": True,
        "gold_doc": ids.get(gold[0]["doc"]),
        "gold_quotes": [g["quote"] for g in gold],
        "split": "dev",
    }


# --- the data directory, built once and kept while nothing it depends on changes


def fingerprint(folders: tuple[Path, ...]) -> str:
    """A hash of the documents, their manifests and the ingest code: the data directory is rebuilt when it changes."""
    digest = hashlib.sha256()
    files = [f for folder in folders for f in sorted(folder.glob("*")) if f.is_file()]
    files += sorted((PROJECT_ROOT / "ingest").rglob("*.py")) + sorted((PROJECT_ROOT / "ontology").rglob("*.py"))
    for path in files:
        digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def prepare(workdir: Path, folders: tuple[Path, ...] = FOLDERS, name: str = "data") -> Path:
    data_dir = workdir / name
    stamp = workdir / ("fingerprint" if name == "data" else f"fingerprint-{name}")
    wanted = fingerprint(folders)
    if stamp.exists() and stamp.read_text() == wanted and (data_dir / "current").exists():
        return data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    report = ingest(list(folders), Settings(data_dir=data_dir, corpus_dir=folders[0]), rebuild=(data_dir / "current").exists())
    if report.errors:
        raise SystemExit("; ".join(str(e) for e in report.errors))
    stamp.write_text(wanted)
    print(f"ingested {report.total_documents} documents in {time.perf_counter() - started:.0f} s into {data_dir}", file=sys.stderr)
    return data_dir


@contextmanager
def service(args, folders: tuple[Path, ...] = FOLDERS, name: str = "data"):
    if args.url:
        yield args.url.rstrip("/")
        return
    with served(prepare(args.workdir, folders, name), port=args.port) as (url, _):
        yield url


# --- asking


def ask(client: httpx.Client, url: str, question: dict, k: int) -> dict:
    """One question's answer, reduced to what the measures need."""
    started = time.perf_counter()
    response = client.get(f"{url}/search", params={"q": question["question"], "k": k})
    seconds = time.perf_counter() - started
    response.raise_for_status()
    payload = response.json()
    results = payload.get("results", [])[:k]
    documents = [d.get("id") for d in payload["documents"]] if isinstance(payload.get("documents"), list) else None
    answer = payload.get("answer") if isinstance(payload.get("answer"), dict) else None
    return {
        "id": question["id"],
        "question": question["question"],
        "category": question["category"],
        "split": question["split"],
        "answerable": question["answerable"],
        "rank": first_hit(results, question["gold_quotes"]) if question["answerable"] else None,
        "doc_rank": doc_rank(results, documents, question["gold_doc"]) if question["answerable"] else None,
        "top_doc": (documents or distinct_docs(results) or [None])[0],
        # the calibrated relevance where the response has one, else the raw fused score
        "top_score": results[0].get("relevance", results[0].get("score")) if results else None,
        "top_raw_score": results[0].get("score") if results else None,
        "no_good_match": payload.get("no_good_match"),
        "list_top5": list_share(question.get("list"), [r.get("text", "") for r in results[:5]]),
        "list_card": card_share(question.get("list"), answer),
        "seconds": seconds,
    }


def first_hit(results: list[dict], quotes: list[str]) -> int | None:
    wanted = [norm(q) for q in quotes]
    for rank, result in enumerate(results, 1):
        text = norm(result.get("text", ""))
        if any(q in text for q in wanted):
            return rank
    return None


def distinct_docs(results: list[dict]) -> list[str]:
    return list(dict.fromkeys(r.get("document", {}).get("id") for r in results))


def doc_rank(results: list[dict], documents: list[str] | None, gold_doc: str | None) -> int | None:
    order = documents if documents is not None else distinct_docs(results)
    return order.index(gold_doc) + 1 if gold_doc in order else None


def list_share(members: list[str] | None, texts: Iterable[str]) -> float | None:
    """The share of a list's members whose label occurs in ``texts``."""
    if not members:
        return None
    text = " ".join(norm(t) for t in texts)
    return sum(norm(m) in text for m in members) / len(members)


def card_share(members: list[str] | None, answer: dict | None) -> float | None:
    """The share of a list's members the answer card names (either label containing the other)."""
    if not members or answer is None:
        return None
    labels = [norm(c.get("label", "")) for c in answer.get("concepts", [])]
    return sum(any(norm(m) in label or (label and label in norm(m)) for label in labels) for m in members) / len(members)


# --- measures


def measures(rows: list[dict]) -> dict:
    """The figures of one group of answers."""
    out: dict = {"n": len(rows)}
    answerable = [r for r in rows if r["answerable"]]
    if answerable:
        ranks = [r["rank"] for r in answerable]
        n = len(ranks)
        for k in (1, 5, 10):
            out[f"recall@{k}"] = sum(r is not None and r <= k for r in ranks) / n
        out["mrr@10"] = sum(1 / r for r in ranks if r is not None and r <= 10) / n
        docs = [r["doc_rank"] for r in answerable]
        out["doc@1"] = sum(d == 1 for d in docs) / n
        out["doc@2"] = sum(d is not None and d <= 2 for d in docs) / n
        out["doc_mrr"] = sum(1 / d for d in docs if d) / n
        for key in ("list_top5", "list_card"):
            shares = [r[key] for r in answerable if r[key] is not None]
            if shares:
                out[key] = statistics.mean(shares)
                out[f"{key}_full"] = sum(s == 1 for s in shares) / len(shares)
    scores = [r["top_score"] for r in rows if r["top_score"] is not None]
    if scores:
        out["top_score"] = spread(scores)
    flags = [r["no_good_match"] for r in rows if r["no_good_match"] is not None]
    if flags:
        out["no_good_match_rate"] = sum(bool(f) for f in flags) / len(flags)
    return out


def spread(values: list[float]) -> dict:
    values = sorted(values)
    quart = statistics.quantiles(values, n=4) if len(values) > 1 else values * 3
    return {"min": values[0], "p25": quart[0], "median": quart[1], "p75": quart[2], "max": values[-1]}


def auc(positives: list[float], negatives: list[float]) -> float | None:
    """The chance that an answerable question's top score beats an unanswerable one's (ties count half)."""
    if not positives or not negatives:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def report(answers: dict[str, list[dict]]) -> dict:
    """Figures per file, split and category, and answerable against unanswerable."""
    groups = {}
    for name, rows in answers.items():
        for category in ["all", *sorted({r["category"] for r in rows})]:
            for split in ("all", "dev", "holdout"):
                chosen = [r for r in rows if category in ("all", r["category"]) and split in ("all", r["split"])]
                if chosen:
                    groups[f"{name}/{split}/{category}"] = measures(chosen)
    latencies = sorted(r["seconds"] for rows in answers.values() for r in rows)
    return {
        "groups": groups,
        "separation": separate([r for name in FILES for r in answers[name]]),
        "fresh_separation": separate(answers.get(FRESH, [])),
        "latency_ms": {"median": 1000 * statistics.median(latencies), "p95": 1000 * latencies[int(0.95 * (len(latencies) - 1))]},
    }


def separate(answers: list[dict]) -> dict:
    """Answerable against unanswerable, per split: top scores, their AUC and the no_good_match rates."""
    separation = {}
    for split in ("all", "dev", "holdout"):
        rows = [r for r in answers if split in ("all", r["split"])]
        positive = [r["top_score"] for r in rows if r["answerable"] and r["top_score"] is not None]
        negative = [r["top_score"] for r in rows if not r["answerable"] and r["top_score"] is not None]
        flags = {
            key: [r["no_good_match"] for r in rows if r["answerable"] is value and r["no_good_match"] is not None]
            for key, value in (("answerable", True), ("unanswerable", False))
        }
        separation[split] = {
            "answerable_top_score": spread(positive) if positive else None,
            "unanswerable_top_score": spread(negative) if negative else None,
            "top_score_auc": auc(positive, negative),
            "no_good_match_rate": {k: (sum(map(bool, v)) / len(v) if v else None) for k, v in flags.items()},
        }
    return separation


# --- printing


def print_report(figures: dict) -> None:
    columns = ("R@1", "R@5", "R@10", "MRR", "doc@1", "doc@2", "dMRR", "list5", "card")
    print(f"{'file/split/category':<36} {'n':>3} " + " ".join(f"{c:>5}" for c in columns))
    for key, m in figures["groups"].items():
        if "recall@5" not in m:
            continue
        cells = [m.get(c) for c in ("recall@1", "recall@5", "recall@10", "mrr@10", "doc@1", "doc@2", "doc_mrr", "list_top5", "list_card")]
        print(f"{key:<36} {m['n']:>3} " + " ".join(f"{c:>5.2f}" if c is not None else f"{'-':>5}" for c in cells))
    print()
    print(f"{'unanswerable by category':<36} {'n':>3} {'top score median':>16} {'no_good_match':>13}")
    for key, m in figures["groups"].items():
        if key.startswith(("unanswerable/", f"{FRESH}/")) and "top_score" in m and "recall@5" not in m:
            rate = m.get("no_good_match_rate")
            print(f"{key:<36} {m['n']:>3} {m['top_score']['median']:>16.3f} {'-' if rate is None else f'{rate:.2f}':>13}")
    print()
    print_separation(figures["separation"], "")
    if figures["fresh_separation"]["all"]["answerable_top_score"]:
        print()
        print_separation(figures["fresh_separation"], f"{FRESH} ")
    lat = figures["latency_ms"]
    print(f"\nlatency: median {lat['median']:.0f} ms, p95 {lat['p95']:.0f} ms")


def print_separation(separation: dict, prefix: str) -> None:
    print(f"{prefix + 'top score':<24} {'min':>6} {'p25':>6} {'median':>6} {'p75':>6} {'max':>6}   no_good_match")
    for split, s in separation.items():
        if not (s["answerable_top_score"] or s["unanswerable_top_score"]):
            continue  # e.g. fresh has no dev split
        for side in ("answerable", "unanswerable"):
            d = s[f"{side}_top_score"]
            rate = s["no_good_match_rate"][side]
            if d:
                cells = " ".join(f"{d[c]:>6.3f}" for c in ("min", "p25", "median", "p75", "max"))
                print(f"{prefix + split + ' ' + side:<24} {cells}   {'-' if rate is None else f'{rate:.2f}'}")
        auc_value = s["top_score_auc"]
        print(f"{prefix + split + ' AUC of top score':<24} {'-' if auc_value is None else f'{auc_value:.3f}'}")


def print_misses(answers: dict[str, list[dict]]) -> None:
    for name, rows in answers.items():
        for r in rows:
            if r["answerable"] and (r["rank"] is None or r["rank"] > 5):
                where = f"{name} {r['id']} [{r['category']}/{r['split']}]"
                print(f"  {where} rank={r['rank']} doc_rank={r['doc_rank']}: {r['question']}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/rskg-bench-questions"), help="where the data directory is kept")
    parser.add_argument("--port", type=int, help="port for `rskg serve` (default: a free one)")
    parser.add_argument("--url", help="ask this running server instead of ingesting and serving")
    parser.add_argument("--k", type=int, default=K, help=f"results asked for per question [default: {K}]")
    parser.add_argument("--json", action="store_true", help="print the figures and every answer as JSON")
    parser.add_argument("--show-misses", action="store_true", help="list answerable questions without a hit in the top five (stderr)")
    args = parser.parse_args()
    questions = load_questions()
    fresh = questions.pop(FRESH)
    with service(args) as url, httpx.Client(timeout=60) as client:
        answers = {name: [ask(client, url, q, args.k) for q in rows] for name, rows in questions.items()}
    with service(args, (*FOLDERS, FRESH_FOLDER), "data-fresh") as url, httpx.Client(timeout=60) as client:
        answers[FRESH] = [ask(client, url, q, args.k) for q in fresh]
    figures = report(answers)
    if args.show_misses:
        print_misses(answers)
    if args.json:
        json.dump({**figures, "answers": answers}, sys.stdout, indent=1)
        print()
    else:
        print_report(figures)


if __name__ == "__main__":
    main()
