"""Concepts linked to clauses, and the crosswalk from principles and risk vectors to tools.

Every link says how it was made (``method``) and how sure it is (``score`` or
``confidence``); crosswalk links carry the clauses they rest on.
"""

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pyoxigraph as ox

from ontology import ONTOLOGY_DIR
from ontology import namespace as ns

from .align import Alignment, align
from .concepts import all_addresses, merge
from .framework import ABOUT_THRESHOLD, Classifier, framework_concepts, load_members, sentences
from .labels import LABEL_SCORE, LabelMatcher, _normal
from .records import ClauseRecord, Concept, DocumentRecord

CURATED_DIR = ONTOLOGY_DIR / "curated"
DEFINING_METHODS = {"definition-list", "defined-term", "definition-sentence"}
SOURCE_SCORE = 1.0
STATED_METHOD = "stated-in-clause"
MAX_INFERRED_PER_TOOL = 4  # no tool is linked by inference to more of the framework's 19 concepts than this
CROSSWALK_THRESHOLD = ABOUT_THRESHOLD  # the justifying sentence is classified as about the concept (p >= 0.5)
OWN_TEXT_CLAUSES = 2  # clauses of a tool's own text that must address a concept for a link to rest on them
MIN_TOOL_LABEL_WORDS = 3  # shorter tool labels are too generic to tell that a sentence names the tool
MANY_PLACES = re.compile(r"multilateral|international|global|/", re.I)
DEFINITION_VERBS = r"(?:is|are|involves|means|refers to|encompasses|focuses on)"
COUNTRY_DOMAINS = {
    "ca": "Canada", "se": "Sweden", "no": "Norway", "nl": "Netherlands", "de": "Germany", "fr": "France", "fi": "Finland",
    "uk": "United Kingdom", "ie": "Ireland", "ch": "Switzerland", "eu": "European Union", "be": "Belgium", "jp": "Japan",
    "nz": "New Zealand", "au": "Australia", "at": "Austria", "dk": "Denmark", "it": "Italy", "es": "Spain", "gov": "United States",
}  # fmt: skip


@dataclass(frozen=True)
class ConceptLink:
    clause: str
    concept: str
    score: float
    method: str
    sentence: str | None = None  # the sentence of the clause that addresses the concept, where a classifier found it


@dataclass(frozen=True)
class CrosswalkLink:
    source: str  # a value, principle or risk vector of the framework
    tool: str
    evidence: tuple[str, ...]  # clause URIs
    confidence: float
    curated: bool
    method: str
    note: str | None = None
    sentences: tuple[str, ...] = ()  # the sentences that justify an inferred link

    @property
    def uri(self) -> str:
        return ns.crosswalk_uri(self.source, self.tool)


@dataclass
class Knowledge:
    concepts: list[Concept]
    links: list[ConceptLink]
    crosswalk: list[CrosswalkLink]
    alignments: list[Alignment] = field(default_factory=list)
    tool_documents: dict[str, str] = field(default_factory=dict)  # tool URI -> the document URI that is its own text
    framework: list[str] = field(default_factory=list)  # the framework's member concepts present
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def by_uri(self) -> dict[str, Concept]:
        return {c.uri: c for c in self.concepts}


# ------------------------------------------------------------------ curated


@dataclass(frozen=True)
class CuratedCrosswalk:
    source: str
    tool_address: str
    note: str | None


