"""What each web page shows, as plain data: the templates render it and its JSON twin is the same data.

Pages link by paths that mirror the graph's URIs (``https://w3id.org/rskg/id/doc/x`` is served at
``/id/doc/x``), so every concept, document and clause URI dereferences on this server.
"""

import re
from collections import Counter
from urllib.parse import urlencode

from bm25s.stopwords import STOPWORDS_EN

from ingest import graph
from ingest.index import FACETS, STEMMER, Filters
from ontology import namespace as ns

from .answers import list_answer
from .resources import Resources
from .search import to_search_results

WORD = re.compile(r"\w+", re.UNICODE)
QUESTION_WORDS = {"which", "what", "who", "whom", "whose", "where", "when", "how", "why", "does", "do", "did", "can", "should"}
UNMARKED = set(STOPWORDS_EN) | QUESTION_WORDS  # not highlighted in answers
SCHEME_OF_CLASS = {ns.class_uri(key): key for key in ns.SCHEMES}
SOURCE_SCHEMES = ("value", "principle", "risk-vector")  # what the crosswalk links to tools: the G7 framework


def path_of(uri: str) -> str:
    """The path this server answers a graph URI on (other URIs are returned as they are)."""
    return "/" + uri[len(ns.BASE) :] if uri.startswith(ns.BASE) else uri


def clause_href(doc_id: str, clause_id: str) -> str:
    return f"{path_of(ns.document_uri(doc_id))}#clause-{clause_id}"


def chip(uri: str, label: str, scheme: str) -> dict:
    return {"uri": uri, "label": label, "scheme": scheme, "scheme_label": ns.SCHEMES.get(scheme, (scheme, scheme))[1], "href": path_of(uri)}


def highlight(text: str, query: str) -> list[tuple[str, bool]]:
    """``text`` cut into runs, each marked True where a word shares its stem with a word of the query."""
    wanted = {STEMMER.stemWord(w.lower()) for w in WORD.findall(query) if w.lower() not in UNMARKED}
    runs, last = [], 0
    for match in WORD.finditer(text):
        if match.group().lower() not in UNMARKED and STEMMER.stemWord(match.group().lower()) in wanted:
            runs += [(text[last : match.start()], False), (match.group(), True)]
            last = match.end()
    runs.append((text[last:], False))
    return [run for run in runs if run[0]]


def citation(doc, clause, base_url: str) -> dict:
    """Where a clause comes from, and the citation a reader can paste (author-date, with the clause's link)."""
    headings = [h for h in clause.section_path if h != doc.title]
    year = (doc.date or "")[:4] or "n.d."
    parts = [f"{doc.issuer or 'Unknown issuer'} ({year}). {doc.title}."]
    if headings:
        parts.append(f"Section “{headings[-1]}”.")
    if clause.page:
        parts.append(f"p. {clause.page}.")
    if doc.source:
        parts.append(f"Available at {doc.source}.")
    href = clause_href(doc.id, clause.id)
    parts.append(base_url.rstrip("/") + href)
    return {
        "document": doc.title,
        "document_href": path_of(doc.uri),
        "issuer": doc.issuer,
        "date": doc.date,
        "section": " > ".join(headings) or None,
        "page": clause.page,
        "href": href,
        "source": doc.source,
        "text": " ".join(parts),
    }


# --- ask ----------------------------------------------------------------------


