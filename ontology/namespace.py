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
FOAF = "http://xmlns.com/foaf/0.1/"
SCHEMA = "https://schema.org/"
SH = "http://www.w3.org/ns/shacl#"

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
    "foaf": FOAF,
    "schema": SCHEMA,
}

# Classes
Document = RSKG + "Document"
Section = RSKG + "Section"
Clause = RSKG + "Clause"

# Concept classes, each with its SKOS concept scheme (see SCHEMES)
Concept = SKOS + "Concept"
ConceptScheme = SKOS + "ConceptScheme"
ConceptLink = RSKG + "ConceptLink"
CrosswalkLink = RSKG + "CrosswalkLink"
VectorLink = RSKG + "VectorLink"
Organisation = RSKG + "Organisation"

# scheme key -> (class local name, scheme label)
SCHEMES = {
    "value": ("Value", "G7 common values of research integrity"),
    "principle": ("Principle", "Principles of research security"),
    "risk-vector": ("RiskVector", "Risk vectors"),
    "risk-area": ("RiskArea", "Risk areas named by each document"),
    "tool": ("Tool", "Tools and guidance"),
    "actor": ("Actor", "Actors"),
    "activity": ("Activity", "Academic activities"),
    "technology-area": ("TechnologyArea", "Sensitive technology areas"),
    "jurisdiction": ("Jurisdiction", "Jurisdictions"),
    "organisation": ("Organisation", "Organisations"),
    "topic": ("Topic", "Topics and areas of guidance"),
    "term": ("Term", "Defined terms"),
}

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
inferredMetadata = RSKG + "inferredMetadata"
metadataNote = RSKG + "metadataNote"
damagedPage = RSKG + "damagedPage"

defines = RSKG + "defines"
about = RSKG + "about"
linkClause = RSKG + "clause"
linkConcept = RSKG + "concept"
score = RSKG + "score"
method = RSKG + "method"
curated = RSKG + "curated"
confidence = RSKG + "confidence"
evidence = RSKG + "evidence"
fromConcept = RSKG + "from"
toTool = RSKG + "tool"
address = RSKG + "address"
issuer = RSKG + "issuer"
inJurisdiction = RSKG + "inJurisdiction"
sourceClause = RSKG + "sourceClause"
mentionedIn = RSKG + "mentionedIn"
cue = RSKG + "cue"
ingestedAs = RSKG + "ingestedAs"
Alignment = RSKG + "Alignment"
alignedFrom = RSKG + "alignedFrom"
alignedTo = RSKG + "alignedTo"
relation = RSKG + "relation"
matchScore = RSKG + "matchScore"
sentence = RSKG + "sentence"
descriptionFrom = RSKG + "descriptionFrom"

# Reused terms
type_ = RDF + "type"
label = RDFS + "label"
title = DCTERMS + "title"
identifier = DCTERMS + "identifier"
publisher = DCTERMS + "publisher"
date = DCTERMS + "date"
modified = DCTERMS + "modified"
language = DCTERMS + "language"
source = DCTERMS + "source"
isPartOf = DCTERMS + "isPartOf"
wasDerivedFrom = PROV + "wasDerivedFrom"
generatedAtTime = PROV + "generatedAtTime"
invalidatedAtTime = PROV + "invalidatedAtTime"
wasRevisionOf = PROV + "wasRevisionOf"
Entity = PROV + "Entity"
isVersionOf = DCTERMS + "isVersionOf"
integer = XSD + "integer"
decimal = XSD + "decimal"
boolean = XSD + "boolean"
prefLabel = SKOS + "prefLabel"
altLabel = SKOS + "altLabel"
definition = SKOS + "definition"
inScheme = SKOS + "inScheme"
topConceptOf = SKOS + "topConceptOf"
related = SKOS + "related"
closeMatch = SKOS + "closeMatch"
exactMatch = SKOS + "exactMatch"
broader = SKOS + "broader"
broadMatch = SKOS + "broadMatch"
Collection = SKOS + "Collection"
member = SKOS + "member"
description = DCTERMS + "description"
wasGeneratedBy = PROV + "wasGeneratedBy"
homepage = FOAF + "homepage"
url = SCHEMA + "url"


def document_uri(doc_id: str) -> str:
    return f"{ID}doc/{quote(doc_id, safe='')}"


def edition_uri(doc_id: str, sha256: str) -> str:
    """An earlier edition of a document, known by its content."""
    return f"{document_uri(doc_id)}/edition/{sha256[:16]}"


def section_uri(doc_id: str, number: int) -> str:
    return f"{document_uri(doc_id)}/section/{number}"


def clause_uri(doc_id: str, clause_id: str) -> str:
    return f"{document_uri(doc_id)}/clause/{quote(clause_id, safe='')}"


def class_uri(scheme: str) -> str:
    return RSKG + SCHEMES[scheme][0]


def scheme_uri(scheme: str) -> str:
    return f"{ID}scheme/{scheme}"


def concept_uri(scheme: str, concept_id: str) -> str:
    return f"{ID}concept/{scheme}/{quote(concept_id, safe='')}"


def method_uri(method_name: str) -> str:
    return f"{ID}method/{quote(method_name, safe='')}"


def crosswalk_uri(source: str, tool: str) -> str:
    return f"{ID}crosswalk/{source.rsplit('/', 2)[-2]}-{source.rsplit('/', 1)[-1]}--{tool.rsplit('/', 1)[-1]}"


def framework_uri(name: str) -> str:
    return f"{ID}framework/{quote(name, safe='')}"


def alignment_uri(concept: str, other: str) -> str:
    return f"{ID}alignment/{concept.rsplit('/', 2)[-2]}-{concept.rsplit('/', 1)[-1]}--{other.rsplit('/', 2)[-2]}-{other.rsplit('/', 1)[-1]}"