def load_curated(folder: Path = CURATED_DIR) -> tuple[list[Concept], dict[str, list[str]], list[CuratedCrosswalk]]:
    """Concepts, extra alt labels by concept URI, and crosswalk links from the curated Turtle files."""
    store = ox.Store()
    for path in sorted(folder.glob("*.ttl")):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    classes = {ns.class_uri(key): key for key in ns.SCHEMES}

    def values(subject, predicate) -> list[str]:
        return [q.object.value for q in store.quads_for_pattern(subject, ox.NamedNode(predicate), None)]

    concepts, synonyms, crosswalk = [], defaultdict(list), []
    subjects = {q.subject for q in store}
    for subject in subjects:
        types = values(subject, ns.type_)
        scheme = next((classes[t] for t in types if t in classes), None)
        if ns.CrosswalkLink in types:
            crosswalk.append(
                CuratedCrosswalk(
                    values(subject, ns.fromConcept)[0],
                    values(subject, ns.RSKG + "toolAddress")[0],
                    next(iter(values(subject, ns.RDFS + "comment")), None),
                )
            )
        elif scheme is not None:
            label = values(subject, ns.prefLabel)[0]
            concepts.append(
                Concept(
                    scheme,
                    label,
                    alt_labels=tuple(values(subject, ns.altLabel)),
                    definition=next(iter(values(subject, ns.definition)), None),
                    curated=True,
                )
            )
        else:
            synonyms[subject.value].extend(values(subject, ns.altLabel))
    return concepts, dict(synonyms), crosswalk


# ------------------------------------------------------------------ building


def build_knowledge(
    extracted: list[Concept],
    clauses: list[ClauseRecord],
    embed: Callable[[list[str]], np.ndarray],
    documents: list[DocumentRecord] | None = None,
    also_at: dict[str, list[str]] | None = None,
) -> Knowledge:
    """``also_at``: a fetched document's source -> the other addresses that led to it (see ``tools_as_documents``)."""
    curated, synonyms, curated_crosswalk = load_curated()
    concepts = merge(extracted + curated)
    concepts = [replace(c, alt_labels=tuple(dict.fromkeys(c.alt_labels + tuple(synonyms.get(c.uri, ()))))) for c in concepts]
    concepts = _resolve_tools(concepts)
    tool_documents = tools_as_documents(concepts, documents or [], also_at)
    concepts = _describe_tools(concepts, clauses, tool_documents)
    _, members, cues = load_members()
    present = {c.uri for c in concepts}
    framework = [uri for uri in members if uri in present]
    alignments = align(concepts, clauses, embed, set(framework))
    by_uri = {c.uri: c for c in concepts}
    aligned: dict[str, list[Concept]] = defaultdict(list)
    for alignment in alignments:
        if alignment.other in framework:
            aligned[alignment.other].append(by_uri[alignment.concept])
    classifier = Classifier(framework_concepts(concepts, aligned), embed)
    findings = classifier.classify(clauses)
    links = _clause_links(concepts, clauses, set(framework), findings)
    crosswalk = _crosswalk(concepts, clauses, curated_crosswalk, classifier, links, tool_documents)
    return Knowledge(concepts, links, crosswalk, alignments, tool_documents, framework, {u: cues.get(u, ()) for u in framework})


# ------------------------------------------------------------------ tools that are documents


DEFAULT_PORTS = {"http": 80, "https": 443}


def address_key(address: str) -> str:
    """An address as tools and documents are matched on it: http and https alike, the host in any case and with or
    without www., a default port as none, no trailing slash, no fragment."""
    parsed = urlparse(address.strip())
    host = (parsed.hostname or "").removeprefix("www.")
    try:
        port = parsed.port
    except ValueError:  # a port that is no number: the address names nothing a document was fetched from
        port = None
    if port is not None and port != DEFAULT_PORTS.get(parsed.scheme.lower()):
        host = f"{host}:{port}"
    return f"{host}{parsed.path.rstrip('/.')}".lower() + (f"?{parsed.query}" if parsed.query else "")


def _title_key(title: str) -> str:
    title = re.sub(r"\((?:19|20)\d\d\)|[“”\"«»]", " ", _normal(title))
    return " ".join(re.findall(r"\w+", title.lower()))


