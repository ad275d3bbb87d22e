"""Every URI rskg mints or uses, spelled once.

Vocabulary terms live under ``RSKG`` (the ontology); the things we describe
(documents, sections, clauses) live under ``ID`` with paths in the style of
ELI: ``doc/{doc}``, ``doc/{doc}/section/{n}``, ``doc/{doc}/clause/{hash}``.
"""

from urllib.parse import quote

BASE = "https://w3id.org/rskg/"
RSKG = BASE + "ontology#"
ID = BASE + "id/"

DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"

PREFIXES = {
    "rskg": RSKG,
    "id": ID,
    "dcterms": DCTERMS,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "skos": SKOS,
}

# Classes
Document = RSKG + "Document"
Section = RSKG + "Section"
Clause = RSKG + "Clause"

# Properties of rskg's own
text = RSKG + "text"
document = RSKG + "document"
section = RSKG + "section"
parentSection = RSKG + "parentSection"
sectionPath = RSKG + "sectionPath"
level = RSKG + "level"
position = RSKG + "position"
page = RSKG + "page"
startOffset = RSKG + "startOffset"
endOffset = RSKG + "endOffset"
kind = RSKG + "kind"
jurisdiction = RSKG + "jurisdiction"
sha256 = RSKG + "sha256"
sourceFile = RSKG + "sourceFile"
originalFormat = RSKG + "originalFormat"

# Reused terms
type_ = RDF + "type"
label = RDFS + "label"
title = DCTERMS + "title"
identifier = DCTERMS + "identifier"
publisher = DCTERMS + "publisher"
date = DCTERMS + "date"
modified = DCTERMS + "modified"
source = DCTERMS + "source"
isPartOf = DCTERMS + "isPartOf"
wasDerivedFrom = PROV + "wasDerivedFrom"
generatedAtTime = PROV + "generatedAtTime"
integer = XSD + "integer"


def document_uri(doc_id: str) -> str:
    return f"{ID}doc/{quote(doc_id, safe='')}"


def section_uri(doc_id: str, number: int) -> str:
    return f"{document_uri(doc_id)}/section/{number}"


def clause_uri(doc_id: str, clause_id: str) -> str:
    return f"{document_uri(doc_id)}/clause/{quote(clause_id, safe='')}"


def sparql_prologue() -> str:
    """PREFIX lines for every prefix above, for queries typed by people."""
    return "".join(f"PREFIX {name}: <{uri}>\n" for name, uri in PREFIXES.items())
