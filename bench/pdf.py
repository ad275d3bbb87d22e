"""The producer matrix: how well rskg reads the same documents printed by different PDF producers.

    python -m bench.pdf [--producer chromium-plain ...] [--holdout] [--details] [--json]

For each producer folder of tests/fixtures/producers/ (see its manifest.toml and make.py), parses
every PDF with ingest.parse.parse and ingest.clauses.build_clauses, as the pipeline does, and prints:
distinctive source sentences intact in one clause, letter-spaced runs ("S c i e n t i s t s"), split
tokens ("r esear ch"), doubled glyphs ("Yo You"), glued words ("betterequipped"), running furniture
(header/footer text, browser date/title/address, page labels) inside clauses, and pages per second.
The hold-out PDFs (holdout/) are measured only with --holdout, and reported apart.
"""

import argparse
import json
from collections import defaultdict

from tests.pdfquality import Quality, entries, measure

COLUMNS = ("intact", "sentences", "letter_spaced", "split", "doubled", "glued", "furniture", "pages", "pages_per_second")


def matrix(qualities: list[Quality]) -> dict[str, dict]:
    """Figures per producer, summed over its PDFs."""
    groups: dict[str, list[Quality]] = defaultdict(list)
    for quality in qualities:
        groups[("holdout/" if quality.entry.holdout else "") + quality.entry.producer].append(quality)
    rows = {}
    for producer, group in groups.items():
        sentences = sum(q.sentences for q in group)
        seconds = sum(q.seconds for q in group)
        rows[producer] = {
            "pdfs": len(group),
            "sentences": sentences,
            "intact": sentences - sum(len(q.missing) for q in group),
            "intact_share": round((sentences - sum(len(q.missing) for q in group)) / sentences, 3) if sentences else None,
            "letter_spaced": sum(len(q.letter_spaced) for q in group),
            "split": sum(len(q.split) for q in group),
            "doubled": sum(len(q.doubled) for q in group),
            "glued": sum(len(q.glued) for q in group),
            "furniture": sum(len(q.furniture) for q in group),
            "pages": sum(q.pages for q in group),
            "pages_per_second": round(sum(q.pages for q in group) / seconds, 1) if seconds else None,
        }
    return rows


def render(rows: dict[str, dict]) -> str:
    header = f"{'producer':<32} {'intact':>10} {'spaced':>7} {'split':>6} {'doubled':>8} {'glued':>6} {'furniture':>10} {'pages':>6}"
    header += f" {'pages/s':>8}"
    lines = [header, "-" * len(header)]
    for producer, row in rows.items():
        intact = f"{row['intact']}/{row['sentences']}"
        lines.append(
            f"{producer:<32} {intact:>10} {row['letter_spaced']:>7} {row['split']:>6} {row['doubled']:>8} {row['glued']:>6} "
            f"{row['furniture']:>10} {row['pages']:>6} {row['pages_per_second']:>8}"
        )
    return "\n".join(lines)


def details(quality: Quality, limit: int = 5) -> str:
    found = [
        ("missing", quality.missing),
        ("letter-spaced", quality.letter_spaced),
        ("split", quality.split),
        ("doubled", quality.doubled),
        ("glued", quality.glued),
        ("furniture", quality.furniture),
    ]
    lines = [f"{quality.entry.path.relative_to(quality.entry.path.parents[1])}:"]
    for name, items in found:
        if items:
            lines.append(f"  {name} ({len(items)}): " + " | ".join(str(i)[:100] for i in items[:limit]))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--producer", action="append", help="only this producer (repeatable)")
    parser.add_argument("--holdout", action="store_true", help="also measure the hold-out PDFs, reported apart")
    parser.add_argument("--details", action="store_true", help="print what each PDF lost, a few examples of each kind")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    chosen = [e for e in entries() if (args.holdout or not e.holdout) and (not args.producer or e.producer in args.producer)]
    if not chosen:
        raise SystemExit(f"no PDF matches; producers are {', '.join(sorted({e.producer for e in entries()}))}")
    qualities = [measure(entry) for entry in sorted(chosen, key=lambda e: (e.holdout, e.producer, e.path.name))]
    rows = matrix(qualities)
    if args.json:
        print(json.dumps(rows, indent=1))
    else:
        print(render(rows))
    if args.details:
        print()
        print("\n".join(details(q) for q in qualities))


if __name__ == "__main__":
    main()
