"""The hybrid index: BM25 (bm25s) and dense vectors (FAISS), fused by reciprocal rank.

Saved as plain named files in one folder (``save(dir)`` / ``load(dir)``), so a
notebook can open it without the server.
"""

import json
import threading
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

import bm25s
import faiss
import numpy as np
import Stemmer

from . import embed, relevance
from .errors import RskgError
from .labels import LabelMatcher
from .places import countries_in, without_countries
from .records import ClauseRecord, Concept, DocumentRecord
from .storage import atomic_write

HNSW_FROM = 50_000  # below this many clauses exact search is fast enough (3.5 ms at 20k)
STEMMER = Stemmer.Stemmer("english")


def convex_fusion(lexical: np.ndarray, dense: np.ndarray, *, alpha: float, **_) -> np.ndarray:
    """Min-max normalise each signal over the candidates, then weight: alpha on BM25."""
    return alpha * _minmax(lexical) + (1 - alpha) * _minmax(dense)


def rrf_fusion(lexical: np.ndarray, dense: np.ndarray, *, rrf_k: int, **_) -> np.ndarray:
    """Reciprocal-rank fusion: only the order within each signal counts."""
    return 1.0 / (rrf_k + _ranks(lexical)) + 1.0 / (rrf_k + _ranks(dense))


FUSIONS = {"convex": convex_fusion, "rrf": rrf_fusion}


def get_fusion(name: str):
    try:
        return FUSIONS[name]
    except KeyError:
        raise ValueError(f"unknown fusion {name!r}; choose one of {', '.join(sorted(FUSIONS))}") from None


def _minmax(x: np.ndarray) -> np.ndarray:
    span = x.max() - x.min() if len(x) else 0.0
    return (x - x.min()) / span if span > 0 else np.zeros_like(x)


def _ranks(x: np.ndarray) -> np.ndarray:
    ranks = np.empty(len(x))
    ranks[np.argsort(-x, kind="stable")] = np.arange(1, len(x) + 1)
    return ranks


class ConceptRef(NamedTuple):
    uri: str
    label: str
    scheme: str


class Hit(NamedTuple):
    clause: ClauseRecord
    score: float
    lexical_rank: int | None
    dense_rank: int | None
    concepts: list[ConceptRef]
    relevance: float = 0.0  # the probability that the clause answers the question (see relevance.py)


class DocumentMatch(NamedTuple):
    doc_id: str
    clauses: int  # how many of its clauses match
    best: Hit  # its best clause


class Results(NamedTuple):
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]]  # facet -> (value, matching clauses)
    query_concepts: list[ConceptRef]  # the concepts the query names
    documents: tuple[DocumentMatch, ...] = ()  # the documents that match, best first
    no_good_match: bool = False  # nothing in the collection answers the question


@dataclass(frozen=True)
class Filters:
    """Restrict a search; each field is a set of accepted values (empty: any)."""

    issuer: tuple[str, ...] = ()
    jurisdiction: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    doc: tuple[str, ...] = ()
    concept: tuple[str, ...] = ()  # concept URIs or labels

    def __bool__(self) -> bool:
        return any((self.issuer, self.jurisdiction, self.kind, self.doc, self.concept))


EDITIONS_INDEX = "editions-index"  # a state's second index, of every edition: the current clauses and earlier editions' own
FACETS = ("issuer", "jurisdiction", "kind", "doc", "concept")
FACET_POOL = 100  # facets and documents count clauses among this many best matches ...
SEARCH_THREADS: int | None = None  # set by the server (api.search.warm_up): threads one search may use
_this_thread = threading.local()


def _limit_this_thread(threads: int) -> None:
    """OpenMP counts threads per calling thread (FAISS's, and OpenBLAS built on OpenMP), so a
    server's worker thread is limited the first time it searches; threadpoolctl covers every
    OpenMP and BLAS library loaded, whatever loaded it first."""
    from threadpoolctl import threadpool_limits

    faiss.omp_set_num_threads(threads)
    threadpool_limits(limits=threads)
    _this_thread.limited = True


MATCH_SHARE = 0.5  # ... that score at least this share of the best one: what "matches" means