def tools_as_documents(
    concepts: list[Concept], documents: list[DocumentRecord], also_at: dict[str, list[str]] | None = None
) -> dict[str, str]:
    """Tool URI -> the URI of the ingested document that is the tool itself: its address is the document's
    source (or an address that redirected to it: ``also_at``, source -> the addresses asked for and each
    redirect between), or its title (less a year and quotes) is the document's whole title."""
    by_address = {address_key(d.source): d for d in documents if d.source}
    for d in documents:  # a document's own source first: an address that once redirected is the weaker sign
        for address in (also_at or {}).get(d.source or "", ()):
            by_address.setdefault(address_key(address), d)
    by_title = {_title_key(d.title): d for d in documents if d.title}
    found = {}
    for tool in concepts:
        if tool.scheme != "tool":
            continue
        match = next((by_address[k] for a in all_addresses(tool) if (k := address_key(a)) in by_address), None)
        match = match or by_title.get(_title_key(tool.label))
        if match is not None:
            found[tool.uri] = match.uri
    return found


def _describe_tools(concepts: list[Concept], clauses: list[ClauseRecord], tool_documents: dict[str, str]) -> list[Concept]:
    """A tool's description: the opening of its own text where it is an ingested document, else the sentence that lists it."""
    text_of = {c.uri: c.text for c in clauses}
    openings: dict[str, str] = {}
    for clause in sorted(clauses, key=lambda c: c.position):
        if clause.kind != "list" and len(clause.text.split()) >= 20:
            openings.setdefault(ns.document_uri(clause.doc_id), clause.text)
    described = []
    for concept in concepts:
        if concept.scheme != "tool":
            described.append(concept)
            continue
        own = openings.get(tool_documents.get(concept.uri, ""))
        if own:
            extra = {"description": _shorten(own), "description_from": "its own text"}
        else:
            listing = next((s for uri in concept.source_clauses for s in sentences(text_of.get(uri, "")) if _names(concept, s)), None)
            extra = {"description": _shorten(listing), "description_from": "the sentence that lists it"} if listing else {}
        described.append(replace(concept, extra={**concept.extra, **extra}))
    return described


def _shorten(text: str, limit: int = 400) -> str:
    return text if len(text) <= limit else text[: text.rfind(" ", 0, limit)] + " ..."


def _names(tool: Concept, sentence: str) -> bool:
    return _tool_pattern(tool).search(_normal(sentence)) is not None if _tool_pattern(tool) else False


_patterns: dict[tuple, re.Pattern | None] = {}


def _tool_pattern(tool: Concept) -> re.Pattern | None:
    """What names ``tool`` in a sentence: its label or an alt label (of three words or more), or an address."""
    key = (tool.label, tool.alt_labels, tuple(all_addresses(tool)))
    if key not in _patterns:
        labels = [_normal(x) for x in (tool.label, *tool.alt_labels) if len(x.split()) >= MIN_TOOL_LABEL_WORDS]
        addresses = [a.rstrip("/.") for a in all_addresses(tool)]
        parts = [rf"(?<![\w-]){re.escape(x)}(?![\w-])" for x in labels] + [rf"{re.escape(a)}(?![\w/%?=&-])" for a in addresses]
        _patterns[key] = re.compile("|".join(parts), re.I) if parts else None
    return _patterns[key]


def _resolve_tools(concepts: list[Concept]) -> list[Concept]:
    """Tell a tool's jurisdiction from its issuer: a place named in its title, its address's country
    domain, or its list's sub-heading; an organisation named there is its issuer."""
    places = LabelMatcher([c for c in concepts if c.scheme == "jurisdiction"])
    organisations = LabelMatcher([c for c in concepts if c.scheme == "organisation"])
    by_uri = {c.uri: c for c in concepts}
    by_label = {c.label: c for c in concepts if c.scheme == "jurisdiction"}
    resolved = []
    for concept in concepts:
        if concept.scheme != "tool":
            resolved.append(concept)
            continue
        context = concept.issuer or ""
        place = _first(places.find(concept.label)) or _domain_place(concept.address, by_label) or _first(places.find(context))
        if place is None and not context:  # a document speaking for one jurisdiction lends it to its tools
            home = places.find(concept.extra.get("document_jurisdiction") or "")
            place = _first(home) if len(home) == 1 and not MANY_PLACES.search(concept.extra.get("document_jurisdiction") or "") else None
        issuer = _first(organisations.find(context)) or _first(organisations.find(concept.label))
        resolved.append(
            replace(
                concept,
                jurisdiction=by_uri[place].label if place else None,
                issuer=by_uri[issuer].label if issuer else (context if context and not places.find(context) else None),
            )
        )
    return resolved


