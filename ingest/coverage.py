"""Which of the G7 framework's values, principles and risk vectors a document addresses, with the
clauses that do, and which it does not: for a document of the graph (read from its links), or for a
policy that is not in the corpus (`rskg assess`: parsed, cut into clauses and classified here).
"""

import csv
import io
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ontology import namespace as ns

from . import graph
from .embed import VectorCache
from .errors import RskgError
from .framework import ABOUT_THRESHOLD, Classifier, FrameworkConcept
from .parse import ReadOptions
from .settings import Settings
from .states import open_latest

SCHEME_TITLES = {"value": "Values", "principle": "Principles", "risk-vector": "Risk vectors"}
CLAUSES_SHOWN = 5


@dataclass
class ConceptCoverage:
    uri: str
    label: str
    scheme: str
    clauses: list[dict] = field(default_factory=list)  # {uri, id, text, score, method}, best first

    @property
    def addressed(self) -> bool:
        return bool(self.clauses)

    @property
    def best(self) -> float:
        return max((c["score"] for c in self.clauses), default=0.0)


@dataclass
class Coverage:
    document: str  # a document id, or the policy's file name
    title: str
    concepts: list[ConceptCoverage]
    clauses: int  # clauses read

    @property
    def addressed(self) -> list[ConceptCoverage]:
        return [c for c in self.concepts if c.addressed]

    @property
    def missing(self) -> list[ConceptCoverage]:
        return [c for c in self.concepts if not c.addressed]

    def as_json(self) -> dict:
        return {
            "document": self.document,
            "title": self.title,
            "clauses": self.clauses,
            "addressed": len(self.addressed),
            "of": len(self.concepts),
            "concepts": [
                {**asdict(c), "addressed": c.addressed, "best": round(c.best, 3), "clauses": c.clauses[:CLAUSES_SHOWN]}
                for c in self.concepts
            ],
        }

    def as_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["document", "scheme", "concept", "uri", "addressed", "clauses", "best_score", "best_clause", "best_text"])
        for c in self.concepts:
            top = c.clauses[0] if c.clauses else {}
            counts = [self.document, c.scheme, c.label, c.uri, "yes" if c.addressed else "no", len(c.clauses), f"{c.best:.3f}"]
            writer.writerow([*counts, top.get("uri", ""), top.get("text", "")])
        return out.getvalue()


def _order(concepts: list[ConceptCoverage]) -> list[ConceptCoverage]:
    rank = {scheme: n for n, scheme in enumerate(SCHEME_TITLES)}
    return sorted(concepts, key=lambda c: (rank.get(c.scheme, 9), c.label.lower()))


def framework_members(store) -> list[dict]:
    return graph.rows(
        store,
        f"""SELECT ?k ?label ?scheme ?definition WHERE {{
          <{ns.framework_uri("g7")}> skos:member ?k . ?k skos:prefLabel ?label ; skos:inScheme ?s .
          BIND(STRAFTER(STR(?s), "{ns.ID}scheme/") AS ?scheme) OPTIONAL {{ ?k skos:definition ?definition }} }}""",
    )


def document_coverage(store, doc_id: str) -> Coverage | None:
    """The coverage of a document of the graph, from its clauses' links to the framework's members."""
    document = ns.document_uri(doc_id)
    found = graph.rows(
        store,
        f"SELECT ?title (COUNT(?c) AS ?n) WHERE {{ <{document}> dcterms:title ?title . ?c rskg:document <{document}> }} GROUP BY ?title",
    )
    if not found:
        return None
    concepts = {r["k"]: ConceptCoverage(r["k"], r["label"], r["scheme"]) for r in framework_members(store)}
    links = graph.rows(
        store,
        f"""SELECT ?k ?c ?id ?text (MAX(?score) AS ?best) (SAMPLE(?m) AS ?method) (SAMPLE(?s) AS ?sentence) WHERE {{
          <{ns.framework_uri("g7")}> skos:member ?k .
          ?l rskg:concept ?k ; rskg:clause ?c ; rskg:score ?score ; rskg:method/rdfs:label ?m . OPTIONAL {{ ?l rskg:sentence ?s }}
          ?c rskg:document <{document}> ; rskg:text ?text ; dcterms:identifier ?id . FILTER(?score >= {ABOUT_THRESHOLD})
        }} GROUP BY ?k ?c ?id ?text ORDER BY DESC(?best)""",
    )
    for row in links:
        concepts[row["k"]].clauses.append(
            {
                "uri": row["c"],
                "id": row["id"],
                "text": row["text"],
                "score": float(row["best"]),
                "method": row["method"],
                "sentence": row.get("sentence") or row["text"],
            }
        )
    return Coverage(doc_id, found[0]["title"], _order(list(concepts.values())), int(found[0]["n"]))


