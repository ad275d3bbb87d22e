"""Answers from the graph: when a question asks for the members of a list, the list itself.

"What are the G7 principles?" is answered better by the eight principles, each with its
definition and the clause it was read from, than by ten clauses. A question is a list question
when it asks (what, which, list, name, ...) for a plural that names a kind of concept the graph
holds (principles, values, risk vectors, activities, technology areas, risk areas, tools,
organisations). The members come from the graph, grouped by the document that states them (or,
for tools, by jurisdiction), so a list in a document a user adds answers as the seeds' do. Which
group answers: one whose document or jurisdiction the question names, else the one whose
document ranks best for the question.
"""

import re
from collections import Counter
from dataclasses import dataclass

from ingest import graph
from ingest.index import Results
from ingest.places import countries_in
from ontology import namespace as ns

from .resources import Resources

ASKING = re.compile(r"^\s*(what|which|list|name|give|show|enumerate|tell me)\b", re.I)
SCHEME_WORDS = [  # the first that the question names wins
    ("risk-vector", re.compile(r"\b(risk )?vectors\b", re.I)),
    ("principle", re.compile(r"\bprinciples\b", re.I)),
    ("value", re.compile(r"\bvalues\b", re.I)),
    ("activity", re.compile(r"\bactivities\b", re.I)),
    (
        "technology-area",
        re.compile(r"\b(technolog(y|ies)|research) (areas|fields|categories)\b|\btechnologies\b|\bfields of (study|research)\b", re.I),
    ),
    ("risk-area", re.compile(r"\b(risk (areas|categories|factors)|(categories|kinds|types) of risks?|risks|threats)\b", re.I)),
    ("tool", re.compile(r"\b(tools|toolkits|resources|checklists)\b", re.I)),
    ("organisation", re.compile(r"\b(organi[sz]ations|agencies|bodies|institutions involved)\b", re.I)),
]
KIND_NAMES = {
    "risk-vector": "Risk vectors",
    "principle": "Principles",
    "value": "Values",
    "activity": "Activities",
    "technology-area": "Technology areas",
    "risk-area": "Risk areas",
    "tool": "Tools",
    "organisation": "Organisations",
}
MIN_MEMBERS = 2
LEAD_IN = 2  # clauses before a member's that may introduce the list ("... across some prominent risk vectors.")
TOP_HITS = 10  # a list no document or jurisdiction of the question names must have a clause among this many best


@dataclass
class Member:
    uri: str
    label: str
    definition: str | None
    clauses: list[str]


def list_answer(resources: Resources, question: str, results: Results, base_url: str) -> dict | None:
    """The list the question asks for, from the graph, or None when it asks for no list the graph holds."""
    scheme = asked_scheme(question)
    if scheme is None:
        return None
    members = _members(resources, scheme)
    groups = _groups(resources, scheme, members)
    if not groups:
        return None
    key = _choose(resources, question, results, groups)
    if key is None:
        return None
    chosen = groups[key]
    documents = resources.index.documents
    where = documents[key].title if key in documents else key
    listing = Counter(c for m in chosen for c in m.clauses).most_common(1)
    return {
        "kind": "list",
        "scheme": scheme,
        "label": f"{KIND_NAMES[scheme]} {'of' if key not in documents else 'in'} {where}",
        "concepts": [_member_json(resources, m, base_url) for m in chosen],
        "source": _clause_json(resources, listing[0][0], base_url) if listing else None,
    }


def asked_scheme(question: str) -> str | None:
    if not ASKING.search(question):
        return None
    return next((scheme for scheme, words in SCHEME_WORDS if words.search(question)), None)


def _members(resources: Resources, scheme: str) -> list[Member]:
    rows = graph.rows(
        resources.store,
        f"""SELECT ?c ?label ?definition ?clause ?jurisdiction WHERE {{
          ?c a <{ns.class_uri(scheme)}> ; skos:prefLabel ?label .
          OPTIONAL {{ ?c skos:definition ?definition }}
          OPTIONAL {{ ?c rskg:sourceClause ?clause }}
        }}""",
    )
    by_uri: dict[str, Member] = {}
    for row in rows:
        member = by_uri.setdefault(row["c"], Member(row["c"], row["label"], row.get("definition"), []))
        if row.get("clause") and row["clause"] not in member.clauses:
            member.clauses.append(row["clause"])
    return list(by_uri.values())


