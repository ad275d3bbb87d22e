"""Errors a user can fix, each saying what is wrong and what to do."""

from pathlib import Path


class RskgError(Exception):
    """Base of every error rskg reports to a user as one line."""


class IngestError(RskgError):
    """A file that cannot be ingested; the rest of the batch goes on."""

    def __init__(self, path: Path | str, problem: str):
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class NoIndexError(RskgError):
    def __init__(self, data_dir: Path):
        super().__init__(f"No index in {data_dir}. Run `rskg ingest` first (or `rskg serve`, which ingests the bundled corpus).")


class QueryError(RskgError):
    """A SPARQL query the store refused, with the parser's message."""
