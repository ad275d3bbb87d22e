"""Memory and time on pathological files: a 50 MB web page, a 10 MB single line, 100,000 nested divs.

    python -m bench.bigfile [--workdir /tmp/rskg-bigfile] [--mb 50] [--no-ingest]

Each case runs in a child process of its own, so each peak is that case's alone: first parse
and clauses, then a full ingest into an empty data directory (what `rskg ingest` does). The
figures are the peak resident memory of the child (``ru_maxrss``) and wall seconds. The bar
(issue 11): a 50 MB page stays under 2 GiB through the whole ingest.

Measured on the 2-core development machine, shared (peak MiB / seconds):

    case                      parse+clauses    full ingest        before (bs4, unbounded clauses)
    50 MB web page            233 / 3.7        1517 / 114         1180 / 45; ingest 2401 / 1070 (*)
    10 MB single line         242 / 4.2        1883 / 624         398 s reported in issue 11
    100,000 nested divs       74 / 0.3         311 / 1.3          RecursionError

    (*) on an earlier variant of the page with three times its text (9,895 clauses).

Most of a full ingest's memory and time is the embedding of the clauses (ONNX Runtime, about
1 GiB at its peak) and the SHACL validation, not the reading of the file.
"""

import argparse
import base64
import json
import multiprocessing
import random
import resource
import shutil
import time
from pathlib import Path

from ingest.settings import PROJECT_ROOT

SEEDS = sorted((PROJECT_ROOT / "corpus").glob("*.txt"))
LIMIT_MIB = 2048


def sentences() -> list[str]:
    """The seed texts' sentences: the real prose a guidance page carries."""
    found = []
    for seed in SEEDS:
        for line in seed.read_text(encoding="utf-8").split("\n"):
            line = line.strip().lstrip("-*# ")
            if len(line) > 80:
                found.append(line)
    return found