def _first(found: dict[str, float]) -> str | None:
    return max(found, key=found.get) if found else None


def _domain_place(address: str | None, by_label: dict[str, Concept]) -> str | None:
    if not address:
        return None
    host = urlparse(address).hostname or ""
    parts = host.split(".")
    if host.endswith(".gov.uk") or host.endswith(".ac.uk"):
        parts = ["uk"]
    label = COUNTRY_DOMAINS.get(parts[-1])
    return by_label[label].uri if label in by_label else None


def _clause_links(concepts: list[Concept], clauses: list[ClauseRecord], framework: set[str], findings) -> list[ConceptLink]:
    """Clauses linked to the concepts they state, name, or define; framework concepts by the classifier only."""
    links: dict[tuple[str, str], ConceptLink] = {}

    def add(link: ConceptLink) -> None:
        key = (link.clause, link.concept)
        if key not in links or links[key].score < link.score:
            links[key] = link

    texts = {clause.uri: " ".join(clause.text.split()) for clause in clauses}
    for concept in concepts:
        definition = " ".join((concept.definition or "").split())
        for clause in concept.source_clauses:
            # a concept merged from several documents keeps the method that defined it; a clause of another document
            # that only names it ("to respect academic freedom and ...") states it, and does not define it
            defining = concept.method not in DEFINING_METHODS or (definition and definition in texts.get(clause, definition))
            add(ConceptLink(clause, concept.uri, SOURCE_SCORE, concept.method if defining else STATED_METHOD))
    matcher = LabelMatcher([c for c in concepts if c.uri not in framework])
    defining = {c.uri: c for c in concepts if c.scheme in ("term", "value", "principle", "risk-vector")}
    openings = {uri: re.compile(rf"^{re.escape(c.label)}\s+{DEFINITION_VERBS}\b", re.I) for uri, c in defining.items()}
    for clause in clauses:
        for uri, score in matcher.find(clause.text).items():
            add(ConceptLink(clause.uri, uri, score, "label-match" if score == LABEL_SCORE else "alt-label-match"))
        for uri, opening in openings.items():
            if opening.match(clause.text):
                add(ConceptLink(clause.uri, uri, SOURCE_SCORE, "definition-sentence"))
    for finding in findings:
        add(ConceptLink(finding.clause, finding.concept, finding.score, finding.method, finding.sentence))
    return sorted(links.values(), key=lambda link: (link.clause, link.concept))


def _crosswalk(concepts, clauses, curated: list[CuratedCrosswalk], classifier: Classifier, links, tool_documents) -> list[CrosswalkLink]:
    """Curated links, then links each justified by sentences: one that names the tool and addresses the concept,
    or the tool's own text (an ingested document) addressing it. A tool keeps its best MAX_INFERRED_PER_TOOL."""
    tools = [c for c in concepts if c.scheme == "tool" and (c.source_clauses or c.uri in tool_documents)]
    sources = classifier.concepts
    if not tools or not sources:
        return []
    by_uri = {c.uri: c for c in concepts}
    out: dict[tuple[str, str], CrosswalkLink] = {}
    by_address = defaultdict(list)
    for tool in tools:
        for address in all_addresses(tool):
            by_address[address.rstrip("/.")].append(tool)
    for link in curated:
        source = by_uri.get(link.source)
        for tool in by_address.get(link.tool_address.rstrip("/."), []):
            if source is not None:
                out[(source.uri, tool.uri)] = CrosswalkLink(source.uri, tool.uri, _evidence(source, tool), 1.0, True, "curated", link.note)

    inferred = _named_in_sentences(tools, clauses, classifier) + _own_text(tools, clauses, sources, links, tool_documents, by_uri)
    best: dict[tuple[str, str], CrosswalkLink] = {}
    for link in inferred:
        key = (link.source, link.tool)
        if key in out:
            continue
        if key not in best or best[key].confidence < link.confidence:
            best[key] = link
    per_tool = defaultdict(list)
    for link in best.values():
        per_tool[link.tool].append(link)
    for tool_links in per_tool.values():
        for link in sorted(tool_links, key=lambda x: -x.confidence)[:MAX_INFERRED_PER_TOOL]:
            out[(link.source, link.tool)] = link
    return sorted(out.values(), key=lambda link: (link.source, -link.confidence, link.tool))