class ConceptView:
    """The graph as search uses it: concepts, their labels, and which clauses they are linked to."""

    def __init__(self, concepts: list[dict], clause_links: dict[str, list], clause_uris: list[str]):
        self.concepts = {c["uri"]: ConceptRef(c["uri"], c["label"], c["scheme"]) for c in concepts}
        self.matcher = LabelMatcher([Concept(c["scheme"], c["label"], tuple(c["alt_labels"])) for c in concepts])
        self.links = [dict(clause_links.get(uri, [])) for uri in clause_uris]
        self.strong: dict[str, list[int]] = {}  # concept -> clauses that define or list it
        for i, links in enumerate(self.links):
            for uri, score in links.items():
                if score >= 1.0:
                    self.strong.setdefault(uri, []).append(i)

    @classmethod
    def empty(cls, n: int) -> "ConceptView":
        return cls([], {}, [""] * n)

    def resolve(self, names: tuple[str, ...]) -> set[str]:
        """Concept URIs for URIs or labels (any case)."""
        by_label = {c.label.lower(): uri for uri, c in self.concepts.items()}
        return {name if name in self.concepts else by_label.get(name.lower(), name) for name in names}

    def shown(self, i: int) -> list[ConceptRef]:
        links = sorted(((s, uri) for uri, s in self.links[i].items() if uri in self.concepts), reverse=True)
        return [self.concepts[uri] for _, uri in links]


def lexical_text(clause: ClauseRecord, document: DocumentRecord) -> str:
    """What BM25 reads: the document title and section headings (they name the topic), then the clause."""
    headings = [h for h in clause.section_path if h != document.title]
    return "\n".join([document.title, *headings, clause.text])


def dense_text(clause: ClauseRecord, document: DocumentRecord) -> str:
    """What the embedding model reads: where the clause stands, then the clause."""
    headings = [h for h in clause.section_path if h != document.title]
    context = " > ".join([document.title, *headings])
    return f"{context}\n{clause.text}"


def tokenize(texts: list[str]) -> list[list[str]]:
    return bm25s.tokenize(texts, stopwords="en", stemmer=STEMMER, show_progress=False, return_ids=False)


