"""The dev questions answered from the bundled corpus printed as PDFs, producer by producer.

    python -m bench.pdf_retrieval [--producer lualatex ...] [--work /tmp/rskg-bench-pdf-retrieval]

Prints the five seed texts of corpus/ with each producer of the matrix (tests/fixtures/producers/
make.py: headless Chromium, LibreOffice, LaTeX, reportlab), ingests each set with the corpus
manifest's ids and metadata into its own data directory, serves it with `rskg serve`, and runs
shared/eval/score.py against it; the text files themselves are scored the same way first, as the
baseline. Needs what the matrix generator needs (Chromium, LibreOffice, TeX Live).
"""

import argparse
import subprocess
import sys
import tomllib
from pathlib import Path

from ingest.pipeline import ingest
from ingest.settings import PROJECT_ROOT, Settings
from tests.fixtures.producers import make
from tests.liveserver import served

SCORE = PROJECT_ROOT.parent / "shared" / "eval" / "score.py"
DEFAULT_PRODUCERS = ("chromium-headerfooter", "libreoffice", "docx-libreoffice", "lualatex", "reportlab")


def print_corpus(producer: str, folder: Path) -> Path:
    """The corpus's files printed by ``producer`` into ``folder``, with the corpus manifest renamed to them."""
    folder.mkdir(parents=True, exist_ok=True)
    corpus = tomllib.loads((PROJECT_ROOT / "corpus" / "manifest.toml").read_text())["document"]
    sources = [
        make.Source(f"corpus/{d['file']}", d["title"], d["issuer"], d.get("source") or f"{make.SITE}{Path(d['file']).stem}.html")
        for d in corpus
    ]
    make.PRODUCERS[producer](sources, folder)
    manifest = (PROJECT_ROOT / "corpus" / "manifest.toml").read_text().replace('.txt"', '.pdf"').replace("sha256 = ", "text_sha256 = ")
    (folder / "manifest.toml").write_text(manifest)
    return folder


def score(files: Path, data_dir: Path) -> str:
    report = ingest([files], Settings(data_dir=data_dir, corpus_dir=files))
    if report.errors:
        raise SystemExit("; ".join(str(e) for e in report.errors))
    with served(data_dir) as (url, _):
        run = subprocess.run([sys.executable, str(SCORE), "--url", url], capture_output=True, text=True, check=True)
    return next(line for line in run.stdout.splitlines() if line.startswith("score:"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--producer", action="append", choices=list(make.PRODUCERS), help="repeatable [default: five producers]")
    parser.add_argument("--work", type=Path, default=Path("/tmp/rskg-bench-pdf-retrieval"))
    args = parser.parse_args()
    rows = [("text files (corpus/)", score(PROJECT_ROOT / "corpus", args.work / "data-text"))]
    print(f"{rows[0][0]:<28} {rows[0][1]}", flush=True)
    for producer in args.producer or DEFAULT_PRODUCERS:
        files = print_corpus(producer, args.work / "pdf" / producer)
        rows.append((producer, score(files, args.work / f"data-{producer}")))
        print(f"{producer:<28} {rows[-1][1]}", flush=True)


if __name__ == "__main__":
    main()
