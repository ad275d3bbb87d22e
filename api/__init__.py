"""The rskg service: FastAPI app (search, health) and the `rskg` command line."""

import ingest  # noqa: F401  (sets HF_HUB_OFFLINE before any model library loads)
