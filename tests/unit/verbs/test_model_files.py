"""Configurations, JSON and weight files: get_config/from_config, model_to_json/
model_from_json, save/load_model_config, save/load_model_weights.

Called as an R user would, compared with plain Keras (the same layers, the same
predictions once the weights are copied, files that plain Keras reads), and read back
as untrusted input: JSON holding a Lambda's code is refused unless safe_mode=False,
as load_model refuses such a file; a weights file that does not fit leaves the model
as it was.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from kernelkeras import (
    LayerConfig,
    compile,
    fit,
    from_config,
    get_config,
    get_weights,
    keras,
    keras_model_sequential,
    layer_dense,
    layer_lambda,
    load_model_config,
    load_model_weights,
    model_from_json,
    model_to_json,
    predict,
    save_model,
    save_model_config,
    save_model_hdf5,
    save_model_weights,
    set_weights,
)
from tests._models import layer_configs, two_inputs

X = np.linspace(-1, 1, 24, dtype="float32").reshape(8, 3)
Y = X.sum(axis=1, keepdims=True)


def mlp(*extra):
    model = keras_model_sequential(input_shape=(3,), name="mlp") >> layer_dense(units=4)
    for layer in extra:
        model >> layer
    return model >> layer_dense(units=1)


def with_lambda():
    return mlp(layer_lambda(function=lambda t: t * 2, name="double"))


# ---- get_config / from_config ---------------------------------------------------------------
def test_get_config_is_keras_config_and_from_config_rebuilds_it():
    layer = layer_dense(units=8, activation="relu")
    config = get_config(layer)
    assert isinstance(config, LayerConfig) and config == layer.get_config()
    assert config["units"] == 8 and config.keras_class is keras.layers.Dense
    again = from_config(config)
    assert type(again) is keras.layers.Dense and again.get_config() == layer.get_config()
    model = mlp()
    twin = from_config(model >> get_config())  # R: model %>% get_config() %>% from_config()
    assert layer_configs(twin) == layer_configs(model)
    assert from_config(json.loads(model_to_json(model))).count_params() == model.count_params()


def test_from_config_refuses_code_unless_safe_mode_false():
    config = get_config(with_lambda())
    with pytest.raises(ValueError) as info:
        from_config(config)
    text = str(info.value)
    assert text.startswith("from_config(): the configuration is refused: it holds Python code")
    assert "'double'" in text and "from_config(config, safe_mode=False)" in text
    assert from_config(config, safe_mode=False).get_layer("double") is not None
    with pytest.raises(TypeError, match=r"from_config\(\): config should be what get_config"):
        from_config({"units": 3})


# ---- model_to_json / model_from_json -------------------------------------------------------
def test_json_round_trip_as_plain_keras():
    model = two_inputs()
    text = model_to_json(model)
    assert text == model.to_json()
    ours, plain = model_from_json(text), keras.models.model_from_json(text)
    assert layer_configs(ours) == layer_configs(plain) == layer_configs(model)
    ours >> set_weights(get_weights(model))
    data = [np.ones((2, 784), "float32"), np.ones((2, 3), "float32")]
    np.testing.assert_array_equal(ours >> predict(data), model >> predict(data))


def test_json_with_a_lambda_is_refused_unless_safe_mode_false():
    text = model_to_json(with_lambda())
    with pytest.raises(ValueError, match=r"^model_from_json\(\): the JSON is refused: it holds "):
        model_from_json(text)
    model = model_from_json(text, safe_mode=False)
    np.testing.assert_allclose(model.get_layer("double")(np.ones((1, 4))), 2 * np.ones((1, 4)))
    with pytest.raises(TypeError, match="safe_mode should be True or False"):
        model_from_json(text, safe_mode="no")


def test_json_naming_a_module_outside_keras_is_refused_even_unsafe():
    config = json.loads(model_to_json(mlp()))
    config["config"]["layers"][1]["module"] = "os"
    with pytest.raises(ValueError, match=r"names a class or function that is not part of Keras"):
        model_from_json(json.dumps(config), safe_mode=False)


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ('{"class_name": ', r"the JSON could not be read as a Keras model: it is not JSON"),
        ("[1, 2]", r"its configuration holds a list, not a model configuration"),
        (
            '{"class_name": "X", "config": ' + "[" * 200 + "]" * 200 + "}",
            r"its configuration is nested more than 100 levels deep. A model's configuration",
        ),
        ('{"class_name": "NoSuchLayer", "config": {}}', r"could not be built into a Keras"),
    ],
)
def test_bad_json_is_named(text, pattern):
    with pytest.raises(ValueError, match=pattern):
        model_from_json(text)
    with pytest.raises(TypeError, match=r"model_from_json\(\): json should be the text"):
        model_from_json(b"{}")


# ---- save_model_config / load_model_config ----------------------------------------------------
def test_config_file_round_trip_and_overwrite(tmp_path):
    model = mlp()
    path = tmp_path / "mlp.json"
    assert (model >> save_model_config(path)) is model
    assert json.loads(path.read_text()) == json.loads(model.to_json())
    loaded = load_model_config(path)
    assert layer_configs(loaded) == layer_configs(model)
    with pytest.raises(FileExistsError, match=r"exists; pass overwrite=True"):
        save_model_config(model, path)
    save_model_config(mlp(layer_dense(units=2)), path, overwrite=True)
    assert len(load_model_config(path).layers) == 3
    with pytest.raises(ValueError, match=r"should end in .json"):
        save_model_config(model, tmp_path / "mlp.keras")


def test_bad_config_files_are_named(tmp_path):
    lambda_file = tmp_path / "lambda.json"
    save_model_config(with_lambda(), lambda_file)
    with pytest.raises(ValueError, match=r"load_model_config\(\): '.*lambda.json' is refused"):
        load_model_config(lambda_file)
    assert load_model_config(lambda_file, safe_mode=False).get_layer("double")
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ValueError, match=r"'.*binary.json' is not text"):
        load_model_config(binary)
    with pytest.raises(FileNotFoundError, match=r"missing.json' does not exist"):
        load_model_config(tmp_path / "missing.json")


# ---- save_model_weights / load_model_weights --------------------------------------------------
def trained():
    model = mlp() >> compile(loss="mse", optimizer="adam")
    model >> fit(X, Y, epochs=2, verbose=0)
    return model


def test_weights_round_trip_as_plain_keras(tmp_path):
    model = trained()
    path = tmp_path / "mlp.weights.h5"
    assert (model >> save_model_weights(path)) is model
    fresh, plain = mlp(), mlp()
    fresh >> load_model_weights(path)
    plain.load_weights(path)  # Keras reads the file kernelkeras wrote
    expected = model >> predict(X)
    np.testing.assert_array_equal(fresh >> predict(X), expected)
    np.testing.assert_array_equal(plain.predict(X, verbose=0), expected)
    with pytest.raises(FileExistsError, match=r"exists; pass overwrite=True"):
        save_model_weights(model, path)
    with pytest.raises(ValueError, match=r"should end in .weights.h5, .*'mlp.weights.h5'"):
        save_model_weights(model, tmp_path / "mlp.h5")


def test_weights_of_keras_and_h5_model_files_load_too(tmp_path):
    model = trained()
    save_model(model, tmp_path / "m.keras")
    save_model_hdf5(model, tmp_path / "m.h5")
    for name in ("m.keras", "m.h5"):
        fresh = mlp() >> load_model_weights(tmp_path / name)
        np.testing.assert_array_equal(fresh >> predict(X), model >> predict(X))


def test_weights_that_do_not_fit_leave_the_model_unchanged(tmp_path):
    path = tmp_path / "mlp.weights.h5"
    trained() >> save_model_weights(path)
    other = mlp(layer_dense(units=7))
    before = get_weights(other)
    with pytest.raises(ValueError) as info:
        other >> load_model_weights(path)
    assert "mlp.weights.h5' could not be loaded into model 'mlp'" in str(info.value)
    assert "The model keeps its weights" in str(info.value)
    for a, b in zip(before, get_weights(other), strict=True):
        np.testing.assert_array_equal(a, b)


def test_files_that_are_not_weights_are_named(tmp_path):
    text = tmp_path / "notes.weights.h5"
    text.write_text("hello")
    with pytest.raises(ValueError, match=r"notes.weights.h5' is not a weights file"):
        load_model_weights(mlp(), text)
    with pytest.raises(FileNotFoundError, match=r"does not exist"):
        load_model_weights(mlp(), tmp_path / "missing.weights.h5")