class HybridIndex:
    def __init__(
        self,
        clauses: list[ClauseRecord],
        documents: dict[str, DocumentRecord],
        bm25: bm25s.BM25,
        dense: faiss.Index,
        vectors: np.ndarray,
        graph: ConceptView | None = None,
        model: str = embed.MODEL_NAME,
    ):
        self.clauses = clauses
        self.documents = documents
        self.bm25 = bm25
        self.dense = dense
        self.vectors = vectors
        self.graph = graph or ConceptView.empty(len(clauses))
        self.model = model  # the embedding model that made the vectors: questions are embedded with it

    @classmethod
    def build(
        cls, clauses: list[ClauseRecord], documents: dict[str, DocumentRecord], vectors: np.ndarray, model: str = embed.MODEL_NAME
    ) -> "HybridIndex":
        bm25 = bm25s.BM25()
        texts = [lexical_text(c, documents[c.doc_id]) for c in clauses]
        bm25.index(bm25s.tokenize(texts, stopwords="en", stemmer=STEMMER, show_progress=False), show_progress=False)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        return cls(clauses, documents, bm25, _dense_index(vectors), vectors, model=model)

    def search(
        self,
        query: str,
        k: int = 10,
        *,
        candidates: int = 100,
        fusion: str = "convex",
        alpha: float = 0.6,
        rrf_k: int = 60,
        graph_weight: float = 0.3,
        place_weight: float = 0.0,
        dense_first_within: int = 0,
        filters: Filters | None = None,
    ) -> Results:
        """The ``k`` best clauses for ``query``.

        BM25 and dense retrieval each bring ``candidates``; so do the clauses that define or
        list a concept the query names. All are scored by both retrievers and fused; a clause
        that defines or lists a named concept gains up to ``graph_weight``.
        The dense retriever's best clause is moved up to position ``dense_first_within`` if fusion
        put it lower: when a question shares no word with its answer, BM25 brings clauses that share
        generic words, and their normalised scores outweigh the one clause the meaning points to.
        (Dev questions of bench/questions: recall@5 seeds 0.65 -> 0.69, added 0.91 -> 0.93; shared dev 0.950/0.867 -> 0.950/0.863.)"""
        fuse = get_fusion(fusion)
        if SEARCH_THREADS and not getattr(_this_thread, "limited", False):
            _limit_this_thread(SEARCH_THREADS)
        allowed = self._allowed(filters) if filters else None
        named = self.graph.matcher.find(query)
        query_concepts = [self.graph.concepts[uri] for uri in named if uri in self.graph.concepts]
        if not self.clauses or (allowed is not None and not allowed.any()):
            return Results([], {}, query_concepts)
        n = min(max(candidates, k), len(self.clauses))
        tokens = tokenize([query])[0]
        # a query of stop words or digits only leaves BM25 nothing to score; the dense side still answers
        lexical_scores = self.bm25.get_scores(tokens).astype(np.float64) if tokens else np.zeros(len(self.clauses))
        query_vector = embed.encode_query(query, self.model)
        if allowed is not None:
            lexical_scores = np.where(allowed, lexical_scores, 0.0)
        lexical = _top(lexical_scores, n)
        dense = self._dense(query_vector, n, allowed)
        defining = [i for uri in named for i in self.graph.strong.get(uri, []) if allowed is None or allowed[i]]
        pool = np.array(list(dict.fromkeys([*lexical, *dense, *defining])), dtype=np.int64)
        fused = fuse(lexical_scores[pool], self.vectors[pool] @ query_vector, alpha=alpha, rrf_k=rrf_k)
        if named and graph_weight:
            fused = fused + graph_weight * np.array([self._graph_score(int(i), named) for i in pool])
        if place_weight and (places := countries_in(query) & self.held_countries):
            # a question naming a country is answered first from that country's own guidance
            from_there = {doc_id for doc_id, countries in self.document_countries.items() if countries & places}
            fused = fused + place_weight * np.array([self.clauses[int(i)].doc_id in from_there for i in pool], dtype=np.float64)
        order = np.lexsort((pool, -fused))
        if dense_first_within and dense:
            j = int(np.flatnonzero(pool == dense[0])[0])
            order = _moved_up(order, j, dense_first_within - 1)
            below = np.flatnonzero(order == j)[0] + 1
            if below < len(order):  # scores still fall down the page: it ties with the clause it now stands above
                fused[j] = max(fused[j], fused[order[below]])
        lexical_rank = {i: r for r, i in enumerate(lexical, 1)}
        dense_rank = {i: r for r, i in enumerate(dense, 1)}

        asked = self.question_evidence(query, tokens, [int(pool[j]) for j in order[: relevance.EVIDENCE_CLAUSES]])
        model = relevance.load_cached(self.model)

        def hit(j: int) -> Hit:
            i = int(pool[j])
            probability = model.probability({"cosine": float(self.vectors[i] @ query_vector), **asked})
            return Hit(self.clauses[i], float(fused[j]), lexical_rank.get(i), dense_rank.get(i), self.graph.shown(i), probability)

        matching = [j for j in order[:FACET_POOL] if fused[j] >= MATCH_SHARE * fused.max()]
        facets = self._facets([int(pool[j]) for j in matching])
        hits = [hit(j) for j in order[:k]]
        no_good_match = bool(hits) and max(h.relevance for h in hits[: relevance.EVIDENCE_CLAUSES]) < model.threshold
        return Results(hits, facets, query_concepts, self._documents(matching, pool, hit), no_good_match)

    def question_evidence(self, query: str, tokens: list[str], first: list[int]) -> dict[str, float]:
        """The relevance model's features of the question itself (see relevance.py), ``first`` being the clauses shown first."""
        asked = relevance.question_features(tokens, self.bm25.vocab_dict, countries_in(query), self.held_countries)
        names = [tokenize([name])[0] for name in relevance.names_in(without_countries(query))]
        shown = [(self.clauses[i], self.documents[self.clauses[i].doc_id]) for i in first]
        metadata = [" ".join(v for v in (d.title, d.issuer, d.jurisdiction) if v) for _, d in shown]
        clause_countries = [countries_in(f"{c.text}\n{m}") for (c, _), m in zip(shown, metadata, strict=True)]
        texts = [f"{lexical_text(c, d)}\n{m}" for (c, d), m in zip(shown, metadata, strict=True)]
        clause_terms = [set(t) for t in tokenize(texts)] if texts else []
        return {
            **asked,
            "absent": relevance.absent(countries_in(query), names, clause_countries, clause_terms),
            "countless": relevance.countless(query, [c.text for c, _ in shown]),
            "unasked": relevance.unasked(tokenize([" ".join(relevance.asked_for(query))])[0], clause_terms),
        }

    @cached_property
    def document_countries(self) -> dict[str, set[str]]:
        """Each document's countries: those its jurisdiction, issuer and title name."""
        return {doc_id: countries_in(" ".join(v for v in (d.jurisdiction, d.issuer, d.title) if v)) for doc_id, d in self.documents.items()}

    @cached_property
    def held_countries(self) -> set[str]:
        """The countries the collection's documents are from."""
        return set().union(*self.document_countries.values())

    def _documents(self, matching: list[int], pool: np.ndarray, hit) -> tuple[DocumentMatch, ...]:
        """Each document with a matching clause, ranked by its best clause (a long document is not favoured for its length)."""
        best: dict[str, int] = {}
        counts: dict[str, int] = {}
        for j in matching:  # best first
            doc_id = self.clauses[int(pool[j])].doc_id
            best.setdefault(doc_id, j)
            counts[doc_id] = counts.get(doc_id, 0) + 1
        return tuple(DocumentMatch(doc_id, counts[doc_id], hit(j)) for doc_id, j in best.items())

    def _dense(self, query_vector: np.ndarray, n: int, allowed: np.ndarray | None) -> list[int]:
        if allowed is None:
            _, ids = self.dense.search(query_vector[None, :], n)
            return [int(i) for i in ids[0] if i >= 0]
        subset = np.flatnonzero(allowed)  # exact scores over what the filters leave
        scores = self.vectors[subset] @ query_vector
        return [int(subset[j]) for j in np.argsort(-scores, kind="stable")[:n]]

    def _graph_score(self, i: int, named: dict[str, float]) -> float:
        links = self.graph.links[i]
        return max((named[uri] for uri in named if links.get(uri, 0.0) >= 1.0), default=0.0)

    def _allowed(self, filters: Filters) -> np.ndarray:
        docs = self.documents
        wanted_docs = {
            doc_id
            for doc_id, d in docs.items()
            if (not filters.issuer or d.issuer in filters.issuer)
            and (not filters.jurisdiction or d.jurisdiction in filters.jurisdiction)
            and (not filters.kind or d.kind in filters.kind)
            and (not filters.doc or doc_id in filters.doc)
        }
        concepts = self.graph.resolve(filters.concept)
        return np.array(
            [
                c.doc_id in wanted_docs and (not concepts or any(u in concepts for u in self.graph.links[i]))
                for i, c in enumerate(self.clauses)
            ],
            dtype=bool,
        )

    def _facets(self, best: list[int]) -> dict[str, list[tuple[str, int]]]:
        counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        for i in best:
            doc = self.documents[self.clauses[i].doc_id]
            for name, value in (("issuer", doc.issuer), ("jurisdiction", doc.jurisdiction), ("kind", doc.kind), ("doc", doc.id)):
                if value:
                    counts[name][value] = counts[name].get(value, 0) + 1
            for concept in self.graph.shown(i):
                counts["concept"][concept.uri] = counts["concept"].get(concept.uri, 0) + 1
        return {name: sorted(values.items(), key=lambda item: (-item[1], item[0]))[:25] for name, values in counts.items()}

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.bm25.save(str(folder / "bm25"))
        faiss.write_index(self.dense, str(folder / "dense.faiss"))
        with atomic_write(folder / "vectors.npy", "wb") as f:
            np.save(f, self.vectors)
        with atomic_write(folder / "clauses.jsonl") as f:
            for clause in self.clauses:
                f.write(json.dumps(asdict(clause), ensure_ascii=False) + "\n")
        with atomic_write(folder / "documents.json") as f:
            json.dump([asdict(d) for d in self.documents.values()], f, ensure_ascii=False, indent=1)
        with atomic_write(folder / "model.json") as f:
            json.dump({"embedding_model": self.model}, f)

    @classmethod
    def load(cls, folder: Path) -> "HybridIndex":
        """The index saved in ``folder``; ``DamagedIndex`` names the file that is missing, cut short or inconsistent."""
        with _reading(folder / "clauses.jsonl"), open(folder / "clauses.jsonl", encoding="utf-8") as f:
            clauses = [ClauseRecord(**json.loads(line)) for line in f if line.strip()]
        with _reading(folder / "documents.json"):
            known = set(DocumentRecord.__dataclass_fields__)  # fields a later version adds are left out, not fatal
            rows = json.loads((folder / "documents.json").read_text(encoding="utf-8"))
            documents = {d["id"]: DocumentRecord(**{k: v for k, v in d.items() if k in known}) for d in rows}
        with _reading(folder / "bm25"):
            bm25 = bm25s.BM25.load(str(folder / "bm25"), mmap=True)
        with _reading(folder / "dense.faiss"):
            dense = faiss.read_index(str(folder / "dense.faiss"), faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY)
        with _reading(folder / "vectors.npy"):
            vectors = np.load(folder / "vectors.npy", mmap_mode="r")
        graph = None
        if (folder / "concepts.json").exists():
            with _reading(folder / "concepts.json"):
                view = json.loads((folder / "concepts.json").read_text(encoding="utf-8"))
                graph = ConceptView(view["concepts"], view["clauses"], [c.uri for c in clauses])
        model = embed.MODEL_NAME  # an index from before there was a choice was made by MiniLM
        if (folder / "model.json").exists():
            with _reading(folder / "model.json"):
                model = json.loads((folder / "model.json").read_text(encoding="utf-8"))["embedding_model"]
        _check_consistent(folder, clauses, documents, bm25, dense, vectors)
        return cls(clauses, documents, bm25, dense, vectors, graph, model)