HEAD = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Research security guidance | A ministry</title>
<meta name="DC.publisher" content="A Ministry of Research"><meta name="DC.date" content="2024-05-13">
<link rel="canonical" href="https://example.org/research-security">
"""
ROW_DIV = '<div class="row" style="margin:0 auto;max-width:72ch"><div class="col">'
TABLE_HEAD = (
    '<table class="data" style="border-collapse:collapse"><thead><tr><th>Item</th><th>Value</th><th>Status</th></tr></thead><tbody>'
)
CELL = '<td style="padding:2px 4px">'
NOTE = '<span style="color:#555"><i class="icon icon-info"></i><span><span><span>note</span></span></span></span>'


def big_page(path: Path, megabytes: int = 50) -> Path:
    """A saved web page as a CMS writes one: most of its bytes are markup, styles, scripts and images."""
    rng = random.Random(11)
    prose = sentences()
    icon = "".join(
        f"M{rng.randint(0, 99)}.{rng.randint(0, 9)} {rng.randint(0, 99)}L{rng.randint(0, 99)} {rng.randint(0, 99)}" for _ in range(60)
    )
    picture = base64.b64encode(rng.randbytes(24_000)).decode()
    style = "".join(f".c{i}{{margin:{i % 7}px;padding:{i % 5}px;color:#{i:06x};font:{10 + i % 8}px/1.4 sans-serif}}\n" for i in range(4000))
    script = "window.__STATE__=" + json.dumps({f"k{i}": [rng.random() for _ in range(8)] for i in range(3000)}) + ";"
    navigation = "".join(f'<a href="/p{i}">Page {i}</a>' for i in range(300))
    with path.open("w", encoding="utf-8") as out:
        out.write(f"{HEAD}<style>{style}</style><script>{script}</script></head>\n<body>\n")
        out.write(f'<header class="site-header"><nav class="navbar">{navigation}</nav></header>\n')
        out.write('<main id="main">\n<h1>Research security guidance</h1>\n')
        section = 0
        while out.tell() < megabytes * 2**20:
            section += 1
            out.write(_section(section, rng, prose, icon, picture))
        out.write('</main>\n<footer class="footer"><p>© A Ministry</p></footer>\n</body></html>\n')
    return path


def _section(number: int, rng: random.Random, prose: list[str], icon: str, picture: str) -> str:
    """About 15 KB of markup around a few hundred characters of prose (about 3% of the page is text)."""
    parts = [f'<section class="c{number % 4000}" style="display:flex;flex-direction:column;gap:4px">\n<h2>Part {number}</h2>\n{NOTE}\n']
    words = " ".join(rng.choice(prose) for _ in range(rng.randint(1, 3)))
    parts.append(f'{ROW_DIV}<p data-id="{rng.random()}">{words} (part {number})</p></div></div>\n')
    parts.append(f'<svg viewBox="0 0 100 100" width="16" height="16"><path d="{icon}"/></svg>\n')
    if number % 10 == 0:
        parts.append(f'<img alt="figure {number}" src="data:image/png;base64,{picture}">\n')
    parts.append(TABLE_HEAD)
    for row in range(30):
        mark = rng.choice(("✓", "–"))
        parts.append(
            f'<tr class="r{row % 2}">{CELL}<span>{rng.randint(0, 10**6)}</span></td>{CELL}<span>{rng.random():.3f}</span></td>'
            f'<td><span class="badge">{mark}</span></td></tr>'
        )
    parts.append("</tbody></table>\n")
    links = "".join(f'<li class="related"><a href="/topic/{number}/{i}" style="color:#036">Topic {i}</a></li>' for i in range(20))
    parts.append(f'<aside class="related-links"><ul>{links}</ul></aside>\n')
    card = json.dumps({"@type": "WebPageElement", "n": number, "blob": picture[:2000]})
    parts.append(f'<script type="application/ld+json">{card}</script>\n</section>\n')
    return "".join(parts)


def long_line(path: Path, megabytes: int = 10) -> Path:
    """A text file of one 10 MB line, as an export that lost its line ends writes one: the first half
    prose, the second half prose that lost its sentence ends too (no cut at a full stop is possible),
    then a 1 MB run with no space at all (a pasted blob)."""
    prose = sentences()
    rng = random.Random(7)
    target = megabytes * 2**20
    blob = base64.b64encode(rng.randbytes(3 * 2**18)).decode()
    with path.open("w", encoding="utf-8") as out:
        n = 0
        while out.tell() < target - len(blob):
            n += 1
            sentence = rng.choice(prose)
            if out.tell() > target // 2:
                sentence = sentence.lower().replace(".", "")
            out.write(f"{sentence} ({n}) ")
        out.write(blob)
    return path


def deep_page(path: Path, depth: int = 100_000) -> Path:
    path.write_text(
        "<html><body><main><h1>Deep</h1>"
        + "<div>" * depth
        + "<p>The innermost paragraph still says something worth finding about research security.</p>"
        + "</div>" * depth
        + "</main></body></html>",
        encoding="utf-8",
    )
    return path


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _parse_case(path: Path, queue) -> None:
    from ingest.clauses import build_clauses
    from ingest.parse import parse

    started = time.perf_counter()
    parsed = parse(path)
    _, clauses = build_clauses("bench", parsed)
    queue.put(
        {
            "stage": "parse+clauses",
            "seconds": round(time.perf_counter() - started, 1),
            "peak_mib": round(_peak_mib()),
            "text_chars": len(parsed.text),
            "clauses": len(clauses),
            "longest_clause": max((len(c.text) for c in clauses), default=0),
        }
    )


def _ingest_case(path: Path, data_dir: Path, queue) -> None:
    from ingest.pipeline import ingest
    from ingest.settings import Settings

    shutil.rmtree(data_dir, ignore_errors=True)
    started = time.perf_counter()
    report = ingest([path], Settings(data_dir=data_dir))
    queue.put(
        {
            "stage": "ingest",
            "seconds": round(time.perf_counter() - started, 1),
            "peak_mib": round(_peak_mib()),
            "clauses": report.total_clauses,
            "errors": [str(e) for e in report.errors],
            "phases": {name: round(s, 1) for name, s in sorted(report.phases.items(), key=lambda kv: -kv[1])},
        }
    )


def _run(target, *args) -> dict:
    """One case in a fresh process, so its peak memory is its own."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=target, args=(*args, queue))
    child.start()
    child.join()
    if child.exitcode != 0:
        return {"failed": f"exit code {child.exitcode}"}
    return queue.get()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/rskg-bigfile"))
    parser.add_argument("--mb", type=int, default=50, help="size of the big web page")
    parser.add_argument("--no-ingest", action="store_true", help="parse and clauses only")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)

    cases = {
        f"{args.mb} MB web page": big_page(args.workdir / "big.html", args.mb),
        "10 MB single-line text": long_line(args.workdir / "line.txt"),
        "100,000 nested divs": deep_page(args.workdir / "deep.html"),
    }
    results = {}
    for name, path in cases.items():
        results[name] = {"bytes": path.stat().st_size, "parse": _run(_parse_case, path)}
        print(name, json.dumps(results[name]["parse"]), flush=True)
        if not args.no_ingest:
            results[name]["ingest"] = _run(_ingest_case, path, args.workdir / "data")
            print(name, json.dumps(results[name]["ingest"]), flush=True)
    peaks = [stage.get("peak_mib", 0) for case in results.values() for key, stage in case.items() if key != "bytes"]
    print(json.dumps({"results": results, "max_peak_mib": max(peaks), "under_2_gib": max(peaks) < LIMIT_MIB}, indent=2))


if __name__ == "__main__":
    main()
