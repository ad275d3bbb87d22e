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
RECALL_AT_5_FLOOR = 0.95
MRR_AT_10_FLOOR = 0.85


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def recall_and_mrr(client) -> tuple[float, float]:
    questions = [json.loads(line) for line in QUESTIONS.read_text().splitlines() if line.strip()]
    ranks = []
    for question in questions:
        results = client.get("/search", params={"q": question["question"], "k": 10}).json()["results"]
        quotes = [norm(g["quote"]) for g in question["gold"]]
        ranks.append(next((r for r, hit in enumerate(results, 1) if any(q in norm(hit["text"]) for q in quotes)), None))
    return sum(1 for r in ranks if r and r <= 5) / len(ranks), sum(1 / r for r in ranks if r) / len(ranks)


@pytest.mark.skipif(not QUESTIONS.exists(), reason="needs ../shared/eval beside the project")
def test_gold_questions_recall_and_mrr(client):
    recall5, mrr = recall_and_mrr(client)
    print(f"recall@5={recall5:.3f} mrr@10={mrr:.3f}")
    assert recall5 >= RECALL_AT_5_FLOOR
    assert mrr >= MRR_AT_10_FLOOR


@pytest.mark.skipif(not QUESTIONS.exists(), reason="needs ../shared/eval beside the project")
def test_the_corpus_typeset_as_pdfs_answers_nearly_as_well_as_its_text(client, tmp_path):
    """The seed texts typeset with LaTeX (tests/fixtures/latex) lose at most 0.05 of recall@5."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from ingest.pipeline import ingest
    from ingest.settings import PROJECT_ROOT, Settings

    settings = Settings(data_dir=tmp_path / "data", reload_interval=0)
    report = ingest([PROJECT_ROOT / "tests" / "fixtures" / "latex"], settings)
    assert not report.errors and report.total_documents == 5
    with TestClient(create_app(settings)) as pdf_client:
        from_text, _ = recall_and_mrr(client)
        from_pdfs, mrr = recall_and_mrr(pdf_client)
    print(f"recall@5 from text {from_text:.3f}, from PDFs {from_pdfs:.3f} (mrr {mrr:.3f})")
    assert from_pdfs >= from_text - 0.05
