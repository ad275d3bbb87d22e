"""An external SPARQL 1.1 store: publish the graph with the Graph Store Protocol, query it with the
SPARQL Protocol. Any store that speaks both works (Oxigraph, Fuseki, GraphDB, Virtuoso, ...).

The embedded Oxigraph store stays the default and always exists: search and the web pages read
it. With ``RSKG_STORE_QUERY_URL`` set, the /sparql endpoint answers from the external store.
"""

from pathlib import Path

import httpx

from ontology import namespace as ns

from .errors import RskgError


class ExternalStoreError(RskgError):
    """The external store refused or could not be reached; the message says which and what to check."""


def graph_params(graph: str | None) -> dict[str, str]:
    """The Graph Store Protocol's way of naming the target graph."""
    return {"graph": graph} if graph else {"default": ""}


def publish(dump: Path, gsp_url: str, graph: str | None = None, timeout: float = 600) -> int:
    """Replace the store's graph with the N-Triples file ``dump`` (HTTP PUT); return the bytes sent."""
    try:
        with dump.open("rb") as body:
            response = httpx.put(
                gsp_url, params=graph_params(graph), content=body, headers={"Content-Type": "application/n-triples"}, timeout=timeout
            )
    except httpx.HTTPError as exc:
        raise ExternalStoreError(f"could not publish to {gsp_url}: {exc}; is the store running, and is RSKG_STORE_GSP_URL right?") from exc
    if response.status_code not in (200, 201, 204):
        raise ExternalStoreError(f"{gsp_url} refused the graph ({response.status_code}): {response.text[:300]}")
    return dump.stat().st_size


def prologue(query: str) -> str:
    """``query`` with rskg's prefixes declared first, since the external store does not know them."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in ns.PREFIXES.items()) + query


def query(url: str, text: str, accept: str, *, timeout: float, default_graphs=(), named_graphs=()) -> httpx.Response:
    """POST ``text`` to a SPARQL query endpoint, with rskg's prefixes, asking for ``accept``."""
    data = {"query": prologue(text), "default-graph-uri": list(default_graphs), "named-graph-uri": list(named_graphs)}
    try:
        return httpx.post(url, data=data, headers={"Accept": accept}, timeout=timeout)
    except httpx.TimeoutException as exc:
        raise TimeoutError(str(exc)) from exc
    except httpx.HTTPError as exc:
        raise ExternalStoreError(f"the external SPARQL store at {url} did not answer: {exc}") from exc
