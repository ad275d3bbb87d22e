"""The pipeline: call the stages in order and publish a new state atomically.

Ingest adds or replaces documents (keyed by document id) in the current state;
a file that fails is reported and left out, and nothing already ingested is
lost. If every file fails, no new state is published at all.
"""

import hashlib
import json
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ontology import namespace as ns

from . import external, graph, storage
from .clauses import Section, build_clauses
from .concepts import extract
from .embed import VectorCache
from .errors import IngestError, NoIndexError, RskgError
from .index import HybridIndex, dense_text
from .links import Knowledge, build_knowledge
from .manifest import MANIFEST_NAME, entry_for
from .parse import SUPPORTED, ReadOptions, parse
from .records import ClauseRecord, Concept, DocumentRecord
from .settings import Settings
from .validate import ValidationFailed, validate_store

Progress = Callable[[str, int, int], None]  # phase, done, total


@dataclass
class IngestReport:
    documents: list[str] = field(default_factory=list)  # ids ingested in this run
    unchanged: list[str] = field(default_factory=list)  # ids whose file is the same as the indexed one
    errors: list[IngestError] = field(default_factory=list)
    total_documents: int = 0
    total_clauses: int = 0
    triples: int = 0
    embedded: int = 0  # clauses the model had to embed (the rest came from the cache)
    published: str | None = None  # the external store the graph was published to
    external_error: RskgError | None = None  # why publishing to the external store failed (the local state is published)
    seconds: float = 0.0
    state: Path | None = None
    phases: dict[str, float] = field(default_factory=dict)  # seconds spent in each stage
    _open: list[list] = field(default_factory=list, repr=False)  # [name, started] of the phases running, innermost last

    @contextmanager
    def phase(self, name: str):
        """Time a stage. A phase opened inside another is not counted in the outer one, so the
        phases add up to the whole: the embedding the concept stage asks for counts as embed."""
        now = time.perf_counter()
        if self._open:
            self._stop(self._open[-1], now)
        self._open.append([name, now])
        try:
            yield
        finally:
            now = time.perf_counter()
            self._stop(self._open.pop(), now)
            if self._open:
                self._open[-1][1] = now

    def _stop(self, running: list, now: float) -> None:
        name, started = running
        self.phases[name] = self.phases.get(name, 0.0) + now - started


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files to ingest: each file named, and the supported files in each folder named."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED and p.name != MANIFEST_NAME))
        else:
            files.append(path)
    return files


def ingest(
    paths: Iterable[Path], settings: Settings, *, rebuild: bool = False, progress: Progress | None = None, password: str | None = None
) -> IngestReport:
    options = ReadOptions(password=password, max_bytes=settings.max_file_mb * 2**20, max_pages=settings.max_pages)
    with storage.ingest_lock(settings.data_dir):
        return _ingest(expand(paths), settings, rebuild=rebuild, progress=progress, options=options)


def remove(doc_ids: Iterable[str], settings: Settings) -> IngestReport:
    """Take documents out of the index and graph; nothing is embedded again."""
    doc_ids = list(doc_ids)
    with storage.ingest_lock(settings.data_dir):
        state = require_state(settings.data_dir)
        records = _load_records(state)
        unknown = [d for d in doc_ids if d not in records[0]]
        if unknown:
            known = ", ".join(sorted(records[0])) or "none"
            raise RskgError(f"no document {', '.join(unknown)} in the index; its documents are: {known}")
        for part in records:
            for doc_id in doc_ids:
                part.pop(doc_id, None)
        return _publish(*records, settings, report=IngestReport(), progress=None, started=time.perf_counter())


