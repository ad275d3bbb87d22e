"""Mark about 30% of each question file's questions as hold-out, at random but reproducibly, category by category.

    python bench/questions/split.py

Within each file and category the questions are ordered by id and shuffled with a generator seeded by the
file name and category; the first round(0.3 * n) become "holdout", the rest "dev". Running it again gives
the same split; adding questions to a category may move others of that category, so add them before anyone
has tuned on the dev part, or give them a new category.
"""

import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = ("seeds.jsonl", "added.jsonl", "unanswerable.jsonl")  # not fresh.jsonl: it is held out whole
HOLDOUT_SHARE = 0.3
SEED = "rskg-questions-2026"
ALL_HELD = {"on-topic-fresh"}  # written after tuning on the dev half had begun: held out whole, never tuned on


def assign(name: str, questions: list[dict]) -> None:
    for category in sorted({q["category"] for q in questions}):
        members = sorted((q for q in questions if q["category"] == category), key=lambda q: q["id"])
        random.Random(f"{SEED}:{name}:{category}").shuffle(members)
        held = len(members) if category in ALL_HELD else round(HOLDOUT_SHARE * len(members))
        for n, question in enumerate(members):
            question["split"] = "holdout" if n < held else "dev"


def main() -> None:
    for name in FILES:
        path = HERE / name
        questions = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        assign(name, questions)
        path.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in questions), encoding="utf-8")
        held = sum(q["split"] == "holdout" for q in questions)
        print(f"{name}: {held} of {len(questions)} held out")


if __name__ == "__main__":
    main()
