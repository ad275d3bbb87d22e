"""The concept bench on other producers' renderings of a gold folder's documents, made on the spot.

    python -m bench.renderings tests/fixtures/concepts/dev2 [--out /tmp/renderings] [-v]

Each HTML page is printed by Chromium (as a visitor's browser prints it: the page's own chrome
included) and saved as Word and ODF by LibreOffice; each DOCX is converted to PDF and ODF by
LibreOffice. Every rendering gets a copy of its document's gold TOML pointing at it, and the bench
measures them all against the same gold: extraction that only works for one producer's output shows.
Needs ``chromium`` and ``soffice`` on the PATH; a rendering that fails is reported and skipped.
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from bench import concepts

TIMEOUT = 180
CONVERSIONS = {".html": ("pdf", "docx", "odt"), ".docx": ("pdf", "odt")}
FILTERS = {"docx": "docx:MS Word 2007 XML"}  # LibreOffice opens a page as a web document: name the Word filter


def render(source: Path, target: str, out: Path) -> Path | None:
    """``source`` rendered as ``target`` ("pdf", "docx", "odt") into ``out``; None when the converter fails."""
    result = out / f"{source.stem}.{source.suffix[1:]}.{target}"
    if target == "pdf" and source.suffix == ".html":
        command = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={result}", str(source.resolve())]
    else:
        work = out / f".{source.stem}.{target}"
        work.mkdir(exist_ok=True)
        command = ["soffice", "--headless", "--convert-to", FILTERS.get(target, target), "--outdir", str(work), str(source.resolve())]
    try:
        subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        print(f"{source.name} -> {target}: {exc}", file=sys.stderr)
        return None
    if target != "pdf" or source.suffix != ".html":
        converted = out / f".{source.stem}.{target}" / f"{source.stem}.{target}"
        if converted.exists():
            shutil.move(converted, result)
    return result if result.exists() and result.stat().st_size else None


def renderings(folder: Path, out: Path) -> list[Path]:
    """Render every document of ``folder`` and write a gold TOML beside each rendering."""
    written = []
    for gold in sorted(folder.glob("*.toml")):
        document = folder / tomllib.loads(gold.read_text(encoding="utf-8"))["file"]
        for target in CONVERSIONS.get(document.suffix, ()):
            if (rendered := render(document, target, out)) is None:
                print(f"{document.name} -> {target}: no output", file=sys.stderr)
                continue
            text = re.sub(r'(?m)^file = ".*"$', f'file = "{rendered.name}"', gold.read_text(encoding="utf-8"))
            text = re.sub(r"(?m)^renderings = .*$", "", text)
            toml = rendered.with_name(rendered.name + ".toml")
            toml.write_text(text, encoding="utf-8")
            written.append(toml)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--out", type=Path, help="keep the renderings here (default: a temporary folder)")
    parser.add_argument("-v", "--verbose", action="store_true", help="per document: misses and false positives")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        out = args.out or Path(scratch)
        out.mkdir(parents=True, exist_ok=True)
        if not renderings(args.folder, out):
            print("no renderings made (are chromium and soffice installed?)", file=sys.stderr)
            return 1
        return concepts.main([str(out), *(["-v"] if args.verbose else [])])


if __name__ == "__main__":
    raise SystemExit(main())
