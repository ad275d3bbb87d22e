"""Fit and measure the relevance model (ingest/relevance.py) on the question sets of bench/questions.

    python -m bench.relevance          # measure the model in ingest/relevance.json on dev and hold-out
    python -m bench.relevance --fit    # refit it on the dev half and write ingest/relevance.json

Fitted for the retrieval model the settings choose (RSKG_RETRIEVAL_MODEL): each model's cosines spread
differently, so relevance.json holds one fit per model.

Ingests the seeds and the six guidance texts as bench.questions does (cached), asks every question
of the index directly, and takes the ten clauses shown. A clause holding a gold quote is relevant;
every clause shown for an unanswerable question is not; the other clauses of answerable questions
are left out (they may answer without holding the quote). A logistic model of the features of
ingest/relevance.py (the clause's cosine, and what the question asks set against the collection and
the first three clauses shown: HybridIndex.question_evidence, as the server computes them, ranked with
the server's settings) is fitted by Newton's method. The no-good-match threshold, on the best of the
first three clauses shown, keeps 95% of the answerable dev questions.
Prints, per half: AUC of the best relevance (answerable vs not), the share of unanswerable
questions flagged and of answerable ones kept, by category.
"""

import argparse
import json
from pathlib import Path

import numpy as np

from api.resources import Resources
from bench.questions import FRESH, load_questions, norm, prepare
from ingest import embed, relevance
from ingest.index import tokenize
from ingest.settings import Settings

KEEP = 0.95  # the share of answerable dev questions no_good_match must leave alone


def rows(resources: Resources) -> list[dict]:
    """One row per question: its features per clause shown, and which of them hold a gold quote."""
    index = resources.index
    options = Settings().search_options()  # rank as the server does
    position = {c.uri: i for i, c in enumerate(index.clauses)}
    out = []
    for name, questions in load_questions().items():
        if name in ("shared-dev", FRESH):
            continue  # fresh is about documents this index lacks, and a hold-out nothing is fitted on
        for q in questions:
            results = index.search(q["question"], 10, **options)
            query_vector = embed.encode_query(q["question"], index.model)
            first = [position[h.clause.uri] for h in results.hits[: relevance.EVIDENCE_CLAUSES]]
            asked = index.question_evidence(q["question"], tokenize([q["question"]])[0], first)
            quotes = [norm(x) for x in q.get("gold_quotes", [])]
            clauses = [
                {
                    "cosine": float(index.vectors[position[h.clause.uri]] @ query_vector),
                    **asked,
                    "gold": any(x in norm(h.clause.text) for x in quotes),
                }
                for h in results.hits
            ]
            out.append(
                {"set": name, "split": q.get("split", "dev"), "category": q["category"], "answerable": q["answerable"], "clauses": clauses}
            )
    return out


def fit(data: list[dict]) -> relevance.Model:
    x, y = [], []
    for row in data:
        if row["split"] != "dev":
            continue
        for clause in row["clauses"]:
            if not row["answerable"] or clause["gold"]:
                x.append([1.0, *(clause[f] for f in relevance.FEATURES)])
                y.append(1.0 if row["answerable"] else 0.0)
    x, y = np.array(x), np.array(y)
    w = np.zeros(x.shape[1])
    for _ in range(50):  # Newton's method with a little ridge, so separable data stays finite
        p = 1 / (1 + np.exp(-x @ w))
        gradient = x.T @ (p - y) + 0.01 * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + 0.01 * np.eye(len(w))
        w -= np.linalg.solve(hessian, gradient)
    model = relevance.Model(dict(zip(relevance.FEATURES, map(float, w[1:]), strict=True)), float(w[0]), 0.0)
    best = sorted(_best(model, row) for row in data if row["split"] == "dev" and row["answerable"])
    threshold = best[int((1 - KEEP) * len(best))] - 1e-6
    return relevance.Model(model.weights, model.bias, round(threshold, 6))


def _best(model: relevance.Model, row: dict) -> float:
    """The best relevance among the first clauses shown: what a reader meets first (the first clause
    alone flags fewer unanswerable questions at the same cost: dev 0.68 against 0.76)."""
    return max((model.probability(c) for c in row["clauses"][: relevance.EVIDENCE_CLAUSES]), default=0.0)


def measure(model: relevance.Model, data: list[dict]) -> None:
    for split in ("dev", "holdout"):
        part = [r for r in data if r["split"] == split]
        good = [_best(model, r) for r in part if r["answerable"]]
        bad = [_best(model, r) for r in part if not r["answerable"]]
        auc = np.mean([(g > b) + 0.5 * (g == b) for g in good for b in bad])
        kept = np.mean([g >= model.threshold for g in good])
        flagged = np.mean([b < model.threshold for b in bad])
        print(f"{split:8} AUC {auc:.3f}  answerable kept {kept:.2f} ({len(good)})  unanswerable flagged {flagged:.2f} ({len(bad)})")
        for category in sorted({r["category"] for r in part if not r["answerable"]}):
            of = [_best(model, r) < model.threshold for r in part if not r["answerable"] and r["category"] == category]
            print(f"           unanswerable {category:12} flagged {np.mean(of):.2f} ({len(of)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="refit on the dev half and write ingest/relevance.json")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/rskg-bench-questions"))
    args = parser.parse_args()
    resources = Resources.load(prepare(args.workdir))
    if args.fit:  # the ranking the rows are taken from does not depend on the relevance model; a model not yet fitted has none
        unfitted = relevance.Model(dict.fromkeys(relevance.FEATURES, 0.0), 0.0, 0.0)
        relevance.load_cached = lambda embedding_model: unfitted
    data = rows(resources)
    embedding_model = resources.index.model
    model = fit(data) if args.fit else relevance.load(embedding_model)
    if args.fit:
        fitted = json.loads(relevance.MODEL_FILE.read_text())  # the other embedding models' fits are kept
        fitted[embedding_model] = {"weights": model.weights, "bias": model.bias, "threshold": model.threshold}
        relevance.MODEL_FILE.write_text(json.dumps(fitted, indent=1) + "\n")
        print(f"wrote {relevance.MODEL_FILE} for {embedding_model}: {model}")
    measure(model, data)


if __name__ == "__main__":
    main()
