"""What the app serves from: the index and graph of the current state, swapped when a new one is published."""

import json
import logging
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from ingest import graph
from ingest.index import EDITIONS_INDEX, HybridIndex
from ingest.states import describe, open_latest
from ingest.storage import StateInUse, current_state
from ontology import namespace as ns

from .observability import observe_state

log = logging.getLogger("rskg")


@dataclass
class Resources:
    state: Path
    index: HybridIndex
    store: ox.Store
    info: dict
    in_use: StateInUse = field(repr=False)
    warning: str | None = None  # why an older state is served instead of the current one
    editions_index: HybridIndex | None = None  # every edition's clauses, where some document has an earlier edition
    editions: dict = field(default_factory=dict)  # of those: "editions" (clause URI -> edition), "current" (document id -> edition)

    @cached_property
    def _positions(self) -> tuple[dict[str, int], dict[str, list[int]]]:
        by_uri, by_doc = {}, {}
        for i, clause in enumerate(self.index.clauses):
            by_uri[clause.uri] = i
            by_doc.setdefault(clause.doc_id, []).append(i)
        for positions in by_doc.values():
            positions.sort(key=lambda i: self.index.clauses[i].position)
        return by_uri, by_doc

    def clause_at(self, uri: str):
        """The clause record with this URI, or None."""
        i = self._positions[0].get(uri)
        return None if i is None else self.index.clauses[i]

    def clauses_of(self, doc_id: str) -> list[int]:
        """Index positions of a document's clauses, in reading order."""
        return self._positions[1].get(doc_id, [])

    def clause_card(self, uri: str) -> dict | None:
        """A clause as a page cites it: text, document, section, page, and its deep link."""
        i = self._positions[0].get(uri)
        if i is None:
            return None
        clause = self.index.clauses[i]
        doc = self.index.documents[clause.doc_id]
        headings = [h for h in clause.section_path if h != doc.title]
        return {
            "uri": uri,
            "text": clause.text,
            "document": doc.title,
            "issuer": doc.issuer,
            "section": " > ".join(headings) or None,
            "page": clause.page,
            "href": "/" + doc.uri.removeprefix(ns.BASE) + f"#clause-{clause.id}",
        }

    @classmethod
    def load(cls, data_dir: Path) -> "Resources":
        """The current state; if it is damaged, the newest older state that loads, with ``warning`` saying so."""
        opened = open_latest(data_dir, cls.load_state)
        resources = opened.value
        resources.warning = opened.warning
        return resources

    @classmethod
    def load_state(cls, state: Path) -> "Resources":
        """One state's index, graph and record. Every file read here is written once and never changed
        (new states are new folders; published files are read-only), so memory-mapping them is safe."""
        in_use = StateInUse(state)  # before reading: keeps an ingest from pruning it meanwhile
        try:
            info = json.loads((state / "state.json").read_text())
            index = HybridIndex.load(state / "index")
            store = graph.open_store(state / "graph")
            store.query("ASK { ?s ?p ?o }")
            editions_index, editions = None, {}
            if (state / EDITIONS_INDEX).is_dir():
                editions_index = HybridIndex.load(state / EDITIONS_INDEX)
                editions = json.loads((state / EDITIONS_INDEX / "editions.json").read_text(encoding="utf-8"))
        except BaseException:
            in_use.close()
            raise
        return cls(state=state, index=index, store=store, info=info, in_use=in_use, editions_index=editions_index, editions=editions)


class StateWatcher:
    """Polls the data directory and swaps in each newly published state.

    Requests in flight keep the resources they started with; new requests get the
    new ones. A state that fails to load is logged and the old one goes on serving."""

    def __init__(self, data_dir: Path, holder, interval: float = 1.0):
        self.data_dir = data_dir
        self.holder = holder  # an object with a ``resources`` attribute (app.state)
        self.interval = interval
        self._stop = threading.Event()
        self._failed: set[Path] = set()
        self._thread = threading.Thread(target=self._run, name="rskg-state-watcher", daemon=True)

    def start(self) -> "StateWatcher":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def check(self) -> bool:
        """Swap in the current state if it changed; True if it did. A state that fails to load is not tried again."""
        state = current_state(self.data_dir)
        if state is None or state == self.holder.resources.state or state in self._failed:
            return False
        try:
            fresh = Resources.load_state(state)
        except Exception as exc:
            self._failed.add(state)
            log.warning("could not load the new state %s (%s); still serving %s", state, describe(exc), self.holder.resources.state)
            return False
        old, self.holder.resources = self.holder.resources, fresh
        observe_state(fresh.info)
        old.in_use.close()
        log.info("now serving %s", fresh.state)
        return True

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.check()
