"""An R text script ported line by line: every name from ``from kernelkeras import *``,
texts to padded sequences to a trained model."""

from __future__ import annotations

import numpy as np

import kernelkeras
from tests.conftest import SHARED_DATA

R_NAMES = [
    "pad_sequences", "timeseries_dataset_from_array", "split_dataset", "text_tokenizer",
    "fit_text_tokenizer", "texts_to_sequences", "texts_to_sequences_generator",
    "texts_to_matrix", "sequences_to_matrix", "save_text_tokenizer", "load_text_tokenizer",
    "text_to_word_sequence", "text_one_hot", "text_hashing_trick", "skipgrams",
    "make_sampling_table", "text_dataset_from_directory",
]  # fmt: skip


def test_every_r_name_is_exported():
    missing = [name for name in R_NAMES if name not in kernelkeras.__all__]
    assert not missing


def test_texts_to_a_trained_model(tmp_path):
    k = kernelkeras
    lines = (SHARED_DATA / "babi" / "qa1_single-supporting-fact_train.txt").read_text()
    questions = [line.split("\t") for line in lines.splitlines() if "\t" in line][:600]
    texts = [q.split(" ", 1)[1] for q, _, _ in questions]
    places = sorted({a for _, a, _ in questions})
    labels = np.array([places.index(a) for _, a, _ in questions])
    # tokenizer <- text_tokenizer(num_words = 50) %>% fit_text_tokenizer(texts)
    tokenizer = k.text_tokenizer(num_words=50) >> k.fit_text_tokenizer(texts)
    tokenizer >> k.save_text_tokenizer(tmp_path / "tokenizer.json")
    # x <- texts_to_sequences(tokenizer, texts) %>% pad_sequences(maxlen = 6)
    x = k.texts_to_sequences(tokenizer, texts) >> k.pad_sequences(maxlen=6)
    model = (
        k.keras_model_sequential()
        >> k.layer_embedding(input_dim=50, output_dim=8)
        >> k.layer_global_average_pooling_1d()
        >> k.layer_dense(units=len(places), activation="softmax")
    )
    model >> k.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
    history = model >> k.fit(x, labels, epochs=2, batch_size=64, verbose=0, view_metrics=False)
    assert len(history.metrics["loss"]) == 2
    # later: the saved tokenizer gives the same inputs to the model
    again = k.load_text_tokenizer(tmp_path / "tokenizer.json")
    x_again = k.pad_sequences(k.texts_to_sequences(again, texts), maxlen=6)
    assert np.array_equal(x_again, x)
    assert k.predict(model, x_again[:5]).shape == (5, len(places))
