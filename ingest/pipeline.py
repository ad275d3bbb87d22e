"""The pipeline: call the stages in order and publish a new state atomically.

Ingest adds or replaces documents in the current state. A document is known by its source (its
address when one is given, else the file's resolved path): the same source ingested again
replaces its document, a different source never does, whatever its file name. A file that fails,
for any reason, is reported in one line and left out; nothing already ingested is lost. If no file
changes anything, no new state is published, unless the current one is damaged: then the last
good state, plus the documents of the registry it lacks, is published again.
"""

import errno
import hashlib
import json
import os
import time
import traceback
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from ontology import namespace as ns

from . import embed, external, graph, metadata, storage
from .clauses import Section, build_clauses
from .concepts import extract
from .embed import VectorCache
from .errors import IngestError, NoIndexError, RskgError
from .index import EDITIONS_INDEX, HybridIndex, dense_text
from .links import Knowledge, build_knowledge
from .manifest import MANIFEST_NAME, Given, check_given, entry_for, slug
from .parse import SUPPORTED, ReadOptions, parse
from .records import ClauseRecord, Concept, DocumentRecord
from .registry import REGISTRY_NAME, Registry, RegistryError, Source
from .settings import Settings
from .states import DamagedState, Opened, describe, graph_answers, open_latest
from .validate import ValidationFailed, validate_store

Progress = Callable[[str, int, int], None]  # phase, done, total


@dataclass(frozen=True)
class Outcome:
    """What happened to one document in an ingest."""

    action: str  # added, replaced, unchanged, restored or failed
    doc_id: str | None
    file: str
    note: str = ""

    def __str__(self) -> str:
        what = f"{self.doc_id} ({self.file})" if self.doc_id else self.file
        return f"{self.action:<9} {what}" + (f": {self.note}" if self.note else "")


@dataclass
class IngestReport:
    documents: list[str] = field(default_factory=list)  # ids read in this run (added, replaced or restored)
    unchanged: list[str] = field(default_factory=list)  # ids whose file is the same as the indexed one
    errors: list[IngestError] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)  # one per document or file, in order
    warnings: list[str] = field(default_factory=list)  # what the user should know that did not stop the ingest
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

    def fail(self, error: IngestError) -> None:
        self.errors.append(error)
        self.outcomes.append(Outcome("failed", None, str(error.path), error.problem))


def expand(paths: Iterable[Path]) -> tuple[list[Path], list[IngestError]]:
    """Files to ingest: each file named, and the supported files in each folder named; and the paths
    that cannot be opened at all (missing, a looping link, a folder that cannot be listed)."""
    files: list[Path] = []
    errors: list[IngestError] = []
    seen: set[Path] = set()

    def add(path: Path, resolved: Path) -> None:
        if resolved not in seen:
            seen.add(resolved)
            files.append(path)

    for path in paths:
        try:
            resolved = _resolve(path)
            if not resolved.is_dir():
                add(path, resolved)
                continue
            for entry in sorted(resolved.iterdir()):
                if entry.suffix.lower() not in SUPPORTED or entry.name == MANIFEST_NAME:
                    continue
                try:
                    add(entry, _resolve(entry))
                except IngestError as exc:
                    errors.append(exc)
        except IngestError as exc:
            errors.append(exc)
        except OSError as exc:
            errors.append(IngestError(path, f"cannot be listed ({exc.strerror or exc}); check its permissions"))
    return files, errors


def _resolve(path: Path) -> Path:
    """The real path of ``path``; a missing path or a looping link is an IngestError."""
    try:
        return path.resolve(strict=True)
    except RuntimeError:  # Python 3.11 reports a symlink loop this way
        raise IngestError(path, "is a symbolic link that loops back on itself; point it at a real file or folder") from None
    except FileNotFoundError:
        if path.is_symlink():
            raise IngestError(path, f"is a link to {os.readlink(path)}, which does not exist; fix the link") from None
        raise IngestError(path, "no such file or folder") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise IngestError(path, "is a symbolic link that loops back on itself; point it at a real file or folder") from None
        raise IngestError(path, f"cannot be opened ({exc.strerror or exc}); check its permissions") from None


