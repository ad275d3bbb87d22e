"""The question sets of bench/questions/ hold what they promise, and the harness scores answers as documented."""

import runpy
import subprocess
import sys
import tomllib
from collections import Counter

from bench.questions import FRESH_FOLDER, QUESTIONS, auc, card_share, doc_rank, first_hit, list_share, load_questions, measures


def test_question_sets_pass_their_check():
    run = subprocess.run([sys.executable, str(QUESTIONS / "check.py")], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip().endswith("ok")


def test_sets_are_the_sizes_the_issue_asks_for_with_a_holdout_in_every_category():
    sets = load_questions()
    ALL_HELD = runpy.run_path(str(QUESTIONS / "split.py"))["ALL_HELD"]  # categories written late, held out whole
    assert len(sets["seeds"]) >= 60 and len(sets["added"]) >= 40 and len(sets["unanswerable"]) >= 40
    for name in ("seeds", "added", "unanswerable"):
        for category in {q["category"] for q in sets[name]}:
            splits = [q["split"] for q in sets[name] if q["category"] == category]
            assert "holdout" in splits and ("dev" in splits or category in ALL_HELD), (name, category)
    assert sum(q["category"] == "on-topic" for q in sets["unanswerable"]) > len(sets["unanswerable"]) / 2


def test_fresh_set_is_held_out_whole_and_asks_about_every_fresh_document():
    fresh = load_questions()["fresh"]
    manifest = tomllib.loads((FRESH_FOLDER / "manifest.toml").read_text())["document"]
    files = {p.name for p in FRESH_FOLDER.iterdir() if p.name != "manifest.toml"}
    assert {d["file"] for d in manifest} == files and len(files) == 16
    asked = Counter(q["gold_doc"] for q in fresh if q["answerable"])
    assert all(asked[d["id"]] >= 2 for d in manifest), asked
    assert {q["split"] for q in fresh} == {"holdout"}
    assert sum(not q["answerable"] for q in fresh) >= 15 and sum(q["answerable"] for q in fresh) >= 70


def test_a_hit_ignores_case_punctuation_and_line_breaks():
    results = [{"text": "Nothing here."}, {"text": "The *Export*\ncontrol applies—equally to academics."}]
    assert first_hit(results, ["export control applies equally"]) == 2
    assert first_hit(results, ["applies to industry"]) is None


def test_gold_document_ranked_by_documents_list_when_the_response_has_one():
    results = [{"document": {"id": "a"}}, {"document": {"id": "a"}}, {"document": {"id": "b"}}]
    assert doc_rank(results, None, "b") == 2
    assert doc_rank(results, ["b", "a"], "b") == 1
    assert doc_rank(results, None, "c") is None


def test_list_members_counted_in_results_and_in_the_answer_card():
    members = ["Cyber security", "Personnel", "Physical Access and Security"]
    assert list_share(members, ["Cyber security: ransomware", "Personnel: insiders"]) == 2 / 3
    card = {"kind": "list", "concepts": [{"label": "cyber security"}, {"label": "physical access"}]}
    assert card_share(members, card) == 2 / 3
    assert card_share(members, None) is None


def test_top_score_auc_and_no_good_match_rate():
    assert auc([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert auc([0.5], [0.5]) == 0.5
    rows = [
        {"answerable": False, "top_score": 0.2, "no_good_match": True, "rank": None},
        {"answerable": False, "top_score": 0.4, "no_good_match": False, "rank": None},
    ]
    assert measures(rows)["no_good_match_rate"] == 0.5