def _named_in_sentences(tools: list[Concept], clauses: list[ClauseRecord], classifier: Classifier) -> list[CrosswalkLink]:
    """Links from sentences that name a tool and address a framework concept."""
    pieces = []  # (clause, sentence, tool)
    for clause in clauses:
        for sentence in sentences(clause.text):
            for tool in tools:
                if _names(tool, sentence):
                    pieces.append((clause, sentence, tool))
    texts = list(dict.fromkeys(s for _, s, _ in pieces))
    found = dict(zip(texts, classifier.sentence_findings(texts, CROSSWALK_THRESHOLD), strict=True))
    gathered: dict[tuple[str, str], list] = defaultdict(list)
    for clause, sentence, tool in pieces:
        for j, score, method in found[sentence]:
            gathered[(classifier.concepts[j].uri, tool.uri)].append((score, method, clause.uri, sentence))
    out = []
    for (source, tool), hits in gathered.items():
        hits.sort(key=lambda h: -h[0])
        method = "sentence-names-tool-and-concept" if hits[0][1].endswith("cue-and-similarity") else "sentence-names-tool-near-definition"
        out.append(
            CrosswalkLink(
                source,
                tool,
                tuple(dict.fromkeys(h[2] for h in hits)),
                hits[0][0],
                False,
                method,
                sentences=tuple(dict.fromkeys(h[3] for h in hits))[:3],
            )
        )
    return out


def _own_text(tools, clauses, sources, links, tool_documents, by_uri) -> list[CrosswalkLink]:
    """Links from a tool's own text (an ingested document) addressing a concept in OWN_TEXT_CLAUSES clauses or more.
    A document that defines the concept is its source, not a tool that serves it."""
    doc_of = {c.uri: ns.document_uri(c.doc_id) for c in clauses}
    text_of = {c.uri: c.text for c in clauses}
    framework = {s.uri for s in sources}
    by_document: dict[tuple[str, str], list[ConceptLink]] = defaultdict(list)
    for link in links:
        if link.concept in framework and link.method.startswith("framework-"):
            by_document[(doc_of.get(link.clause, ""), link.concept)].append(link)
    out = []
    for tool in tools:
        document = tool_documents.get(tool.uri)
        if document is None:
            continue
        for source in sources:
            defined_here = any(doc_of.get(c) == document for c in by_uri[source.uri].source_clauses)
            about = sorted(by_document.get((document, source.uri), []), key=lambda x: -x.score)
            if defined_here or len(about) < OWN_TEXT_CLAUSES:
                continue
            top = about[:3]
            out.append(
                CrosswalkLink(
                    source.uri,
                    tool.uri,
                    tuple(x.clause for x in top),
                    round(sum(x.score for x in top) / len(top), 3),
                    False,
                    "tool-own-text",
                    sentences=tuple(_shorten(text_of[x.clause], 300) for x in top),
                )
            )
    return out


def _evidence(source: Concept, tool: Concept) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*tool.source_clauses, *source.source_clauses)))


__all__ = ["ConceptLink", "CrosswalkLink", "Knowledge", "build_knowledge", "load_curated", "tools_as_documents"]
