"""Gold questions: a floor on retrieval quality, like an oracle test.

Scored the way ../shared/eval/score.py scores a running service.
"""

import json
import re
import unicodedata

import pytest

from tests.conftest import SHARED

pytestmark = pytest.mark.slow
QUESTIONS = SHARED / "eval" / "questions_dev.jsonl"
RECALL_AT_5_FLOOR = 0.90
MRR_AT_10_FLOOR = 0.80


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


@pytest.mark.skipif(not QUESTIONS.exists(), reason="needs ../shared/eval beside the project")
def test_gold_questions_recall_and_mrr(client):
    questions = [json.loads(line) for line in QUESTIONS.read_text().splitlines() if line.strip()]
    ranks = []
    for question in questions:
        results = client.get("/search", params={"q": question["question"], "k": 10}).json()["results"]
        quotes = [norm(g["quote"]) for g in question["gold"]]
        ranks.append(next((r for r, hit in enumerate(results, 1) if any(q in norm(hit["text"]) for q in quotes)), None))
    recall5 = sum(1 for r in ranks if r and r <= 5) / len(ranks)
    mrr = sum(1 / r for r in ranks if r) / len(ranks)
    print(f"recall@5={recall5:.3f} mrr@10={mrr:.3f} ranks={ranks}")
    assert recall5 >= RECALL_AT_5_FLOOR
    assert mrr >= MRR_AT_10_FLOOR
