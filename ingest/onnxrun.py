"""What both embedding models' ONNX encoders do the same way: a session, batches of like lengths, mean pooling."""

import os
from pathlib import Path

import numpy as np

TOKEN_BUDGET = 2048  # tokens in one batch: 8 texts at 256, 64 of 32 (peak memory 350 MiB, not 800, on long texts)
CHARS_PER_TOKEN = 4  # English averages a little over 4 characters a word piece: an estimate on the long side


def session(onnx_file: Path, threads: int | None):
    """An onnxruntime session on ``threads`` threads (None: every core) whose idle threads sleep, not spin, between calls."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads or max(1, os.cpu_count() or 1)
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return onnxruntime.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])


def batches(texts: list[str], batch_size: int, max_tokens: int):
    """Row numbers of ``texts`` in batches of like lengths (less padding), as many texts as fit ``TOKEN_BUDGET``:
    the runtime's memory grows with a batch's texts times their length, its speed hardly does."""
    order = np.argsort([-len(t) for t in texts], kind="stable")
    start = 0
    while start < len(texts):
        longest = min(max_tokens, len(texts[order[start]]) // CHARS_PER_TOKEN + 2)
        rows = order[start : start + max(1, min(batch_size, TOKEN_BUDGET // longest))]
        yield rows
        start += len(rows)


def padded(ids: list[list[int]], pad: int) -> tuple[np.ndarray, np.ndarray]:
    """Token ids padded to the longest, and the mask of the real ones."""
    longest = max(len(i) for i in ids)
    mask = np.array([[1] * len(i) + [0] * (longest - len(i)) for i in ids], dtype=np.int64)
    return np.array([i + [pad] * (longest - len(i)) for i in ids], dtype=np.int64), mask


def pooled(run, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Run a batch of token ids (``run(feed)`` gives the last hidden state), mean-pool each text over its real tokens,
    normalise."""
    hidden = run({"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})
    mean = (hidden * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
    return mean / np.maximum(np.linalg.norm(mean, axis=1, keepdims=True), 1e-12)


def runner(onnx_session):
    """``run(feed)`` for ``pooled``: the feed's inputs the model takes (e5's graph has no token types)."""
    inputs = {i.name for i in onnx_session.get_inputs()}
    return lambda feed: onnx_session.run(None, {k: v for k, v in feed.items() if k in inputs})[0]
