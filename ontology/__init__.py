"""The rskg ontology: Turtle files and the one Python module where its URIs are spelled."""

from pathlib import Path

ONTOLOGY_DIR = Path(__file__).resolve().parent
ONTOLOGY_FILES = [ONTOLOGY_DIR / "rskg.ttl"]
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
QUERIES_DIR = ONTOLOGY_DIR / "queries"