class DamagedIndex(RskgError):
    """An index folder with a file missing, cut short or out of step with the others."""


@contextmanager
def _reading(path: Path):
    try:
        yield
    except FileNotFoundError:
        raise DamagedIndex(f"{path.parent.name}/{path.name}: missing") from None
    except Exception as exc:  # a damaged file fails in whatever way its reader fails
        raise DamagedIndex(f"{path.parent.name}/{path.name}: cannot be read ({type(exc).__name__}: {_first_line(exc)})") from exc


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else "no detail"


def _check_consistent(folder: Path, clauses, documents, bm25, dense, vectors) -> None:
    n = len(clauses)
    problems = []
    if vectors.ndim != 2 or vectors.shape[0] != n or (n and vectors.shape[1] != embed.DIMENSIONS):
        problems.append(f"vectors.npy holds {vectors.shape[0] if vectors.ndim else 0} vectors for {n} clauses")
    if dense.ntotal != n:
        problems.append(f"dense.faiss holds {dense.ntotal} vectors for {n} clauses")
    bm25_docs = getattr(bm25, "scores", {}).get("num_docs")
    if bm25_docs is not None and bm25_docs != n:
        problems.append(f"bm25 holds {bm25_docs} texts for {n} clauses")
    orphans = {c.doc_id for c in clauses} - set(documents)
    if orphans:
        problems.append(f"clauses.jsonl names documents documents.json lacks: {', '.join(sorted(orphans))}")
    if problems:
        raise DamagedIndex(f"{folder.name}: " + "; ".join(problems))


def _moved_up(order: np.ndarray, j: int, position: int) -> np.ndarray:
    """``order`` with ``j`` at ``position`` if it stood lower; those between move down one."""
    at = int(np.flatnonzero(order == j)[0])
    if at <= position:
        return order
    return np.concatenate([order[:position], [j], np.delete(order, at)[position:]])


def _top(scores: np.ndarray, n: int) -> list[int]:
    """Indices of the ``n`` highest positive scores, best first."""
    top = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
    return [int(i) for i in top[np.argsort(-scores[top], kind="stable")] if scores[i] > 0]


def _dense_index(vectors: np.ndarray) -> faiss.Index:
    dims = vectors.shape[1] if vectors.ndim == 2 and vectors.size else embed.DIMENSIONS
    if len(vectors) >= HNSW_FROM:
        index = faiss.IndexHNSWFlat(dims, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efSearch = 128
    else:
        index = faiss.IndexFlatIP(dims)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index