SINGLE_DOCUMENT = ("id", "title", "source")  # metadata that describes one document only


def ingest(
    paths: Iterable[Path],
    settings: Settings,
    *,
    rebuild: bool = False,
    repair: bool = False,
    given: Given | None = None,
    progress: Progress | None = None,
    password: str | None = None,
) -> IngestReport:
    """Add or replace the documents in ``paths``, with the metadata ``given`` (which wins over any other).

    ``repair`` publishes a new state even when no file changed, if the current state is damaged or
    lacks a registered document; ``rebuild`` reads every registered document again from its stored copy."""
    options = ReadOptions(password=password, max_bytes=settings.max_file_mb * 2**20, max_pages=settings.max_pages)
    given = check_given(given or Given(), "rskg ingest")
    with storage.ingest_lock(settings.data_dir):
        files, errors = expand(paths)
        single = [f"--{'source-url' if k == 'source' else k}" for k in SINGLE_DOCUMENT if getattr(given, k)]
        if single and len(files) > 1:
            raise RskgError(
                f"{', '.join(single)} describe one document and {len(files)} files were given; "
                "ingest that file on its own, or describe each file in a sidecar (FILE.toml) or manifest.toml"
            )
        report = IngestReport()
        for error in errors:
            report.fail(error)
        return _ingest(files, settings, report, given=given, rebuild=rebuild, repair=repair, progress=progress, options=options)


def remove(doc_ids: Iterable[str], settings: Settings) -> IngestReport:
    """Take documents out of the index, the graph and the registry; nothing is embedded again."""
    doc_ids = list(doc_ids)
    with storage.ingest_lock(settings.data_dir):
        report = IngestReport()
        base = _open_base(settings.data_dir, report)
        if base is None:
            raise NoIndexError(settings.data_dir)
        registry = _open_registry(settings.data_dir, base, report)
        records = base.value
        unknown = [d for d in doc_ids if d not in records[0] and d not in registry.sources]
        if unknown:
            known = ", ".join(sorted(set(records[0]) | set(registry.sources))) or "none"
            raise RskgError(f"no document {', '.join(unknown)} in the index; its documents are: {known}")
        for doc_id in doc_ids:
            registry.drop(doc_id)
            for part in records:
                part.pop(doc_id, None)
        return _publish(*records, settings, registry, base, report=report, progress=None, started=time.perf_counter())


def _ingest(
    files: list[Path], settings: Settings, report: IngestReport, *, given: Given, rebuild: bool, repair: bool, progress, options
) -> IngestReport:
    started = time.perf_counter()
    data_dir = settings.data_dir
    base = _open_base(data_dir, report)
    registry = _open_registry(data_dir, base, report)
    records = ({}, {}, {}, {}) if rebuild or base is None else base.value
    batch: dict[str, Path] = {}  # ids taken in this run, by the file that took them

    for n, path in enumerate(files, 1):
        if progress:
            progress("parse", n, len(files))
        try:
            _take_file(path, given, records, registry, batch, settings, report, options, rebuild=rebuild)
        except IngestError as exc:
            report.fail(exc)
        except OSError as exc:
            report.fail(IngestError(path, f"cannot be read ({exc.strerror or describe(exc)}); check it is there and readable"))
        except Exception as exc:  # one file must never stop the batch, whatever goes wrong in reading it
            report.fail(IngestError(path, f"could not be read ({describe(exc)}); check the file, or run with RSKG_DEBUG=1 for details"))
            if os.environ.get("RSKG_DEBUG"):
                traceback.print_exc()
    _restore(registry, records, settings, report, options)

    damaged = bool(base is not None and base.skipped)
    missing = [doc_id for doc_id in registry.sources if doc_id not in records[0]]
    if not report.documents and not damaged and not (repair and missing) and not (rebuild and records[0]):
        if registry.sources and not (data_dir / REGISTRY_NAME).exists():
            registry.save(data_dir / REGISTRY_NAME)  # a data directory from before registries: keep one from now on
        report.seconds = time.perf_counter() - started
        return report  # nothing new read: the current state stays as it is
    return _publish(*records, settings, registry, base, report=report, progress=progress, started=started)