def _ingest(files: list[Path], settings: Settings, *, rebuild: bool, progress: Progress | None, options: ReadOptions) -> IngestReport:
    started = time.perf_counter()
    report = IngestReport()
    state = storage.current_state(settings.data_dir)
    documents, sections, clauses, concepts = ({}, {}, {}, {}) if rebuild or state is None else _load_records(state)

    for n, path in enumerate(files, 1):
        if progress:
            progress("parse", n, len(files))
        known = documents.get(entry_for(path).id)
        if known is not None and path.is_file() and known.sha256 == _sha256(path):
            report.unchanged.append(known.id)  # same content as what is indexed: nothing to do
            continue
        try:
            document, doc_sections, doc_clauses, doc_concepts = read_document(path, report, options)
        except IngestError as exc:
            report.errors.append(exc)
            continue
        storage.keep_source(settings.data_dir, path, document.sha256)
        documents[document.id], sections[document.id], clauses[document.id] = document, doc_sections, doc_clauses
        concepts[document.id] = doc_concepts
        report.documents.append(document.id)

    if not report.documents:
        report.seconds = time.perf_counter() - started
        return report  # nothing new read: the current state stays as it is, even with --rebuild

    return _publish(documents, sections, clauses, concepts, settings, report=report, progress=progress, started=started)


def _publish(documents, sections, clauses, concepts, settings: Settings, *, report: IngestReport, progress, started: float) -> IngestReport:
    """Build a whole new state beside the current one, check it, then swap it in."""
    all_clauses = [c for doc_id in documents for c in clauses[doc_id]]
    target = storage.new_state_dir(settings.data_dir)
    try:
        report.embedded, report.triples = _build_state(target, documents, sections, all_clauses, concepts, settings, progress, report)
        storage.publish(settings.data_dir, target, keep=settings.keep_states)
    except BaseException:
        storage.discard(target)
        raise
    if settings.store_gsp_url:
        try:
            external.publish(target / "dumps" / "rskg.nt", settings.store_gsp_url, settings.store_graph)
            report.published = settings.store_gsp_url
        except external.ExternalStoreError as exc:
            report.external_error = exc
    report.state = target
    report.total_documents, report.total_clauses = len(documents), len(all_clauses)
    report.seconds = time.perf_counter() - started
    return report