def ask_page(resources: Resources, settings, query: str, chosen: dict[str, list[str]], k: int, base_url: str) -> dict:
    page = {"query": query, "k": k, "chosen": chosen, "results": [], "documents": [], "facets": [], "active": [], "query_concepts": []}
    if not query.strip():
        return page
    filters = Filters(*(tuple(chosen.get(name, ())) for name in FACETS))
    results = resources.index.search(query, k, filters=filters or None, **settings.search_options())
    found = to_search_results(resources, query, results)
    documents = resources.index.documents
    for hit, raw in zip(found.results, results.hits, strict=True):
        page["results"].append(
            {
                "id": hit.id,
                "uri": hit.uri,
                "text": hit.text,
                "runs": highlight(hit.text, query),
                "score": hit.score,
                "citation": citation(documents[hit.document.id], raw.clause, base_url),
                "concepts": [chip(c.uri, c.label, c.scheme) for c in hit.concepts[:6]],
            }
        )
    page["query_concepts"] = [chip(c.uri, c.label, c.scheme) for c in found.query_concepts]
    page["no_good_match"] = found.no_good_match
    if not chosen:
        page["answer"] = list_answer(resources, query, results, base_url)
    page["documents"] = [
        {
            "title": d.title,
            "issuer": d.issuer,
            "jurisdiction": d.jurisdiction,
            "date": d.date,
            "clauses": d.clauses,
            "href": citation(documents[d.id], match.best.clause, base_url)["href"],
        }
        for d, match in zip(found.documents, results.documents, strict=True)
    ]
    for name in FACETS:
        values = [
            {
                "value": v.value,
                "label": v.label or v.value,
                "count": v.count,
                "active": v.value in chosen.get(name, []),
                "href": _toggle(query, chosen, name, v.value),
            }
            for v in found.facets.get(name, [])
        ]
        if values:
            page["facets"].append({"name": name, "title": FACET_TITLES[name], "values": values})
    concepts, docs = resources.index.graph.concepts, resources.index.documents
    for name, values in chosen.items():
        for value in values:
            label = concepts[value].label if value in concepts else docs[value].title if name == "doc" and value in docs else value
            page["active"].append({"name": FACET_TITLES[name], "label": label, "href": _toggle(query, chosen, name, value)})
    return page


FACET_TITLES = {"issuer": "Issuer", "jurisdiction": "Jurisdiction", "kind": "Kind of document", "doc": "Document", "concept": "Concept"}


def _toggle(query: str, chosen: dict[str, list[str]], name: str, value: str) -> str:
    """The ask URL with ``value`` added to, or taken out of, the ``name`` filter."""
    values = chosen.get(name, [])
    changed = {**chosen, name: [v for v in values if v != value] if value in values else [*values, value]}
    pairs = [("q", query)] + [(n, v) for n in FACETS for v in changed.get(n, [])]
    return "/?" + urlencode(pairs)


# --- documents ------------------------------------------------------------------


def document_page(resources: Resources, doc_id: str, base_url: str) -> dict | None:
    doc = resources.index.documents.get(doc_id)
    if doc is None:
        return None
    index = resources.index
    blocks, previous = [], []
    for i in resources.clauses_of(doc_id):
        clause = index.clauses[i]
        path = [h for h in clause.section_path if h != doc.title]
        shared = next((n for n, (a, b) in enumerate(zip(path, previous, strict=False)) if a != b), min(len(path), len(previous)))
        for level in range(shared, len(path)):
            blocks.append({"heading": path[level], "level": min(level + 2, 6)})
        previous = path
        blocks.append(
            {
                "id": clause.id,
                "anchor": f"clause-{clause.id}",
                "uri": clause.uri,
                "text": clause.text,
                "kind": clause.kind,
                "items": _items(clause),
                "page": clause.page,
                "concepts": [chip(c.uri, c.label, c.scheme) for c in index.graph.shown(i)[:6]],
                "citation": citation(doc, clause, base_url)["text"],
            }
        )
    return {
        "uri": doc.uri,
        "id": doc.id,
        "title": doc.title,
        "issuer": doc.issuer,
        "date": doc.date,
        "jurisdiction": doc.jurisdiction,
        "jurisdiction_inferred": "jurisdiction" in doc.inferred,
        "date_inferred": doc.inferred.get("date"),
        "damaged_pages": doc.damaged_pages,
        "kind": doc.kind,
        "source": doc.source,
        "file": doc.file,
        "file_href": f"{path_of(doc.uri)}/file",
        "coverage_href": f"{path_of(doc.uri)}/coverage",
        "earlier_editions": documents_with_editions(resources).get(doc.uri, 0),
        "editions_href": f"{path_of(doc.uri)}/editions",
        "format": doc.format,
        "clauses": sum(1 for b in blocks if "text" in b),
        "blocks": blocks,
    }