def load_framework(store) -> list[FrameworkConcept]:
    """The framework's members as the graph holds them, with their cues and the definitions of the concepts aligned with them."""
    members = framework_members(store)
    if not members:
        raise RskgError("the graph holds no G7 framework (its values, principles and risk vectors); ingest the G7 paper (corpus/) first")
    extra = {r["k"]: r for r in members}
    words: dict[str, list[str]] = {k: [] for k in extra}
    for row in graph.rows(
        store,
        f"""SELECT ?k ?w WHERE {{ <{ns.framework_uri("g7")}> skos:member ?k .
          {{ ?k skos:altLabel ?w }} UNION {{ ?k rskg:cue ?w }}
          UNION {{ ?o skos:closeMatch|skos:exactMatch ?k . ?o skos:prefLabel ?w }} }}""",
    ):
        words[row["k"]].append(row["w"])
    aligned: dict[str, list[str]] = {k: [] for k in extra}
    for row in graph.rows(
        store,
        f"""SELECT ?k ?label ?definition WHERE {{ <{ns.framework_uri("g7")}> skos:member ?k .
          ?o skos:closeMatch|skos:exactMatch ?k ; skos:prefLabel ?label ; skos:definition ?definition }}""",
    ):
        aligned[row["k"]].append(f"{row['label']}: {row['definition']}")
    return [
        FrameworkConcept(
            uri=k,
            scheme=r["scheme"],
            label=r["label"],
            definition=r["definition"],
            cues=tuple(dict.fromkeys((r["label"], *words[k]))),
            prototypes=(f"{r['label']}: {r['definition']}", *aligned[k]),
        )
        for k, r in sorted(extra.items())
        if r.get("definition")
    ]


def assess(path: Path, settings: Settings, password: str | None = None) -> Coverage:
    """The coverage of a policy that is not in the corpus, against the framework of the current graph.
    Nothing is added to the corpus; embeddings come from (and are not saved to) the vector cache."""
    from .pipeline import read_document  # the pipeline imports this package's stages; import it when used

    state = open_latest(settings.data_dir, lambda s: graph.open_store(s / "graph"))
    concepts = load_framework(state.value)
    options = ReadOptions(password=password, max_bytes=settings.max_file_mb * 2**20, max_pages=settings.max_pages)
    document, _, clauses, _ = read_document(path, options=options, doc_id="assessed")
    cache = VectorCache(settings.data_dir / "cache" / "embeddings")
    classifier = Classifier(concepts, lambda texts: cache.embed(texts, settings.embedding_batch_size)[0])
    coverage = {c.uri: ConceptCoverage(c.uri, c.label, c.scheme) for c in concepts}
    text_of = {c.uri: c for c in clauses}
    for finding in classifier.classify(clauses):
        clause = text_of[finding.clause]
        coverage[finding.concept].clauses.append(
            {
                "uri": None,
                "id": clause.id,
                "text": clause.text,
                "score": finding.score,
                "method": finding.method,
                "sentence": finding.sentence,
            }
        )
    for item in coverage.values():
        item.clauses.sort(key=lambda c: -c["score"])
    return Coverage(path.name, document.title, _order(list(coverage.values())), len(clauses))


__all__ = ["ConceptCoverage", "Coverage", "assess", "document_coverage", "load_framework"]
