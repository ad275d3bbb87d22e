"""Check the question sets of bench/questions/ against the texts they are about.

    python bench/questions/check.py [--data-dir DIR]

For every file: each line is a question of the documented shape; ids are unique; answerable questions
name a gold document of the collection and gold quotes of 6 to 20 words that occur in that document's
text (compared as bench/questions.py and shared/eval/score.py compare them: NFKC, lower case, every run of non-word characters
one space); a question shares no run of five words with its gold document (it is phrased unlike the
text); list questions carry their members; unanswerable questions carry neither document nor quotes.
With --data-dir (a data directory of the seeds, the six guidance texts and the sixteen documents of
tests/fixtures/fresh-guidance/, e.g. the harness's WORKDIR/data-fresh), each gold quote must also lie inside
one clause of the index, since a quote cut by a clause boundary can never be hit. The PDF, Word, ODT and
HTML documents of fresh-guidance are read with rskg's own parser, so quotes are checked against the text rskg
sees. Exits 1 and lists every problem if there is one.
"""

import argparse
import json
import re
import sys
import tomllib
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parent.parent
FILES = ("seeds.jsonl", "added.jsonl", "unanswerable.jsonl", "fresh.jsonl")
CATEGORIES = ("plain", "quantity", "country", "which-guidance", "list", "definition")
CATEGORIES += ("off-topic", "gibberish", "on-topic", "on-topic-fresh")  # unanswerable
FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
FOLDERS = (PROJECT_ROOT / "corpus", FIXTURES / "guidance", FIXTURES / "fresh-guidance")
SHARED_DEV = PROJECT_ROOT.parent / "shared" / "eval" / "questions_dev.jsonl"
KEYS = {"id", "question", "category", "answerable", "gold_doc", "gold_quotes", "split"}
COPIED_WORDS = 5


def norm(text: str) -> str:
    """NFKC, lower case, each run of non-word characters one space: how a gold quote is matched."""
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def documents() -> dict[str, str]:
    """The collection's texts by document id, as the manifests of corpus/ and the guidance fixtures name them."""
    texts = {}
    for folder in FOLDERS:
        for entry in tomllib.loads((folder / "manifest.toml").read_text())["document"]:
            texts[entry["id"]] = text_of(folder / entry["file"])
    return texts


def text_of(path: Path) -> str:
    """A plain text as it is; any other document as rskg's parser reads it."""
    if path.suffix == ".txt":
        return path.read_text(encoding="utf-8")
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    from ingest.parse import parse

    return parse(path).text


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    words = norm(text).split()
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def problems_of(question: dict, texts: dict[str, str], normed: dict[str, str]) -> list[str]:
    found = []
    missing = KEYS - question.keys()
    if missing:
        return [f"lacks {', '.join(sorted(missing))}"]
    if question["category"] not in CATEGORIES:
        found.append(f"category {question['category']!r} is not one of {', '.join(CATEGORIES)}")
    if question["split"] not in ("dev", "holdout"):
        found.append(f"split {question['split']!r} is neither dev nor holdout")
    if ("list" in question) != (question["category"] == "list"):
        found.append("a list question needs `list`, and only a list question has one")
    if not question["answerable"]:
        if question["gold_doc"] is not None or question["gold_quotes"]:
            found.append("an unanswerable question has no gold_doc and no gold_quotes")
        return found
    doc = question["gold_doc"]
    if doc not in texts:
        return [*found, f"gold_doc {doc!r} is not a document of the collection ({', '.join(sorted(texts))})"]
    if not question["gold_quotes"]:
        found.append("an answerable question needs at least one gold quote")
    for quote in question["gold_quotes"]:
        words = len(norm(quote).split())
        if not 6 <= words <= 20:
            found.append(f"gold quote of {words} words (6-20 wanted): {quote!r}")
        if norm(quote) not in normed[doc]:
            found.append(f"gold quote not in {doc}: {quote!r}")
    copied = ngrams(question["question"], COPIED_WORDS) & ngrams(texts[doc], COPIED_WORDS)
    if copied:
        found.append(f"copies the text of {doc}: {' | '.join(' '.join(g) for g in sorted(copied))}")
    if question["category"] == "list" and len(question["list"]) < 2:
        found.append("a list question names at least two members")
    return found


def clause_problems(question: dict, clauses: dict[str, list[str]]) -> list[str]:
    """Gold quotes that no single clause of the index holds."""
    if not question["answerable"]:
        return []
    held = clauses.get(question["gold_doc"], [])
    return [f"gold quote is cut by a clause boundary: {q!r}" for q in question["gold_quotes"] if not any(norm(q) in c for c in held)]


def index_clauses(data_dir: Path) -> dict[str, list[str]]:
    clauses: dict[str, list[str]] = {}
    with (data_dir / "current" / "index" / "clauses.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            clause = json.loads(line)
            clauses.setdefault(clause["doc_id"], []).append(norm(clause["text"]))
    return clauses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, help="also check that each gold quote lies inside one clause of this index")
    args = parser.parse_args()
    texts = documents()
    normed = {doc: norm(text) for doc, text in texts.items()}
    clauses = index_clauses(args.data_dir) if args.data_dir else None
    shared = {norm(q["question"]) for q in load(SHARED_DEV)} if SHARED_DEV.exists() else set()
    seen: set[str] = set()
    failures = 0
    for name in FILES:
        questions = load(HERE / name)
        for question in questions:
            found = problems_of(question, texts, normed)
            if clauses is not None and not found:
                found += clause_problems(question, clauses)
            if question.get("id") in seen:
                found.append("id used twice")
            if norm(question.get("question", "")) in shared:
                found.append("is a question of the shared dev set")
            seen.add(question.get("id"))
            for problem in found:
                print(f"{name} {question.get('id')}: {problem}")
            failures += len(found)
        counts = Counter((q.get("category"), q.get("split")) for q in questions)
        summary = ", ".join(f"{c} {counts[c, 'dev']}+{counts[c, 'holdout']}" for c in sorted({c for c, _ in counts}))
        print(f"{name}: {len(questions)} questions (dev+holdout): {summary}")
    print("ok" if not failures else f"{failures} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