def editions_page(resources: Resources, settings, doc_id: str) -> dict | None:
    """What changed between a fetched document's earlier edition and its current one (``rskg editions``' diff):
    clauses added, removed and reworded (the two wordings side by side, the words that differ marked), and the
    concepts only one of them states. None when there is no such document; RskgError when it has one edition."""
    from ingest.editions import compare_document

    doc = resources.index.documents.get(doc_id)
    if doc is None:
        return None
    diff = compare_document(doc_id, settings)
    changes = []
    for n, change in enumerate(diff.changes, 1):
        before, after = word_diff(change.before or "", change.after or "")
        changes.append({**change.__dict__, "anchor": f"change-{n}", "before_runs": before, "after_runs": after})
    in_graph = resources.index.graph.concepts
    concepts = [{**c.__dict__, "href": path_of(c.uri) if c.uri in in_graph else None} for c in diff.concepts]
    counts = Counter(c.change for c in diff.changes)
    return {
        "id": doc.id,
        "title": doc.title,
        "document_href": path_of(doc.uri),
        "json_href": f"{path_of(doc.uri)}/editions?format=json",
        "address": diff.address,
        "before": diff.before,
        "after": diff.after,
        "earlier": diff.earlier,
        "counts": {name: counts[name] for name in ("added", "removed", "reworded")},
        "changes": changes,
        "concepts_added": [c for c in concepts if c["change"] == "added"],
        "concepts_removed": [c for c in concepts if c["change"] == "removed"],
    }


