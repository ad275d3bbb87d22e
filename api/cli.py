"""`rskg`: a thin shell over the library. Each command parses options and calls one function."""

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ingest import graph
from ingest.errors import RskgError
from ingest.settings import Settings

app = typer.Typer(
    help="rskg: knowledge graph and semantic search over research-security guidance.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", envvar="RSKG_DATA_DIR", help="Where the index and graph live (default: data/ in the project)."),
]


def _settings(data_dir: Path | None, **overrides) -> Settings:
    values = {k: v for k, v in overrides.items() if v is not None}
    if data_dir is not None:
        values["data_dir"] = data_dir
    return Settings(**values)


def _fail(exc: Exception) -> None:
    err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def _warn(message: str) -> None:
    err.print(f"[yellow]warning:[/yellow] {escape(message)}", highlight=False, soft_wrap=True)


def _say(message: str) -> None:
    out.print(escape(message), highlight=False, soft_wrap=True)


def _option(help_text: str):
    return typer.Option(help=help_text, show_default=False)


@app.command()
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders to ingest (default: the bundled corpus/).")] = None,
    data_dir: DataDir = None,
    doc_id: Annotated[str | None, typer.Option("--id", help="The document's id (one file only); letters, digits, '-', '.'.")] = None,
    title: Annotated[str | None, _option("The document's title (one file only).")] = None,
    issuer: Annotated[str | None, _option("Who issued the documents, e.g. 'Government of Canada'.")] = None,
    date: Annotated[str | None, _option("Their date: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    jurisdiction: Annotated[str | None, _option("The jurisdiction they speak for, e.g. Canada.")] = None,
    kind: Annotated[str | None, _option("What sort of document, e.g. 'national guidelines'.")] = None,
    source_url: Annotated[str | None, _option("The document's original address (one file only); citations link to it.")] = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Read every registered document again from its stored copy, and build a new state.")
    ] = False,
    repair: Annotated[
        bool, typer.Option("--repair", help="Publish a new state if the current one is damaged or lacks a registered document.")
    ] = False,
    password: Annotated[str | None, typer.Option(help="Password of encrypted PDFs among the files.", envvar="RSKG_PDF_PASSWORD")] = None,
) -> None:
    """Parse documents, cut them into clauses, and publish a new graph and index.

    A document is known by its source: the same file (or --source-url) ingested again replaces its
    document; another file never does, whatever its name. Metadata comes from these options, then
    a sidecar FILE.toml or the folder's manifest.toml, then the file itself. A file that cannot be
    read is reported in one line and skipped; the others still go in.
    """
    from ingest.manifest import Given
    from ingest.pipeline import ingest as run_ingest

    settings = _settings(data_dir)
    targets = paths or ([] if rebuild or repair else [settings.corpus_dir])
    given = Given(id=doc_id, title=title, issuer=issuer, date=date, jurisdiction=jurisdiction, kind=kind, source=source_url)
    with Progress(
        TextColumn("{task.description:<8}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True
    ) as bar:
        tasks: dict[str, int] = {}

        def progress(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.update(tasks[phase], completed=done, total=total)

        try:
            report = run_ingest(targets, settings, rebuild=rebuild, repair=repair, given=given, progress=progress, password=password)
        except RskgError as exc:
            _fail(exc)
    for warning in report.warnings:
        _warn(warning)
    for outcome in report.outcomes:
        if outcome.action != "failed":
            _say(str(outcome))
    for problem in report.errors:
        err.print(f"[red]error:[/red] {escape(str(problem))}", highlight=False, soft_wrap=True)
    if report.state is not None:
        _say(
            f"ingested {len(report.documents)} document(s) in {report.seconds:.1f} s; index now holds "
            f"{report.total_documents} documents, {report.total_clauses} clauses, {report.triples} triples "
            f"({report.embedded} clauses embedded, the rest from the cache)"
        )
    else:
        same = f" ({len(report.unchanged)} file(s) already indexed with the same content)" if report.unchanged else ""
        _say(f"nothing ingested{same}; the current index is unchanged")
    if report.published:
        _say(f"graph published to {report.published}")
    if report.external_error:
        problem = f"{report.external_error}; the local index is published, run `rskg publish` once the store is back"
        err.print(f"[red]error:[/red] {escape(problem)}", highlight=False, soft_wrap=True)
    if report.errors or report.external_error:
        raise typer.Exit(1)


@app.command()
def fetch(
    addresses: Annotated[list[str] | None, typer.Argument(help="Addresses (http or https) of documents to fetch and ingest.")] = None,
    from_list: Annotated[
        Path | None, typer.Option("--list", help="A text file of addresses, one a line ('#' starts a comment).", show_default=False)
    ] = None,
    tools: Annotated[
        bool,
        typer.Option(
            "--tools", help="Also fetch the address of every tool in the graph (with --jurisdiction: that jurisdiction's tools only)."
        ),
    ] = False,
    depth: Annotated[
        int,
        typer.Option(
            "--depth",
            min=0,
            help="Also fetch the documents (HTML, PDF, DOCX, ODT) that fetched pages link to, up to this many links away "
            "(0: only the addresses given); on the page's own host, at most RSKG_FETCH_MAX_LINKED of them.",
        ),
    ] = 0,
    any_host: Annotated[bool, typer.Option("--any-host", help="With --depth: follow links to other hosts too.")] = False,
    data_dir: DataDir = None,
    doc_id: Annotated[str | None, typer.Option("--id", help="The document's id (one address only).")] = None,
    title: Annotated[str | None, _option("The document's title (one address only).")] = None,
    issuer: Annotated[str | None, _option("Who issued the documents, e.g. 'Government of Canada'.")] = None,
    date: Annotated[str | None, _option("Their date: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    jurisdiction: Annotated[str | None, _option("The jurisdiction they speak for, e.g. Canada.")] = None,
    kind: Annotated[str | None, _option("What sort of document, e.g. 'national guidelines'.")] = None,
) -> None:
    """Download documents by address, politely (robots.txt, one request at a time per host), and ingest them.

    The format comes from the response (PDF, HTML, DOCX, ODT, text), the metadata from the options,
    the file and the server's headers; the document's source is the address it ends at after
    redirects. Fetching an address again asks the server whether it changed (ETag, Last-Modified).
    An address that fails is reported in one line and skipped; the others still go in.
    With --tools, each tool the graph lists becomes linked to the document fetched from its address.
    With --depth N, the links of each fetched page are followed N links deep (politely, each address
    once); a linked address that fails or is no document is skipped with a note. The metadata options
    describe the addresses given, not the linked ones.
    """
    from ingest.fetch import fetch as run_fetch
    from ingest.fetch import read_list, tool_addresses
    from ingest.manifest import Given

    settings = _settings(data_dir)
    try:
        targets = [*(addresses or []), *(read_list(from_list) if from_list else [])]
        if tools:
            targets += tool_addresses(settings, jurisdiction)
        if not targets:
            raise RskgError("no addresses: give them as arguments, in a file with --list, or --tools")
        given = Given(id=doc_id, title=title, issuer=issuer, date=date, jurisdiction=jurisdiction, kind=kind)
        report = run_fetch(targets, settings, given=given, depth=depth, any_host=any_host)
    except RskgError as exc:
        _fail(exc)
    _fetch_summary(report)


@app.command()
def refresh(data_dir: DataDir = None) -> None:
    """Fetch every address in `rskg sources` again; what the servers say has not changed is not downloaded."""
    from ingest.fetch import refresh as run_refresh

    try:
        report = run_refresh(_settings(data_dir))
    except RskgError as exc:
        _fail(exc)
    _fetch_summary(report)


def _fetch_summary(report) -> None:
    ingested = report.ingest
    for warning in ingested.warnings if ingested else []:
        _warn(warning)
    for result in report.results:
        if result.status == "failed":
            err.print(f"[red]error:[/red] {escape(result.address)}: {escape(result.error or '')}", highlight=False, soft_wrap=True)
        else:
            _say(str(result))
    for problem in report.other_errors:
        err.print(f"[red]error:[/red] {escape(problem)}", highlight=False, soft_wrap=True)
    for linked in report.skipped:
        _say(f"skipped      -  {linked.address}: {linked.error}")
    if report.left_out:
        _warn(f"{report.left_out} more linked addresses were not fetched (RSKG_FETCH_MAX_LINKED); raise it to follow them")
    if ingested is not None and ingested.state is not None:
        _say(f"index now holds {ingested.total_documents} documents, {ingested.total_clauses} clauses")
    else:
        _say("nothing new ingested; the current index is unchanged")
    if report.failed or report.other_errors:
        raise typer.Exit(1)


@app.command()
def sources(
    as_json: Annotated[bool, typer.Option("--json", help="Print the record as JSON.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print the record as CSV (one row per address, with a header).")] = False,
    data_dir: DataDir = None,
) -> None:
    """The addresses fetched: each with its document, status, when it was last fetched and last changed."""
    import csv

    from ingest.fetch import COLUMNS, SourceBook

    try:
        book = SourceBook(_settings(data_dir).data_dir)
    except RskgError as exc:
        _fail(exc)
    rows = sorted(book.sources.values(), key=lambda s: s.address)
    if as_json:
        print(json.dumps([s.saved() for s in rows], ensure_ascii=False, indent=1))
    elif as_csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(s.saved() for s in rows)
    elif not rows:
        _say("no fetched sources yet; fetch some with `rskg fetch URL`")
    else:
        table = Table("address", "document", "status", "last fetched", "last changed", "note")
        for s in rows:
            moved = f"now at {s.final_address}" if s.final_address and s.final_address != s.address else ""
            table.add_row(escape(s.address), s.doc_id or "", s.status, s.last_fetched or "", s.last_changed or "", escape(s.error or moved))
        out.print(table)


@app.command()
def editions(
    address: Annotated[str, typer.Argument(help="An address `rskg fetch` was given (see `rskg sources`).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the changes as JSON.")] = False,
    data_dir: DataDir = None,
) -> None:
    """What changed between a fetched document's earlier edition and its current one: clauses added, removed and reworded,
    and the concepts only one of them states."""
    from ingest.editions import compare

    try:
        diff = compare(address, _settings(data_dir))
    except RskgError as exc:
        _fail(exc)
    if as_json:
        print(json.dumps(diff.as_json(), ensure_ascii=False, indent=1))
        return
    _say(f"{diff.doc_id or address}: edition of {diff.before.get('from') or '?'} -> edition of {diff.after.get('from') or '?'}")
    for change in diff.changes:
        if change.change == "reworded":
            _say(f"reworded  {change.before}\n       ->  {change.after}")
        else:
            _say(f"{change.change:<9} {change.after or change.before}")
    if not diff.changes:
        _say("no clause changed (the files differ in layout or metadata only)")
    for concept in diff.concepts:
        _say(f"concept {concept.change:<7} {concept.label} ({concept.scheme})")
    if diff.doc_id:
        _say(f"side by side: /id/doc/{diff.doc_id}/editions on `rskg serve`")


@app.command()
def doctor(data_dir: DataDir = None) -> None:
    """Check a data directory: the current link, each state, the registry and its stored copies, the cache; say how to repair."""
    from ingest.doctor import examine

    settings = _settings(data_dir)
    findings = examine(settings.data_dir)
    for finding in findings:
        label = "[green]ok[/green]" if finding.ok else "[red]problem[/red]"
        err_or_out = out if finding.ok else err
        err_or_out.print(f"{label}: {escape(finding.what)}", highlight=False, soft_wrap=True)
        if finding.fix:
            err_or_out.print(f"  fix: {escape(finding.fix)}", highlight=False, soft_wrap=True)
    if any(not f.ok for f in findings):
        raise typer.Exit(1)


@app.command()
def settings(
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the reference as a Markdown table (as in the README).")] = False,
    data_dir: DataDir = None,
) -> None:
    """Every setting: its environment variable, default, meaning and, here, current value."""
    from ingest.settings import reference

    current = _settings(data_dir)
    if markdown:
        out.print("| variable | default | what it sets |\n| --- | --- | --- |", highlight=False)
        for variable, default, description in reference():
            out.print(f"| `{variable}` | `{default}` | {description} |", highlight=False, soft_wrap=True)
        return
    table = Table("variable", "current value", "what it sets")
    for variable, _, description in reference():
        table.add_row(variable, str(getattr(current, variable.removeprefix("RSKG_").lower())), description)
    out.print(table)


@app.command()
def publish(data_dir: DataDir = None) -> None:
    """Send the current graph to the external SPARQL store (RSKG_STORE_GSP_URL), replacing what it held."""
    from ingest.pipeline import publish_external

    settings = _settings(data_dir)
    try:
        size = publish_external(settings)
    except RskgError as exc:
        _fail(exc)
    out.print(f"published {size / 1e6:.1f} MB of N-Triples to {settings.store_gsp_url}", highlight=False)


@app.command()
def remove(
    doc_ids: Annotated[list[str], typer.Argument(help="Ids of the documents to remove (see `rskg query` or GET /search results).")],
    data_dir: DataDir = None,
) -> None:
    """Remove documents from the index and graph, and their addresses from `rskg sources` (so `rskg refresh` does not
    fetch them back); a running `rskg serve` picks up the change."""
    from ingest.fetch import SourceBook
    from ingest.pipeline import remove as run_remove

    settings = _settings(data_dir)
    try:
        report = run_remove(doc_ids, settings)
        forgotten = SourceBook(settings.data_dir).forget(doc_ids)
    except RskgError as exc:
        _fail(exc)
    out.print(
        f"removed {', '.join(doc_ids)}; index now holds {report.total_documents} documents, {report.total_clauses} clauses",
        highlight=False,
        soft_wrap=True,
    )
    if forgotten:
        out.print(f"no longer fetched by `rskg refresh`: {', '.join(forgotten)}", highlight=False, soft_wrap=True)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (default: 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (default: 8000).")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Server processes; they share the memory-mapped index (default: 1).")] = None,
    data_dir: DataDir = None,
) -> None:
    """Serve the HTTP API; ingests the bundled corpus first if there is no index yet."""
    import atexit
    import shutil
    import tempfile

    import uvicorn

    from ingest.states import load_check, open_latest
    from ingest.storage import finished_states

    settings = _settings(data_dir, host=host, port=port, workers=workers)
    os.environ.setdefault("OMP_NUM_THREADS", str(settings.query_threads))  # before FAISS or BLAS start their threads
    if not finished_states(settings.data_dir):
        err.print(f"no index in {escape(str(settings.data_dir))}; ingesting {escape(str(settings.corpus_dir))} first", highlight=False)
        ingest(paths=[settings.corpus_dir], data_dir=settings.data_dir)
    try:
        opened = open_latest(settings.data_dir, load_check)  # a damaged state is said here in one line, not in a startup traceback
    except RskgError as exc:
        _fail(exc)
    if opened.warning:
        _warn(opened.warning)
    from api.server import uvicorn_options

    options = {"host": settings.host, "port": settings.port, "access_log": not settings.log_json, "proxy_headers": True}
    options |= uvicorn_options(settings)
    if settings.workers == 1:
        from api.app import create_app

        uvicorn.run(create_app(settings), **options)
        return
    # Not importing the app here keeps this supervising process out of the metrics.
    # Each worker process builds the app from the environment; their metrics are added up through files.
    os.environ["RSKG_DATA_DIR"] = str(settings.data_dir)
    if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        metrics_dir = os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="rskg-metrics-")
        atexit.register(shutil.rmtree, metrics_dir, ignore_errors=True)  # the counts belong to this run only
    uvicorn.run("api.app:create_app", factory=True, workers=settings.workers, **options)


@app.command()
def search(
    question: Annotated[str, typer.Argument(help="A question or keywords.")],
    k: Annotated[int, typer.Option("--k", "-k", min=1, max=100, help="How many clauses to show.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON, as GET /search answers.")] = False,
    all_editions: Annotated[
        bool, typer.Option("--all-editions", help="Also search fetched documents' earlier editions (as GET /search?editions=all).")
    ] = False,
    data_dir: DataDir = None,
) -> None:
    """Search the clauses from the command line, best first, each with its citation."""
    from api.resources import Resources
    from api.search import to_search_results

    settings = _settings(data_dir)
    try:
        resources = Resources.load(settings.data_dir)
    except RskgError as exc:
        _fail(exc)
    if resources.warning:
        _warn(resources.warning)
    index = (resources.editions_index or resources.index) if all_editions else resources.index
    results = to_search_results(resources, question, index.search(question, k, **settings.search_options()), editions=all_editions)
    if as_json:
        print(json.dumps(results.model_dump(), ensure_ascii=False, indent=1))
        return
    for rank, hit in enumerate(results.results, 1):
        doc = hit.document
        cited = f"{doc.issuer or 'Unknown issuer'} ({(doc.date or '')[:4] or 'n.d.'})"
        where = ", ".join(x for x in (doc.title, cited, hit.section, f"p. {hit.page}" if hit.page else None) if x)
        out.print(f"[bold]{rank}.[/bold] [dim]{hit.score:.3f}[/dim] {escape(where)}", highlight=False, soft_wrap=True)
        out.print(f"   {escape(hit.text)}", highlight=False)
        if doc.source:
            out.print(f"   [dim]source: {escape(doc.source)}[/dim]", highlight=False, soft_wrap=True)
        if hit.edition is not None and not hit.edition.current:
            when = f"earlier edition, fetched {hit.edition.date or '?'}, replaced {hit.edition.until or '?'}"
            out.print(f"   [dim]{escape(when)}[/dim]", highlight=False, soft_wrap=True)
        if hit.concepts:
            out.print("   [dim]about: " + escape(", ".join(c.label for c in hit.concepts[:6])) + "[/dim]", highlight=False)
        out.print()


@app.command()
def query(
    sparql: Annotated[
        str,
        typer.Argument(
            help="A SPARQL query; rskg's prefixes (rskg:, dcterms:, prov:, skos: ...) are declared. '-' reads it from standard input."
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print SPARQL 1.1 JSON results.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Run a SPARQL query over the built graph."""
    settings = _settings(data_dir)
    text = sys.stdin.read() if sparql == "-" else sparql
    try:
        store = _open_graph(settings.data_dir)
        results = graph.results_as_json(graph.query(store, text))
    except RskgError as exc:
        _fail(exc)
    if as_json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    elif "boolean" in results:
        out.print(str(results["boolean"]).lower())
    elif "triples" in results:
        print("\n".join(results["triples"]))
    else:
        table = Table(*results["head"]["vars"], show_lines=False)
        for row in results["results"]["bindings"]:
            table.add_row(*(row.get(v, {}).get("value", "") for v in results["head"]["vars"]))
        out.print(table)
        out.print(f"{len(results['results']['bindings'])} row(s)", style="dim")


@app.command()
def validate(data_dir: DataDir = None) -> None:
    """Check the built graph against the SHACL shapes in ontology/shapes.ttl and list what fails."""
    from ingest.validate import validate_store

    settings = _settings(data_dir)
    try:
        violations = validate_store(_open_graph(settings.data_dir))
    except RskgError as exc:
        _fail(exc)
    if not violations:
        out.print("the graph conforms to the shapes in ontology/shapes.ttl")
        return
    for violation in violations:
        err.print(f"[red]violation:[/red] {violation}", highlight=False, soft_wrap=True)
    err.print(f"{len(violations)} violation(s)", highlight=False)
    raise typer.Exit(1)


@app.command()
def assess(
    policy: Annotated[Path, typer.Argument(help="A policy to check (PDF, HTML, DOCX, text: any format ingest reads); it is not added.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the coverage as JSON, as /id/doc/{id}/coverage.json does.")] = False,
    data_dir: DataDir = None,
    password: Annotated[str | None, typer.Option(help="Password of an encrypted PDF.", envvar="RSKG_PDF_PASSWORD")] = None,
) -> None:
    """Check a policy against the G7 values, principles and risk vectors: which it addresses, with its clauses, and which not."""
    from ingest.coverage import SCHEME_TITLES
    from ingest.coverage import assess as assess_policy

    settings = _settings(data_dir)
    try:
        coverage = assess_policy(policy, settings, password=password)
    except RskgError as exc:
        _fail(exc)
    if as_json:
        print(json.dumps(coverage.as_json(), ensure_ascii=False, indent=1))
        return
    table = Table(
        "", "G7 concept", "addressed", "clauses", "score", "best sentence", title=f"{coverage.title} ({coverage.clauses} clauses)"
    )
    for item in coverage.concepts:
        top = item.clauses[0] if item.clauses else None
        sentence = (top.get("sentence") or top["text"])[:110] if top else ""
        mark = "[green]yes[/green]" if item.addressed else "[red]no[/red]"
        table.add_row(
            SCHEME_TITLES[item.scheme],
            escape(item.label),
            mark,
            str(len(item.clauses)),
            f"{item.best:.2f}" if top else "",
            escape(sentence),
        )
    out.print(table)
    out.print(
        f"addresses {len(coverage.addressed)} of {len(coverage.concepts)}; not: {', '.join(c.label for c in coverage.missing) or 'none'}"
    )


def _open_graph(data_dir: Path):
    """The current state's graph, or the last good state's (with a warning) if the current one is damaged."""
    from ingest.states import open_latest

    def load(state: Path):
        store = graph.open_store(state / "graph")
        store.query("ASK { ?s ?p ?o }")
        return store

    opened = open_latest(data_dir, load)
    if opened.warning:
        _warn(opened.warning)
    return opened.value


def main() -> None:
    """Run the CLI. Whatever goes wrong reaches the user as one line; RSKG_DEBUG=1 shows the traceback."""
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted", highlight=False)
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("RSKG_DEBUG"):
            raise
        text = (str(exc).strip().splitlines() or [""])[0][:300]
        detail = text if isinstance(exc, RskgError) else f"{type(exc).__name__}: {text}"
        err.print(
            f"[red]error:[/red] {escape(detail)} (an unexpected failure; run it again with RSKG_DEBUG=1 to see where)",
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
