"""One concept per scheme and id, whatever reader found it."""

from dataclasses import replace

from ..records import Concept


def merge(concepts: list[Concept]) -> list[Concept]:
    """One concept per scheme and id: alt labels, sources and missing fields pooled, first wins.

    Organisations that share an acronym are one organisation, under the shorter name."""
    by_acronym: dict[str, str] = {}
    for concept in sorted(concepts, key=lambda c: len(c.label)):
        if concept.scheme == "organisation":
            for acronym in concept.alt_labels:
                by_acronym.setdefault(acronym, concept.label)
    concepts = [_renamed(c, by_acronym) for c in concepts]
    merged: dict[tuple[str, str], Concept] = {}
    for concept in concepts:
        key = (concept.scheme, concept.id)
        if key not in merged:
            merged[key] = concept
            continue
        old = merged[key]
        merged[key] = replace(
            old,
            alt_labels=tuple(dict.fromkeys(old.alt_labels + concept.alt_labels + ((concept.label,) if concept.label != old.label else ()))),
            definition=old.definition or concept.definition,
            source_clauses=tuple(dict.fromkeys(old.source_clauses + concept.source_clauses)),
            address=old.address or concept.address,
            extra={
                **concept.extra,
                **old.extra,
                "addresses": addresses(old) + [a for a in addresses(concept) if a not in addresses(old)],
            },
            issuer=old.issuer or concept.issuer,
            jurisdiction=old.jurisdiction or concept.jurisdiction,
            curated=old.curated or concept.curated,
        )
    return list(merged.values())


def addresses(concept: Concept) -> list[str]:
    """Every address a tool was listed with (the same tool is sometimes listed twice, once mistyped)."""
    return concept.extra.get("addresses") or ([concept.address] if concept.address else [])


def _renamed(concept: Concept, by_acronym: dict[str, str]) -> Concept:
    if concept.scheme != "organisation":
        return concept
    name = next((by_acronym[a] for a in concept.alt_labels if a in by_acronym), concept.label)
    return concept if name == concept.label else replace(concept, label=name, alt_labels=(*concept.alt_labels, concept.label))