def _take_file(path: Path, cli: Given, records, registry: Registry, batch: dict, settings, report: IngestReport, options, *, rebuild):
    documents, sections, clauses, concepts = records
    try:
        given = cli.over(entry_for(path))
    except RskgError as exc:
        raise IngestError(path, str(exc)) from None
    key = given.source or str(path.resolve())
    existing = registry.by_key(key) or registry.by_key(f"file:{path.name}")
    doc_id = given.id or (existing.id if existing else _fresh_id(slug(path.stem), key, set(registry.sources) | set(documents) | set(batch)))
    if doc_id in batch:
        raise IngestError(path, f"its id {doc_id} is also that of {batch[doc_id]} in this run; give each file its own id")
    batch[doc_id] = path
    sha = storage.sha256(path)
    known = registry.sources.get(doc_id)
    as_given = given.metadata()
    indexed = documents.get(doc_id)
    if not rebuild and known and (known.sha256, known.given, known.key) == (sha, as_given, key) and indexed and indexed.sha256 == sha:
        report.unchanged.append(doc_id)  # same content and metadata as what is indexed: nothing to do
        report.outcomes.append(Outcome("unchanged", doc_id, str(path)))
        return
    document, doc_sections, doc_clauses, doc_concepts = read_document(path, report, options, doc_id=doc_id, given=given)
    storage.keep_source(settings.data_dir, path, document.sha256)
    note = ""
    if existing is not None and existing.id != doc_id:  # the same source under a new id: the old document goes
        registry.drop(existing.id)
        for part in records:
            part.pop(existing.id, None)
        note = f"the same source was {existing.id}"
    elif known is not None and known.key != key:
        note = f"it was {known.file} from {known.path or known.key}"
    action = "replaced" if doc_id in documents or note else "added"
    documents[doc_id], sections[doc_id], clauses[doc_id], concepts[doc_id] = document, doc_sections, doc_clauses, doc_concepts
    registry.put(
        Source(
            id=doc_id,
            key=key,
            file=path.name,
            sha256=document.sha256,
            stored=f"files/{document.sha256}{path.suffix.lower()}",
            path=str(path.resolve()),
            given=as_given,
        )
    )
    report.documents.append(doc_id)
    report.outcomes.append(Outcome(action, doc_id, str(path), note))


def _fresh_id(base: str, key: str, taken: set[str]) -> str:
    """``base`` if no other document has it, else ``base`` with a short hash of the source's key."""
    digest = hashlib.sha256(key.encode()).hexdigest()
    for length in (8, 16, 64):
        if base not in taken:
            return base
        base = f"{base}-{digest[:length]}"
    return base


def _restore(registry: Registry, records, settings: Settings, report: IngestReport, options: ReadOptions) -> None:
    """Read again, from their stored copies, the registered documents the records lack (or hold an older version of)."""
    documents, sections, clauses, concepts = records
    for source in list(registry.sources.values()):
        doc = documents.get(source.id)
        if doc is not None and doc.sha256 == source.sha256:
            continue
        try:
            path = _stored_copy(settings.data_dir, source)
            document, doc_sections, doc_clauses, doc_concepts = read_document(
                path, report, options, doc_id=source.id, given=Given(**source.given), file_name=source.file
            )
        except IngestError as exc:
            report.fail(IngestError(source.file, f"document {source.id} could not be restored: {exc.problem}"))
            continue
        except Exception as exc:
            report.fail(IngestError(source.file, f"document {source.id} could not be restored ({describe(exc)})"))
            continue
        documents[source.id], sections[source.id], clauses[source.id], concepts[source.id] = (
            document,
            doc_sections,
            doc_clauses,
            doc_concepts,
        )
        report.documents.append(source.id)
        report.outcomes.append(Outcome("restored", source.id, source.file, "read again from its stored copy"))


def _stored_copy(data_dir: Path, source: Source) -> Path:
    """The stored copy of a registered document, or its original file if that still holds the same content."""
    for candidate in (data_dir / source.stored if source.stored else None, Path(source.path) if source.path else None):
        if candidate is not None and candidate.is_file() and storage.sha256(candidate) == source.sha256:
            return candidate
    raise IngestError(
        source.file,
        f"its stored copy ({source.stored or 'none'}) is missing or changed and the original is gone or changed; "
        f"ingest the file again, or `rskg remove {source.id}`",
    )


