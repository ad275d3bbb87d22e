"""The records every stage passes on: plain typed data with stable, content-derived ids."""

import re
from dataclasses import dataclass, field

from ontology import namespace as ns


@dataclass(frozen=True)
class ClauseRecord:
    """A clause as the index serves it: text, provenance and its document."""

    id: str
    uri: str
    doc_id: str
    position: int
    kind: str
    text: str
    section: int | None
    section_path: list[str]
    page: int | None
    start: int
    end: int


@dataclass(frozen=True)
class DocumentRecord:
    id: str
    uri: str
    title: str
    issuer: str | None
    date: str | None
    jurisdiction: str | None
    kind: str | None
    source: str | None
    file: str
    sha256: str
    format: str
    original_format: str | None = None
    language: str | None = None
    # Metadata rskg inferred rather than read (field -> how), e.g. {"jurisdiction": "the address's domain (.gc.ca)"}
    inferred: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    damaged_pages: list[int] = field(default_factory=list, compare=False, hash=False)  # pages that could not be read


@dataclass(frozen=True)
class Concept:
    scheme: str
    label: str
    alt_labels: tuple[str, ...] = ()
    definition: str | None = None
    source_clauses: tuple[str, ...] = ()  # clause URIs it was extracted from
    address: str | None = None
    issuer: str | None = None  # an organisation's label
    jurisdiction: str | None = None  # a jurisdiction's label, as the text names it
    method: str = "curated"
    curated: bool = False
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def id(self) -> str:
        return concept_id(self.label)

    @property
    def uri(self) -> str:
        return ns.concept_uri(self.scheme, self.id)


def concept_id(label: str) -> str:
    name = re.sub(r"^the\s+", "", label.strip(), flags=re.I)
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "document"
