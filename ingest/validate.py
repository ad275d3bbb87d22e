"""SHACL validation of a built graph (pyshacl), with violations a person can read."""

from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from ontology import SHAPES_FILE
from ontology import namespace as ns

from .errors import RskgError


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    message: str

    def __str__(self) -> str:
        where = f" {_short(self.path)}" if self.path else ""
        return f"{_short(self.focus)}{where}: {self.message}"


class ValidationFailed(RskgError):
    def __init__(self, violations: list[Violation]):
        self.violations = violations
        shown = "; ".join(str(v) for v in violations[:3])
        more = f" (and {len(violations) - 3} more)" if len(violations) > 3 else ""
        super().__init__(
            f"the built graph fails its SHACL shapes, so it was not published: {shown}{more}. Run `rskg validate` for the full list."
        )


def validate_store(store: ox.Store) -> list[Violation]:
    data = Graph()
    data.parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), format="nt")
    return validate_graph(data)


def validate_graph(data: Graph) -> list[Violation]:
    from pyshacl import validate

    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    conforms, results, _ = validate(data, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True)
    if conforms:
        return []
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        violations.append(Violation(str(focus), str(path) if path is not None else None, str(message)))
    return sorted(violations, key=lambda v: (v.focus, v.path or ""))


def _short(uri: str) -> str:
    for prefix, base in ns.PREFIXES.items():
        if uri.startswith(base):
            return f"{prefix}:{uri[len(base) :]}"
    return f"<{uri}>" if isinstance(uri, str | URIRef) else str(uri)
