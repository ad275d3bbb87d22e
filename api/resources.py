"""What the app serves from: the index and graph of the current state, loaded once."""

import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ingest import graph
from ingest.index import HybridIndex
from ingest.pipeline import require_state


@dataclass
class Resources:
    state: Path
    index: HybridIndex
    store: ox.Store
    info: dict

    @classmethod
    def load(cls, data_dir: Path) -> "Resources":
        state = require_state(data_dir)
        return cls(
            state=state,
            index=HybridIndex.load(state / "index"),
            store=graph.open_store(state / "graph"),
            info=json.loads((state / "state.json").read_text()),
        )
