"""Concept extraction: see ``ingest.extract`` (small readers, one per document shape). Kept so that
``from ingest.concepts import extract, merge, all_addresses`` goes on working."""

from .extract import all_addresses, clean_tool_label, extract, merge

__all__ = ["all_addresses", "clean_tool_label", "extract", "merge"]
