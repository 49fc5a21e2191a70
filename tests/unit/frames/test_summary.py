"""summary(model): frames, totals, text (golden files) and HTML.

Golden files live in tests/golden/; rewrite them with ``pytest --update-golden``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kernelkeras import (
    ModelSummary,
    as_data_frame,
    compile,
    keras,
    layer_dense,
    summary,
)
from tests._models import MODELS, nested, seed_mlp, small_cnn, two_inputs, unbuilt


@pytest.fixture(autouse=True)
def fresh_names():
    """Keras numbers automatic layer names globally; start each test from 0."""
    keras.backend.clear_session()


@pytest.mark.parametrize("name", sorted(MODELS))
def test_text_matches_golden_file(name, golden):
    model = MODELS[name]()
    golden(f"summary_{name}.txt", str(summary(model)) + "\n")
    if name == "nested":
        golden("summary_nested_expanded.txt", str(summary(model, expand_nested=True)) + "\n")


def test_seed_mlp_frame_and_totals():
    s = summary(seed_mlp())
    frame = s.frame
    assert list(frame.columns) == ["layer", "type", "output_shape", "params", "trainable"]
    assert frame["params"].tolist() == [200960, 0, 32896, 0, 1290]
    assert frame["type"].tolist() == ["Dense", "Dropout", "Dense", "Dropout", "Dense"]
    assert frame["output_shape"].tolist()[-1] == "(None, 10)"
    assert str(frame["params"].dtype) == "Int64"
    assert s.totals["total"] == 235146 == frame["params"].sum()
    assert s.totals["trainable"] == 235146 and s.totals["non_trainable"] == 0
    assert s.totals["memory"] == 235146 * 4
    assert "Total params: 235,146 (918.54 KB)" in str(s)


def test_totals_match_keras_for_frozen_and_batchnorm_layers():
    model = small_cnn()
    model >> keras.layers.BatchNormalization(name="bn")
    model.layers[0].trainable = False
    s = summary(model)
    assert s.totals["total"] == model.count_params()
    assert s.totals["non_trainable"] == sum(
        int(np.prod(w.shape)) for w in model.non_trainable_weights
    )
    assert s.frame.loc[s.frame.layer == "bn", "params"].item() == 40
    assert s.frame["trainable"].tolist()[0] is False


def test_functional_model_has_connections():
    frame = summary(two_inputs()).frame
    assert "connected_to" in frame.columns
    row = frame.set_index("layer").loc["concatenate"]
    assert row["connected_to"] == "pixels[0][0], meta[0][0]"
    assert frame.set_index("layer").loc["image", "connected_to"] == "-"


def test_nested_model_expands_with_paths():
    frame = summary(nested(), expand_nested=True).frame
    assert frame["path"].tolist() == ["x", "encoder", "encoder/enc_1", "encoder/enc_2", "head"]
    assert frame["depth"].tolist() == [0, 0, 1, 1, 0]
    assert frame.set_index("path").loc["encoder/enc_2", "output_shape"] == "(None, 2)"
    assert len(summary(nested()).frame) == 3


def test_unbuilt_layers_are_shown_as_such():
    s = summary(unbuilt())
    assert s.frame["output_shape"].tolist() == ["?", "?"]
    assert s.frame["params"].isna().all()
    text = str(s)
    assert "0 (unbuilt)" in text and "not built yet" in text
    assert s.totals["total"] == 0


def test_display_has_text_and_html():
    s = summary(seed_mlp())
    bundle = s._repr_mimebundle_()
    assert bundle["text/plain"] == str(s) == repr(s)
    html = bundle["text/html"]
    assert "<table" in html and "dense_1" in html and "200,960" in html
    assert "Total params: 235,146" in html


def test_summary_is_a_verb_free_function_but_takes_compiled_models():
    model = seed_mlp() >> compile(loss="mse", optimizer="adam")
    assert isinstance(summary(model), ModelSummary)
    pd.testing.assert_frame_equal(as_data_frame(summary(model)), summary(model).frame)
    pd.testing.assert_frame_equal(as_data_frame(model), summary(model).frame)


@pytest.mark.parametrize(
    ("thing", "message"),
    [
        (3, "needs a Keras model, got a int"),
        ("model", "needs a Keras model, got a str"),
        (None, "needs a Keras model, got a NoneType"),
    ],
)
def test_summary_of_something_that_is_not_a_model(thing, message):
    with pytest.raises(TypeError, match=message):
        summary(thing)


def test_summary_of_a_single_layer_says_what_to_do():
    with pytest.raises(TypeError, match="count_params"):
        summary(layer_dense(units=3))