def _groups(resources: Resources, scheme: str, members: list[Member]) -> dict[str, list[Member]]:
    """Members by the document whose clauses state them, in the order the document states them;
    tools also by jurisdiction."""
    position = {
        uri: (clause.doc_id, clause.position)
        for member in members
        for uri in member.clauses
        if (clause := resources.clause_at(uri)) is not None
    }
    groups: dict[str, list[Member]] = {}
    for member in members:
        for doc_id in dict.fromkeys(position[c][0] for c in member.clauses if c in position):
            groups.setdefault(doc_id, []).append(member)
    for doc_id, group in groups.items():
        group.sort(key=lambda m: min((position[c][1] for c in m.clauses if c in position and position[c][0] == doc_id), default=0))
    if scheme == "tool":
        rows = graph.rows(resources.store, "SELECT ?c ?j WHERE { ?c a rskg:Tool ; rskg:inJurisdiction/skos:prefLabel ?j }")
        by_uri = {m.uri: m for m in members}
        for row in rows:
            if row["c"] in by_uri:
                groups.setdefault(row["j"], []).append(by_uri[row["c"]])
    return {key: group for key, group in groups.items() if len(group) >= MIN_MEMBERS}


def _choose(resources: Resources, question: str, results: Results, groups: dict[str, list[Member]]) -> str | None:
    documents = resources.index.documents
    asked = question.lower()
    if countries_in(question) - resources.index.held_countries:
        return None  # the question is about a country no document of the collection is from

    def named(key: str) -> bool:
        if key not in documents:  # a jurisdiction
            return _mentions(asked, key)
        doc = documents[key]
        return any(_mentions(asked, v) for v in (doc.jurisdiction, doc.issuer, doc.title) if v)

    candidates = [key for key in groups if named(key)]
    if not candidates:
        places = {v for d in documents.values() for v in (d.jurisdiction, d.issuer) if v}
        if any(_mentions(asked, place) for place in places):
            return None  # the question names a jurisdiction or issuer whose documents state no such list
        # else only a list the search itself finds: among the best answers, one of its clauses or the lead-in just before them
        found = {(hit.clause.doc_id, hit.clause.position) for hit in results.hits[:TOP_HITS]}
        candidates = [key for key, group in groups.items() if _near(resources, group, found)]
    ranked = [match.doc_id for match in results.documents]
    return min(candidates, key=lambda key: (ranked.index(key) if key in ranked else len(ranked), -len(groups[key])), default=None)


def _near(resources: Resources, group: list[Member], found: set[tuple[str, int]]) -> bool:
    """Some clause of ``found`` states a member, or introduces the list (up to LEAD_IN clauses before a member's)."""
    for member in group:
        for uri in member.clauses:
            clause = resources.clause_at(uri)
            if clause and any((clause.doc_id, clause.position - back) in found for back in range(LEAD_IN + 1)):
                return True
    return False


def _mentions(question: str, name: str) -> bool:
    """The question names ``name`` or its first word(s) before a parenthesis or comma ("G7 (international)" -> "G7")."""
    head = re.split(r"[(,:]", name)[0].strip().lower()
    return bool(head) and len(head) >= 2 and re.search(rf"(?<!\w){re.escape(head)}(?!\w)", question) is not None


def _member_json(resources: Resources, member: Member, base_url: str) -> dict:
    return {
        "uri": member.uri,
        "label": member.label,
        "definition": member.definition,
        "source": _clause_json(resources, member.clauses[0], base_url) if member.clauses else None,
    }


def _clause_json(resources: Resources, clause_uri: str, base_url: str) -> dict | None:
    from .views import citation

    clause = resources.clause_at(clause_uri)
    if clause is None:
        return None
    return {"uri": clause.uri, "text": clause.text, **citation(resources.index.documents[clause.doc_id], clause, base_url)}
