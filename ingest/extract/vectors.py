"""Risk areas related to the G7 risk vectors (corpus/000: Cyber security, Physical Access and
Security, Personnel, Partnerships and Collaborations), by the words of the risk's label and
definition: "Insider threat" reaches Personnel, "Theft of research data through network intrusion"
Cyber security. Each relation carries a score, the evidence (the text that names the words) and
the method; ``ingest.graph`` writes it as skos:broadMatch (or skos:closeMatch when the risk is the
vector under another name) with an rskg:ConceptLink node."""

import re
from dataclasses import replace

from ..records import Concept

VECTORS = {
    "Cyber security": r"cyber\w*|data|network\w*|intrusion|hack\w*|digital|credential\w*|IT systems?|software|online|phishing|"
    r"malware|ransomware|information security|systems?",
    "Physical Access and Security": r"physical\w*|facilit(?:y|ies)|laborator(?:y|ies)|labs?|premises|equipment|site|buildings?|"
    r"visitors?|samples?|devices?|assets?",
    "Personnel": r"people|personnel|staff|insider\w*|employees?|recruit\w*|talent|appointments?|affiliations?|researchers?|students?|"
    r"harass\w*|surveillance|travel\w*|visiting|coerc\w*|self-censorship|espionage|conflicts? of interest",
    "Partnerships and Collaborations": r"partner\w*|collaborat\w*|funding|funders?|foreign (?:state|government|funding)|agreements?|"
    r"investment|acquisition|export\w*|intellectual property|IP|transfer|sponsor\w*|joint|contracts?|interference|influence|"
    r"end uses?|military|reputation|ethic\w*|sanction\w*",
}
PATTERNS = {vector: re.compile(rf"\b(?:{words})\b", re.I) for vector, words in VECTORS.items()}
LABEL_WEIGHT, DEFINITION_WEIGHT = 1.0, 0.5
CLOSE = 0.9  # a score from which a risk is the vector under another name (skos:closeMatch)


def relate(concepts: list[Concept]) -> list[Concept]:
    return [_related(c) if c.scheme == "risk-area" else c for c in concepts]


def scores(label: str, definition: str | None) -> dict[str, tuple[float, str]]:
    """Vector -> (score in 0..1, the words that gave it)."""
    found = {}
    for vector, pattern in PATTERNS.items():
        in_label = {m.group(0).lower() for m in pattern.finditer(label)}
        in_definition = {m.group(0).lower() for m in pattern.finditer(definition or "")} - in_label
        raw = LABEL_WEIGHT * len(in_label) + DEFINITION_WEIGHT * len(in_definition)
        if raw:
            found[vector] = (round(min(1.0, 0.4 + 0.2 * raw), 2), ", ".join(sorted(in_label | in_definition)))
    return found


def _related(risk: Concept) -> Concept:
    related = scores(risk.label, risk.definition)
    if not related:
        return risk
    best = max(score for score, _ in related.values())
    links = [
        {
            "vector": vector,
            "score": score,
            "match": "closeMatch" if score >= CLOSE and score == best else "broadMatch",
            "method": "keywords",
            "evidence": risk.definition or risk.label,
            "words": words,
        }
        for vector, (score, words) in sorted(related.items(), key=lambda kv: -kv[1][0])
        if score >= best - 0.2
    ]
    return replace(risk, extra={**risk.extra, "vectors": links})
