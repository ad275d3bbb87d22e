"""Ingest throughput on a synthetic corpus of PDFs typeset from the seed texts.

    python -m bench.ingest [--pages 2000] [--workdir /tmp/rskg-bench]

Builds the corpus once (copies of the five seed texts, each line of copy n
marked so no two copies embed alike), ingests it into an empty data directory,
and prints pages per second, the seconds of each stage, peak memory, and the
ratio of the whole ingest to the embedding alone.
"""

import argparse
import json
import resource
import shutil
import time
from pathlib import Path

from ingest.parse.text import read_text
from ingest.pipeline import ingest
from ingest.settings import PROJECT_ROOT, Settings

SEEDS = sorted((PROJECT_ROOT / "corpus").glob("*.txt"))


def build_corpus(folder: Path, pages: int) -> tuple[list[Path], int]:
    from pypdf import PdfReader

    from tests.pdfmaker import text_to_pdf

    folder.mkdir(parents=True, exist_ok=True)
    made, total, copy = [], 0, 0
    while total < pages:
        copy += 1
        for seed in SEEDS:
            source = folder / f"{seed.stem}-{copy:03d}.txt"
            lines = read_text(seed).split("\n")
            source.write_text("\n".join(f"{line} (copy {copy})" if len(line) > 60 else line for line in lines))
            pdf = text_to_pdf(source, source.with_suffix(".pdf"), header=f"Synthetic corpus, copy {copy}")
            source.unlink()
            total += len(PdfReader(pdf).pages)
            made.append(pdf)
            if total >= pages:
                break
    return made, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/rskg-bench"))
    args = parser.parse_args()

    corpus = args.workdir / f"corpus-{args.pages}"
    if not corpus.exists():
        started = time.perf_counter()
        files, pages = build_corpus(corpus, args.pages)
        print(f"built {len(files)} PDFs, {pages} pages, in {time.perf_counter() - started:.0f} s")
    from pypdf import PdfReader

    files = sorted(corpus.glob("*.pdf"))
    pages = sum(len(PdfReader(f).pages) for f in files)
    data_dir = args.workdir / "data"
    shutil.rmtree(data_dir, ignore_errors=True)

    report = ingest(files, Settings(data_dir=data_dir))
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    embed = report.phases.get("embed", 0.0)
    figures = {
        "files": len(files),
        "pages": pages,
        "clauses": report.total_clauses,
        "triples": report.triples,
        "errors": len(report.errors),
        "seconds": round(report.seconds, 1),
        "pages_per_second": round(pages / report.seconds, 1),
        "parse_pages_per_second": round(pages / report.phases.get("parse", 1e-9), 1),
        "phases": {name: round(seconds, 1) for name, seconds in sorted(report.phases.items(), key=lambda kv: -kv[1])},
        "peak_memory_mib": round(peak_mib),
        "total_over_embedding": round(report.seconds / embed, 3) if embed else None,
    }
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
