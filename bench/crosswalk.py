"""The crosswalk and the framework classifier against their judged sets, on the five seed documents.

    python -m bench.crosswalk          # crosswalk precision and counts, framework classifier precision/recall
    python -m bench.crosswalk --fit    # refit the classifier's weights on the judged framework sample
    python -m bench.crosswalk --list   # every crosswalk link made, with its sentence (to judge new ones)

Judged sets (one judge, the author): tests/fixtures/crosswalk/judged.toml (principle/value/risk
vector -> tool) and tests/fixtures/framework/judged.toml (sentence -> framework concept).
"""

import argparse
import tempfile
import tomllib
from collections import Counter
from pathlib import Path

import numpy as np

from ingest.embed import VectorCache
from ingest.framework import WEIGHTS, Classifier, framework_concepts, probability
from ingest.links import Knowledge, build_knowledge
from ingest.pipeline import read_document
from ingest.settings import PROJECT_ROOT

FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
CROSSWALK_JUDGED = FIXTURES / "crosswalk" / "judged.toml"
FRAMEWORK_JUDGED = FIXTURES / "framework" / "judged.toml"
SEEDS = sorted((PROJECT_ROOT / "corpus").glob("*.txt"))


def seed_knowledge(cache_dir: Path) -> tuple[Knowledge, list, dict]:
    """The knowledge built from the seed documents, as ingest builds it."""
    documents, clauses, concepts = {}, [], []
    for path in SEEDS:
        document, _, doc_clauses, doc_concepts = read_document(path)
        documents[document.id] = document
        clauses += doc_clauses
        concepts += doc_concepts
    cache = VectorCache(cache_dir)
    knowledge = build_knowledge(concepts, clauses, lambda texts: cache.embed(texts, 32)[0], documents=list(documents.values()))
    cache.save()
    return knowledge, clauses, documents


def crosswalk_precision(knowledge: Knowledge) -> dict:
    """Judged precision of the inferred crosswalk, its counts, and the most links any tool has by inference."""
    judged = {(j["source"], j["tool"]): j["verdict"] for j in tomllib.loads(CROSSWALK_JUDGED.read_text())["link"]}
    labels = {c.uri: c.label for c in knowledge.concepts}
    inferred = [link for link in knowledge.crosswalk if not link.curated]
    pairs = [(labels[link.source], labels[link.tool]) for link in inferred]
    verdicts = [judged[p] for p in pairs if p in judged]
    per_tool = Counter(link.tool for link in inferred)
    return {
        "links": len(knowledge.crosswalk),
        "curated": len(knowledge.crosswalk) - len(inferred),
        "inferred": len(inferred),
        "methods": dict(Counter(link.method for link in knowledge.crosswalk)),
        "judged": len(verdicts),
        "correct": sum(verdicts),
        "unjudged": sorted(p for p in pairs if p not in judged),
        "precision": round(sum(verdicts) / len(verdicts), 3) if verdicts else 0.0,
        "max_per_tool": max(per_tool.values(), default=0),
        "rejected_judged": sum(1 for p, v in judged.items() if p not in set(pairs)),
    }


def framework_features(knowledge: Knowledge, embed) -> tuple[np.ndarray, np.ndarray]:
    """Features (cosine, margin, named) and verdicts of the judged framework sample."""
    concepts = framework_concepts(knowledge.concepts)
    classifier = Classifier(concepts, embed)
    index = {c.label: j for j, c in enumerate(concepts)}
    judged = tomllib.loads(FRAMEWORK_JUDGED.read_text())["judgement"]
    similarity, margin, named = classifier.score_sentences([j["sentence"] for j in judged])
    rows = [
        (similarity[i, index[j["concept"]]], margin[i, index[j["concept"]]], float(named[i, index[j["concept"]]]))
        for i, j in enumerate(judged)
    ]
    return np.array(rows), np.array([float(j["verdict"]) for j in judged])


def fit(features: np.ndarray, verdicts: np.ndarray, l2: float = 0.05, steps: int = 5000) -> tuple[float, ...]:
    """Logistic regression by Newton's method with a little L2 on the weights (not the intercept)."""
    x = np.hstack([np.ones((len(features), 1)), features])
    w = np.zeros(x.shape[1])
    penalty = np.diag([0.0] + [l2] * features.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        gradient = x.T @ (p - verdicts) + penalty @ w
        hessian = x.T @ (x * (p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return tuple(round(float(v), 2) for v in w)


def framework_quality(features: np.ndarray, verdicts: np.ndarray, weights=WEIGHTS, threshold: float = 0.5) -> dict:
    predicted = np.array([probability(s, m, bool(n), weights) >= threshold for s, m, n in features])
    true_positive = float((predicted & (verdicts == 1)).sum())
    return {
        "judged": len(verdicts),
        "precision": round(true_positive / max(1, int(predicted.sum())), 3),
        "recall": round(true_positive / max(1, int((verdicts == 1).sum())), 3),
    }


def leave_one_out(features: np.ndarray, verdicts: np.ndarray, threshold: float = 0.5) -> dict:
    """Precision and recall with each judged sentence predicted by a model fitted on the others."""
    predicted = []
    for i in range(len(verdicts)):
        keep = np.arange(len(verdicts)) != i
        weights = fit(features[keep], verdicts[keep])
        s, m, n = features[i]
        predicted.append(probability(s, m, bool(n), weights) >= threshold)
    predicted = np.array(predicted)
    true_positive = float((predicted & (verdicts == 1)).sum())
    return {
        "precision": round(true_positive / max(1, int(predicted.sum())), 3),
        "recall": round(true_positive / max(1, int((verdicts == 1).sum())), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fit", action="store_true", help="refit the framework classifier's weights")
    parser.add_argument("--list", action="store_true", help="print every crosswalk link with its sentence")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cache = VectorCache(Path(tmp))
        knowledge, _, _ = seed_knowledge(Path(tmp))
        features, verdicts = framework_features(knowledge, lambda texts: cache.embed(texts, 32)[0])
    if args.fit:
        weights = fit(features, verdicts)
        print(f"WEIGHTS = {weights}  # intercept, cosine, margin, named")
        print("with these weights:", framework_quality(features, verdicts, weights))
    print("framework classifier on its judged sample (in sample):", framework_quality(features, verdicts))
    print("framework classifier, leave one out:", leave_one_out(features, verdicts))
    report = crosswalk_precision(knowledge)
    for key, value in report.items():
        print(f"{key}: {value}")
    if args.list:
        labels = {c.uri: c.label for c in knowledge.concepts}
        for link in knowledge.crosswalk:
            print(f"{link.method:24} {link.confidence:.2f} {labels[link.source]} -> {labels[link.tool]}\n    {link.sentences}")


if __name__ == "__main__":
    main()