def _open_base(data_dir: Path, report: IngestReport) -> Opened | None:
    """The records of the newest state that loads (with a warning if that is not the current one);
    None if there is no state. If none loads, empty records (``state`` None) and the states that failed."""
    try:
        base = open_latest(data_dir, _load_base)
    except NoIndexError:
        return None
    except DamagedState as exc:
        report.warnings.append(f"no state in {data_dir} loads (the newest: {exc.skipped[0][1]}); rebuilding from the registry")
        return Opened(None, ({}, {}, {}, {}), exc.skipped)
    if base.warning:
        report.warnings.append(base.warning)
    return base


def _load_base(state: Path):
    json.loads((state / "state.json").read_text(encoding="utf-8"))
    graph_answers(state / "graph")
    return _load_records(state)


def _open_registry(data_dir: Path, base: Opened | None, report: IngestReport) -> Registry:
    path = data_dir / REGISTRY_NAME
    if path.exists():
        try:
            return Registry.read(path)
        except RegistryError as exc:
            report.warnings.append(f"the registry is damaged ({exc}); using the copy kept with the last good state")
    if base is None or base.state is None:
        return Registry()
    try:
        return Registry.read(base.state / REGISTRY_NAME)
    except RegistryError:
        return Registry.from_documents(data_dir, base.value[0])