def word_diff(before: str, after: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Both wordings cut into runs, each marked True where its words are not in the other wording (in order)."""
    import difflib

    old, new = re.findall(r"\S+\s*", before), re.findall(r"\S+\s*", after)
    old_runs: list[tuple[str, bool]] = []
    new_runs: list[tuple[str, bool]] = []
    matcher = difflib.SequenceMatcher(a=[w.strip() for w in old], b=[w.strip() for w in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for runs, words in ((old_runs, old[i1:i2]), (new_runs, new[j1:j2])):
            text = "".join(words)
            if text and tag != "equal":  # the space after a changed stretch is not marked with it
                runs += [(text.rstrip(), True), (text[len(text.rstrip()) :], False)]
            elif text:
                runs.append((text, False))
    return [r for r in old_runs if r[0]], [r for r in new_runs if r[0]]


def documents_with_editions(resources: Resources) -> dict[str, int]:
    """Document URI -> how many earlier editions the graph keeps of it."""
    rows = select(resources, "SELECT ?doc (COUNT(?edition) AS ?n) WHERE { ?edition dcterms:isVersionOf ?doc } GROUP BY ?doc")
    return {row["doc"]: int(row["n"]) for row in rows}


def _items(clause) -> list[str]:
    """A list clause's lead-in and items (a list is one clause: the lead-in, then a "\n- " line per item)."""
    return [part.strip() for part in clause.text.split("\n- ")] if clause.kind == "list" and "\n- " in clause.text else []


def coverage_page(resources: Resources, doc_id: str) -> dict | None:
    """Which G7 values, principles and risk vectors a document addresses, with its clauses, and which not."""
    from ingest.coverage import SCHEME_TITLES, document_coverage

    coverage = document_coverage(resources.store, doc_id)
    if coverage is None:
        return None
    data = coverage.as_json()
    base = f"{path_of(ns.document_uri(doc_id))}/coverage"
    for concept in data["concepts"]:
        concept["href"] = path_of(concept["uri"])
        for clause in concept["clauses"]:
            clause["href"] = clause_href(doc_id, clause["id"])
    groups = [
        {"scheme": scheme, "title": title, "concepts": [c for c in data["concepts"] if c["scheme"] == scheme]}
        for scheme, title in SCHEME_TITLES.items()
    ]
    return {
        **data,
        "document_href": path_of(ns.document_uri(doc_id)),
        "json_href": f"{base}.json",
        "csv_href": f"{base}.csv",
        "groups": groups,
    }


# --- concepts -------------------------------------------------------------------


def concept_page(resources: Resources, uri: str) -> dict | None:
    rows = select(
        resources,
        f"""SELECT ?label ?scheme ?definition ?curated WHERE {{
          <{uri}> skos:prefLabel ?label ; skos:inScheme ?schemeUri .
          BIND(STRAFTER(STR(?schemeUri), "{ns.ID}scheme/") AS ?scheme)
          OPTIONAL {{ <{uri}> skos:definition ?definition }}
          OPTIONAL {{ <{uri}> rskg:curated ?curated }}
        }} LIMIT 1""",
    )
    if not rows:
        return None
    row = rows[0]
    scheme = row["scheme"]
    page = {
        "uri": uri,
        "label": row["label"],
        "scheme": scheme,
        "scheme_label": ns.SCHEMES.get(scheme, (scheme, scheme))[1],
        "definition": row.get("definition"),
        "curated": row.get("curated") == "true",
        "alt_labels": [r["alt"] for r in select(resources, f"SELECT ?alt WHERE {{ <{uri}> skos:altLabel ?alt }} ORDER BY ?alt")],
        "addresses": [r["a"] for r in select(resources, f"SELECT ?a WHERE {{ <{uri}> rskg:address ?a }} ORDER BY ?a")],
        "source_clauses": [resources.clause_card(r["c"]) for r in select(resources, f"SELECT ?c WHERE {{ <{uri}> rskg:sourceClause ?c }}")],
        "jurisdiction": _linked(resources, f"<{uri}> rskg:inJurisdiction ?x"),
        "issuer": _linked(resources, f"<{uri}> rskg:issuer ?x"),
        "issues": _linked(resources, f"?x rskg:issuer <{uri}>", many=True),
        "related": _linked(resources, f"{{ <{uri}> skos:related ?x }} UNION {{ ?x skos:related <{uri}> }}", many=True),
        "links": crosswalk_links(resources, uri, scheme),
        "about": _about(resources, uri),
        "also_stated_by": _aligned(resources, uri),
        "in_framework": bool(select(resources, f"SELECT ?f WHERE {{ ?f skos:member <{uri}> }} LIMIT 1")),
        **_own_text(resources, uri),
    }
    page["source_clauses"] = [c for c in page["source_clauses"] if c]
    linked = {link["concept"]["uri"] for link in page["links"]}
    page["related"] = [c for c in page["related"] if c["uri"] not in linked]  # the links section shows those, with evidence
    return page


def _aligned(resources: Resources, uri: str) -> list[dict]:
    """The same or a near concept as other documents state it (skos:exactMatch, skos:closeMatch), with the score and method."""
    rows = select(
        resources,
        f"""SELECT ?other ?label ?class ?relation ?score ?method (GROUP_CONCAT(DISTINCT ?title; separator=" | ") AS ?documents) WHERE {{
          ?a a rskg:Alignment ; rskg:relation ?relation ; rskg:matchScore ?score ; rskg:method/rdfs:label ?method .
          {{ ?a rskg:alignedFrom <{uri}> ; rskg:alignedTo ?other }} UNION {{ ?a rskg:alignedTo <{uri}> ; rskg:alignedFrom ?other }}
          ?other skos:prefLabel ?label ; a ?class . FILTER(STRSTARTS(STR(?class), STR(rskg:)))
          OPTIONAL {{ ?other rskg:sourceClause/rskg:document/dcterms:title ?title }}
        }} GROUP BY ?other ?label ?class ?relation ?score ?method ORDER BY DESC(?score)""",
    )
    return [
        {
            "concept": chip(r["other"], r["label"], SCHEME_OF_CLASS.get(r["class"], "concept")),
            "relation": r["relation"].rsplit("#", 1)[-1],
            "score": float(r["score"]),
            "method": r["method"],
            "documents": [t for t in r.get("documents", "").split(" | ") if t],
        }
        for r in rows
    ]


def _own_text(resources: Resources, uri: str) -> dict:
    """A tool's description and where it came from, and the ingested document that is the tool itself."""
    rows = select(
        resources,
        f"""SELECT ?description ?from ?doc ?title WHERE {{
          OPTIONAL {{ <{uri}> dcterms:description ?description . OPTIONAL {{ <{uri}> rskg:descriptionFrom ?from }} }}
          OPTIONAL {{ <{uri}> rskg:ingestedAs ?doc . ?doc dcterms:title ?title }} }} LIMIT 1""",
    )
    row = rows[0] if rows else {}
    document = {"uri": row["doc"], "href": path_of(row["doc"]), "title": row["title"]} if row.get("doc") else None
    return {"description": row.get("description"), "description_from": row.get("from"), "document": document}


def crosswalk_links(resources: Resources, uri: str, scheme: str) -> list[dict]:
    """A principle's or risk vector's tools, or a tool's principles and risk vectors, each with its evidence."""
    mine, other = ("from", "tool") if scheme in SOURCE_SCHEMES else ("tool", "from")
    rows = select(
        resources,
        f"""SELECT ?link ?other ?label ?class ?confidence ?curated ?method ?note WHERE {{
          ?link a rskg:CrosswalkLink ; rskg:{mine} <{uri}> ; rskg:{other} ?other ; rskg:confidence ?confidence ;
                rskg:curated ?curated ; rskg:method/rdfs:label ?method .
          ?other skos:prefLabel ?label ; a ?class . FILTER(STRSTARTS(STR(?class), STR(rskg:)))
          OPTIONAL {{ ?link rdfs:comment ?note }}
        }} ORDER BY DESC(?confidence) ?label""",
    )
    links = {}
    for row in rows:
        if row["link"] in links:
            continue
        evidence = [resources.clause_card(r["e"]) for r in select(resources, f"SELECT ?e WHERE {{ <{row['link']}> rskg:evidence ?e }}")]
        justified = [r["s"] for r in select(resources, f"SELECT ?s WHERE {{ <{row['link']}> rskg:sentence ?s }}")]
        links[row["link"]] = {
            "uri": row["link"],
            "href": path_of(row["link"]),
            "concept": chip(row["other"], row["label"], SCHEME_OF_CLASS.get(row["class"], "concept")),
            "confidence": float(row["confidence"]),
            "curated": row["curated"] == "true",
            "method": row["method"],
            "note": row.get("note"),
            "evidence": [e for e in evidence if e],
            "sentences": justified,
        }
    return list(links.values())


def link_page(resources: Resources, uri: str) -> dict | None:
    rows = select(
        resources,
        f"""SELECT ?from ?label ?class WHERE {{
          <{uri}> a rskg:CrosswalkLink ; rskg:from ?from . ?from skos:prefLabel ?label ; a ?class .
          FILTER(?class IN (rskg:Value, rskg:Principle, rskg:RiskVector))
        }}""",
    )
    if not rows:
        return None
    source = chip(rows[0]["from"], rows[0]["label"], SCHEME_OF_CLASS[rows[0]["class"]])
    link = next(link for link in crosswalk_links(resources, source["uri"], source["scheme"]) if link["uri"] == uri)
    return {"uri": uri, "source": source, **link}


def _about(resources: Resources, uri: str, limit: int = 40) -> list[dict]:
    rows = select(
        resources,
        f"""SELECT ?clause (MAX(?score) AS ?best) WHERE {{
          ?link a rskg:ConceptLink ; rskg:concept <{uri}> ; rskg:clause ?clause ; rskg:score ?score .
        }} GROUP BY ?clause ORDER BY DESC(?best) LIMIT {limit}""",
    )
    return [card for r in rows if (card := resources.clause_card(r["clause"]))]


def _linked(resources: Resources, pattern: str, many: bool = False):
    rows = select(
        resources,
        f"SELECT DISTINCT ?x ?label ?class WHERE {{ {pattern} . ?x skos:prefLabel ?label ; a ?class . "
        "FILTER(STRSTARTS(STR(?class), STR(rskg:))) } ORDER BY ?label",
    )
    chips = list({r["x"]: chip(r["x"], r["label"], SCHEME_OF_CLASS.get(r["class"], "concept")) for r in rows}.values())
    return chips if many else (chips[0] if chips else None)


def concepts_index(resources: Resources) -> list[dict]:
    rows = select(
        resources,
        "SELECT ?c ?label ?scheme WHERE { ?c a skos:Concept ; skos:prefLabel ?label ; skos:inScheme ?s . "
        f'BIND(STRAFTER(STR(?s), "{ns.ID}scheme/") AS ?scheme) }} ORDER BY ?scheme LCASE(?label)',
    )
    groups = {key: {"scheme": key, "title": title, "concepts": []} for key, (_, title) in ns.SCHEMES.items()}
    for row in rows:
        if row["scheme"] in groups:
            groups[row["scheme"]]["concepts"].append(chip(row["c"], row["label"], row["scheme"]))
    return [g for g in groups.values() if g["concepts"]]


# --- compare ----------------------------------------------------------------------

COMPARE_BY = {"jurisdiction": "Jurisdiction", "issuer": "Issuer"}
COMPARE_POOL = 100  # the best clauses looked through for each group's best


def compare_page(resources: Resources, settings, query: str, by: str, base_url: str) -> dict:
    """What each jurisdiction (or issuer) says on one question: its best clause among the best matches, side by side.

    One search over everything, grouped afterwards, so the clauses are ranked on one scale; a
    group whose documents have no clause among the best is listed as silent, not dropped."""
    page = {"query": query, "by": by, "by_title": COMPARE_BY[by], "groups": [], "silent": []}
    if not query.strip():
        return page
    results = resources.index.search(query, COMPARE_POOL, **settings.search_options())
    documents = resources.index.documents
    best_score = results.hits[0].score if results.hits else 0.0
    seen: dict[str, dict] = {}
    for hit in results.hits:
        doc = documents[hit.clause.doc_id]
        value = getattr(doc, by) or "(not stated)"
        if value in seen:
            seen[value]["clauses"] += 1
            continue
        seen[value] = {
            "value": value,
            "text": hit.clause.text,
            "runs": highlight(hit.clause.text, query),
            "score": round(hit.score, 6),
            "strong": hit.score >= 0.5 * best_score,
            "clauses": 1,
            "citation": citation(doc, hit.clause, base_url),
        }
    page["groups"] = list(seen.values())
    everyone = {getattr(d, by) or "(not stated)" for d in documents.values()}
    page["silent"] = sorted(everyone - set(seen))
    return page


# --- documents --------------------------------------------------------------------


DOCUMENT_COLUMNS = ["id", "title", "issuer", "date", "jurisdiction", "kind", "clauses", "source", "uri"]


def documents_list(resources: Resources) -> list[dict]:
    """Every document of the collection, with its metadata and clause count, by jurisdiction, issuer and date."""
    counts = Counter(clause.doc_id for clause in resources.index.clauses)
    editions = documents_with_editions(resources)
    rows = [
        {
            "id": d.id,
            "title": d.title,
            "issuer": d.issuer,
            "date": d.date,
            "jurisdiction": d.jurisdiction,
            "kind": d.kind,
            "clauses": counts[d.id],
            "source": d.source,
            "uri": d.uri,
            "href": path_of(d.uri),
            "earlier_editions": editions.get(d.uri, 0),
            "editions_href": f"{path_of(d.uri)}/editions" if d.uri in editions else None,
        }
        for d in resources.index.documents.values()
    ]
    return sorted(
        rows, key=lambda r: ((r["jurisdiction"] or "~").lower(), (r["issuer"] or "~").lower(), r["date"] or "", r["title"].lower())
    )


def collection_summary(resources: Resources) -> dict:
    """What the collection holds, for the home page: counts, jurisdictions, and questions to start from."""
    documents = list(resources.index.documents.values())
    concepts = resources.index.graph.concepts
    examples = [f"What does the guidance say about {c.label}?" for c in _example_concepts(concepts)]
    return {
        "documents": len(documents),
        "clauses": len(resources.index.clauses),
        "issuers": len({d.issuer for d in documents if d.issuer}),
        "jurisdictions": sorted({d.jurisdiction for d in documents if d.jurisdiction}),
        "concepts": len(concepts),
        "examples": examples,
    }


def _example_concepts(concepts: dict, per_scheme: int = 2) -> list:
    """A few concepts the collection states, of the kinds a policy question is usually about."""
    chosen = []
    for scheme in ("principle", "risk-vector", "technology-area"):
        of_scheme = sorted((c for c in concepts.values() if c.scheme == scheme), key=lambda c: c.label)
        chosen += of_scheme[:per_scheme]
    return chosen


# --- crosswalk ----------------------------------------------------------------------


CROSSWALK_SHOW = ("all", "curated", "inferred")
CROSSWALK_COLUMNS = ["concept", "kind", "tool", "jurisdiction", "curated", "confidence", "method", "link"]


def crosswalk_page(resources: Resources, show: str = "all") -> dict:
    """The G7 framework (values, principles, risk vectors: the columns) against the tools (the rows,
    full names, grouped by jurisdiction), each cell a link; ``show`` keeps curated or inferred links only."""
    rows = select(
        resources,
        """SELECT ?link ?source ?sourceLabel ?class ?tool ?toolLabel ?confidence ?curated ?method ?jurisdiction WHERE {
          ?link a rskg:CrosswalkLink ; rskg:from ?source ; rskg:tool ?tool ; rskg:confidence ?confidence ; rskg:curated ?curated ;
                rskg:method/rdfs:label ?method .
          ?source skos:prefLabel ?sourceLabel ; a ?class . ?tool skos:prefLabel ?toolLabel .
          OPTIONAL { ?tool rskg:inJurisdiction/skos:prefLabel ?jurisdiction }
          FILTER(?class IN (rskg:Value, rskg:Principle, rskg:RiskVector))
        }""",
    )
    every = rows
    if show != "all":
        rows = [r for r in rows if (r["curated"] == "true") == (show == "curated")]
    cells = {(r["source"], r["tool"]): r for r in rows}
    columns = []
    for scheme in SOURCE_SCHEMES:
        sources = select(  # the framework's own members: a value another document states is not a column of the G7's
            resources,
            f"SELECT ?s ?label WHERE {{ <{ns.framework_uri('g7')}> skos:member ?s . ?s a <{ns.class_uri(scheme)}> ; "
            "skos:prefLabel ?label } ORDER BY ?label",
        )
        columns.append({"scheme": scheme, "title": ns.SCHEMES[scheme][1], "concepts": [chip(c["s"], c["label"], scheme) for c in sources]})
    concepts = [c for group in columns for c in group["concepts"]]
    tools = {r["tool"]: (r["toolLabel"], r.get("jurisdiction") or "Other") for r in rows}
    groups: dict[str, list[dict]] = {}
    for uri, (label, jurisdiction) in sorted(tools.items(), key=lambda item: (item[1][1] == "Other", item[1][1], item[1][0].lower())):
        cells_of_tool = []
        for concept in concepts:
            link = cells.get((concept["uri"], uri))
            cells_of_tool.append(
                {
                    "href": path_of(link["link"]),
                    "confidence": float(link["confidence"]),
                    "curated": link["curated"] == "true",
                    "label": f"{concept['label']} and {label}: confidence {float(link['confidence']):.2f}"
                    + (", curated" if link["curated"] == "true" else ", inferred"),
                }
                if link
                else None
            )
        groups.setdefault(jurisdiction, []).append({"tool": chip(uri, label, "tool"), "cells": cells_of_tool})
    methods: dict[str, int] = {}
    for r in every:
        methods[r["method"]] = methods.get(r["method"], 0) + 1
    matrices = [
        {"scheme": c["scheme"], "rows": [{"concept": concept} for concept in c["concepts"]]} for c in columns
    ]  # the network's left side
    csv_rows = [
        {
            "concept": r["sourceLabel"],
            "kind": next((scheme for scheme in SOURCE_SCHEMES if r["class"] == ns.class_uri(scheme)), ""),
            "tool": r["toolLabel"],
            "jurisdiction": r.get("jurisdiction") or "",
            "curated": r["curated"],
            "confidence": r["confidence"],
            "method": r["method"],
            "link": r["link"],
        }
        for r in sorted(rows, key=lambda r: (r["sourceLabel"].lower(), r["toolLabel"].lower()))
    ]
    return {
        "rows": csv_rows,
        "show": show,
        "shows": CROSSWALK_SHOW,
        "methods": methods,
        "columns": columns,
        "groups": [{"jurisdiction": j, "tools": ts} for j, ts in groups.items()],
        "links": len(rows),
        "all_links": len(every),
        "network": network_svg(matrices, sorted({(r["toolLabel"], r["tool"]) for r in rows}, key=lambda t: t[0].lower()), rows),
    }


def network_svg(matrices: list[dict], tools: list[tuple[str, str]], rows: list[dict]) -> dict:
    """Positions for a two-column picture: principles and risk vectors on the left, tools on the right."""
    sources = [(m["scheme"], r["concept"]) for m in matrices for r in m["rows"]]
    step, width = 26, 1300
    height = max(len(sources), len(tools)) * step + 40
    left = {c["uri"]: (400, 30 + i * step * max(1, len(tools)) / max(1, len(sources))) for i, (_, c) in enumerate(sources)}
    right = {uri: (640, 30 + i * step) for i, (_, uri) in enumerate(tools)}
    nodes = [
        {"x": x, "y": y, "label": c["label"], "href": c["href"], "side": "left", "scheme": s}
        for s, c in sources
        for (x, y) in [left[c["uri"]]]
    ]
    nodes += [
        {"x": x, "y": y, "label": label, "href": path_of(uri), "side": "right", "scheme": "tool"}
        for label, uri in tools
        for (x, y) in [right[uri]]
    ]
    edges = [
        {
            "x1": left[r["source"]][0],
            "y1": left[r["source"]][1],
            "x2": right[r["tool"]][0],
            "y2": right[r["tool"]][1],
            "href": path_of(r["link"]),
            "width": round(1 + 3 * float(r["confidence"]), 2),
            "curated": r["curated"] == "true",
            "title": f"{r['sourceLabel']} → {r['toolLabel']} ({float(r['confidence']):.2f})",
        }
        for r in rows
        if r["source"] in left and r["tool"] in right
    ]
    return {"width": width, "height": height, "nodes": nodes, "edges": edges}


def select(resources: Resources, query: str) -> list[dict[str, str]]:
    return graph.rows(resources.store, query)