def read_document(
    path: Path, report: IngestReport | None = None, options: ReadOptions | None = None
) -> tuple[DocumentRecord, list[Section], list[ClauseRecord], list[Concept]]:
    report = report or IngestReport()
    entry = entry_for(path)
    with report.phase("parse"):
        parsed = parse(path, options)
    with report.phase("clauses"):
        sections, clauses = build_clauses(entry.id, parsed)
    if not clauses:
        raise IngestError(path, "no clauses found (only headings or boilerplate); is this the right file?")
    document = DocumentRecord(
        id=entry.id,
        uri=ns.document_uri(entry.id),
        title=entry.title or parsed.title or path.stem,
        issuer=entry.issuer,
        date=entry.date,
        jurisdiction=entry.jurisdiction,
        kind=entry.kind,
        source=entry.source,
        file=path.name,
        sha256=_sha256(path),
        format=parsed.format,
        original_format=entry.original_format,
    )
    records = [
        ClauseRecord(
            id=c.id,
            uri=ns.clause_uri(c.doc_id, c.id),
            doc_id=c.doc_id,
            position=c.position,
            kind=c.kind,
            text=c.text,
            section=c.section,
            section_path=list(c.section_path),
            page=c.page,
            start=c.start,
            end=c.end,
        )
        for c in clauses
    ]
    with report.phase("concepts"):
        concepts = extract(document, parsed, records)
    return document, sections, records, concepts


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _build_state(target, documents, sections, clauses, concepts, settings: Settings, progress, report: IngestReport) -> tuple[int, int]:
    cache = VectorCache(settings.data_dir / "cache" / "embeddings")
    texts = [dense_text(c, documents[c.doc_id]) for c in clauses]
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("embed", done, len(texts))

    def embed_concepts(texts: list[str]):
        with report.phase("embed"):
            return cache.embed(texts, settings.embedding_batch_size)[0]

    if progress:
        progress("concepts", 0, 1)
    with report.phase("concepts"):
        knowledge = build_knowledge([c for doc_id in documents for c in concepts[doc_id]], clauses, embed_concepts)
    if progress:
        progress("graph", 0, 1)
    with report.phase("graph"):
        quads = []
        for doc_id, document in documents.items():
            quads.extend(graph.document_triples(document))
            quads.extend(graph.section_triples(doc_id, sections[doc_id]))
        for clause in clauses:
            quads.extend(graph.clause_triples(clause, clause.section))
        quads.extend(graph.knowledge_triples(knowledge))
        triples = graph.write_store(target / "graph", quads)
    if progress:
        progress("validate", 0, 1)
    with report.phase("validate"):
        store = graph.open_store(target / "graph")
        violations = validate_store(store)
    if violations:
        raise ValidationFailed(violations)
    with report.phase("graph"):
        graph.write_dumps(store, target / "dumps")
        del store
    with report.phase("embed"):
        vectors, embedded = cache.embed(texts, settings.embedding_batch_size, progress=step)
    with report.phase("index"):
        cache.save()
        HybridIndex.build(clauses, documents, vectors).save(target / "index")
        _save_concept_index(target / "index", knowledge)
    _write_jsonl(target / "sections.jsonl", ({"doc_id": d, **asdict(s)} for d, doc_sections in sections.items() for s in doc_sections))
    _write_jsonl(target / "concepts.jsonl", ({"doc_id": d, **asdict(c)} for d in documents for c in concepts[d]))
    meta = {
        "documents": len(documents),
        "clauses": len(clauses),
        "concepts": len(knowledge.concepts),
        "links": len(knowledge.links),
        "crosswalk": len(knowledge.crosswalk),
        "triples": triples,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    with storage.atomic_write(target / "state.json") as f:
        json.dump(meta, f, indent=1)
    if progress:
        progress("graph", 1, 1)
    return embedded, triples


def _write_jsonl(path: Path, rows) -> None:
    with storage.atomic_write(path) as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def _save_concept_index(folder: Path, knowledge: Knowledge) -> None:
    """What search needs of the graph, as files beside the index: concepts and clause links."""
    concepts = [{"uri": c.uri, "label": c.label, "scheme": c.scheme, "alt_labels": list(c.alt_labels)} for c in knowledge.concepts]
    clause_concepts: dict[str, list] = {}
    for link in knowledge.links:
        clause_concepts.setdefault(link.clause, []).append([link.concept, link.score])
    with storage.atomic_write(folder / "concepts.json") as f:
        json.dump({"concepts": concepts, "clauses": clause_concepts}, f, ensure_ascii=False)


def _load_records(state: Path):
    index = HybridIndex.load(state / "index")
    sections: dict[str, list[Section]] = {doc_id: [] for doc_id in index.documents}
    for row in _read_jsonl(state / "sections.jsonl"):
        doc_id = row.pop("doc_id")
        sections.setdefault(doc_id, []).append(Section(**{**row, "path": tuple(row["path"])}))
    clauses: dict[str, list[ClauseRecord]] = {doc_id: [] for doc_id in index.documents}
    for clause in index.clauses:
        clauses[clause.doc_id].append(clause)
    concepts: dict[str, list[Concept]] = {doc_id: [] for doc_id in index.documents}
    for row in _read_jsonl(state / "concepts.jsonl"):
        doc_id = row.pop("doc_id")
        concepts.setdefault(doc_id, []).append(
            Concept(**{**row, "alt_labels": tuple(row["alt_labels"]), "source_clauses": tuple(row["source_clauses"])})
        )
    return dict(index.documents), sections, clauses, concepts


def _read_jsonl(path: Path):
    if path.exists():
        with open(path, encoding="utf-8") as f:
            yield from (json.loads(line) for line in f if line.strip())


def publish_external(settings: Settings) -> int:
    """Send the current state's graph to the external store (``RSKG_STORE_GSP_URL``); return the bytes sent."""
    if not settings.store_gsp_url:
        raise RskgError("no external store is configured; set RSKG_STORE_GSP_URL (e.g. http://127.0.0.1:7878/store)")
    dump = require_state(settings.data_dir) / "dumps" / "rskg.nt"
    if not dump.is_file():
        raise RskgError("the current index was built before dumps were written; run `rskg ingest --rebuild` first")
    return external.publish(dump, settings.store_gsp_url, settings.store_graph)


def require_state(data_dir: Path) -> Path:
    state = storage.current_state(data_dir)
    if state is None:
        raise NoIndexError(data_dir)
    return state


__all__ = ["IngestReport", "RskgError", "expand", "ingest", "read_document", "remove", "require_state"]