def _publish(
    documents, sections, clauses, concepts, settings: Settings, registry: Registry, base: Opened | None, *, report, progress, started
) -> IngestReport:
    """Build a whole new state beside the current one, check it, seal it, then swap it in."""
    all_clauses = [c for doc_id in documents for c in clauses[doc_id]]
    target = storage.new_state_dir(settings.data_dir)
    try:
        report.embedded, report.triples = _build_state(
            target, documents, sections, all_clauses, concepts, settings, progress, report, registry
        )
        storage.seal(target)
        registry.save(settings.data_dir / REGISTRY_NAME)  # before the switch: the registry may hold more than the state, never less
        damaged = [state for state, _ in base.skipped] if base is not None else []
        storage.publish(settings.data_dir, target, keep=settings.keep_states, damaged=damaged)
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
    path: Path,
    report: IngestReport | None = None,
    options: ReadOptions | None = None,
    *,
    doc_id: str | None = None,
    given: Given | None = None,
    file_name: str | None = None,
) -> tuple[DocumentRecord, list[Section], list[ClauseRecord], list[Concept]]:
    """Parse one file into its records. ``doc_id`` and ``given`` default to what its sidecar or manifest
    says; ``file_name`` is the name to record (a stored copy is read under its original name)."""
    report = report or IngestReport()
    given = given if given is not None else entry_for(path)
    doc_id = doc_id or given.id or slug(path.stem)
    file_name = file_name or path.name
    with report.phase("parse"):
        parsed = parse(path, options)
    with report.phase("clauses"):
        sections, clauses = build_clauses(doc_id, parsed)
    if not clauses:
        raise IngestError(path, "no clauses found (only headings or boilerplate); is this the right file?")
    if parsed.damaged_pages:
        pages = ", ".join(str(p) for p in parsed.damaged_pages[:20]) + (" ..." if len(parsed.damaged_pages) > 20 else "")
        report.warnings.append(
            f"{file_name}: page(s) {pages} are damaged and could not be read; the document is ingested without them"
            " (download or export the file again, and ingest it again to complete it)"
        )
    meta = metadata.resolve(
        given, parsed.metadata, parsed.title, Path(file_name).stem, [c.text for c in clauses[: metadata.OPENING_CLAUSES]]
    )
    document = DocumentRecord(
        id=doc_id,
        uri=ns.document_uri(doc_id),
        title=meta.title,
        issuer=meta.issuer,
        date=meta.date,
        jurisdiction=meta.jurisdiction,
        kind=meta.kind,
        source=meta.source,
        file=file_name,
        sha256=storage.sha256(path),
        format=parsed.format,
        original_format=meta.original_format,
        language=meta.language,
        inferred=dict(meta.inferred),
        damaged_pages=list(parsed.damaged_pages),
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


def retrieval_cache(settings: Settings, concept_cache: VectorCache) -> VectorCache:
    """The vectors of the retrieval model, beside the concept model's (the same cache when they are one model)."""
    if settings.retrieval_model == embed.MODEL_NAME:
        return concept_cache
    return VectorCache(settings.data_dir / "cache" / f"embeddings-{settings.retrieval_model}", settings.retrieval_model)


def _build_state(
    target, documents, sections, clauses, concepts, settings: Settings, progress, report: IngestReport, registry: Registry
) -> tuple[int, int]:
    cache = VectorCache(settings.data_dir / "cache" / "embeddings")
    if cache.warning:
        report.warnings.append(cache.warning)
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
    from .fetch import addresses_leading_to  # here: the fetch module calls this one

    with report.phase("concepts"):
        knowledge = build_knowledge(
            [c for doc_id in documents for c in concepts[doc_id]],
            clauses,
            embed_concepts,
            documents=list(documents.values()),
            also_at=addresses_leading_to(settings.data_dir),
        )
    if progress:
        progress("graph", 0, 1)
    with report.phase("graph"):
        quads = []
        from .editions import earlier_editions  # here: editions reads the fetch record, whose module calls this one

        for doc_id, document in documents.items():
            quads.extend(graph.document_triples(document))
            quads.extend(graph.section_triples(doc_id, sections[doc_id]))
        for doc_id, editions in earlier_editions(settings.data_dir, set(documents)).items():
            quads.extend(graph.edition_triples(doc_id, editions))
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
        retrieval = retrieval_cache(settings, cache)
        if retrieval is not cache and retrieval.warning:
            report.warnings.append(retrieval.warning)
        vectors, embedded = retrieval.embed(texts, settings.embedding_batch_size, progress=step)
    earlier = _earlier_editions(settings, documents, clauses, report)
    with report.phase("embed"):
        earlier_texts = [dense_text(c, documents[c.doc_id]) for c in earlier.clauses]
        earlier_vectors = retrieval.embed(earlier_texts, settings.embedding_batch_size)[0]
    with report.phase("index"):
        cache.save()
        if retrieval is not cache:
            retrieval.save()
        HybridIndex.build(clauses, documents, vectors, settings.retrieval_model).save(target / "index")
        _save_concept_index(target / "index", knowledge)
        if earlier.clauses:  # search over every edition: the current clauses and the earlier editions' own, in one index
            folder = target / EDITIONS_INDEX
            every = np.concatenate([vectors, earlier_vectors])
            HybridIndex.build(clauses + earlier.clauses, documents, every, settings.retrieval_model).save(folder)
            _save_concept_index(folder, knowledge)
            with storage.atomic_write(folder / "editions.json") as f:
                json.dump(earlier.as_json(), f, ensure_ascii=False)
    _write_jsonl(target / "sections.jsonl", ({"doc_id": d, **asdict(s)} for d, doc_sections in sections.items() for s in doc_sections))
    _write_jsonl(target / "concepts.jsonl", ({"doc_id": d, **asdict(c)} for d in documents for c in concepts[d]))
    Registry({doc_id: s for doc_id, s in registry.sources.items() if doc_id in documents}).save(target / REGISTRY_NAME)
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


def _earlier_editions(settings: Settings, documents: dict, clauses: list[ClauseRecord], report: IngestReport):
    from .editions import earlier_clauses  # here: editions reads files with this module's read_document

    with report.phase("parse"):
        earlier = earlier_clauses(settings, set(documents), clauses)
    report.warnings.extend(earlier.problems)
    return earlier


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
    """The current state, or the newest finished one if the ``current`` link is gone; NoIndexError if there is none."""
    state = storage.current_state(data_dir)
    if state is None:
        finished = storage.finished_states(data_dir)
        if not finished:
            raise NoIndexError(data_dir)
        state = finished[0]
    return state


__all__ = ["IngestReport", "Outcome", "RskgError", "expand", "ingest", "read_document", "remove", "require_state"]
