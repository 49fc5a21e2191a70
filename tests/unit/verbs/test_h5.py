"""Legacy HDF5 models: save_model("m.h5"), load_model("m.h5"), R's save/load_model_hdf5.

Keras 3 reads and writes the HDF5 format of Keras 2; kernelkeras does too, with the
checks of ``.keras`` files: code in the file (a Lambda's bytecode, in Keras 3's form
or Keras 2's list form) is refused unless ``safe_mode=False``, and a damaged or foreign
HDF5 file gets an error naming the file. Files are written by Keras itself, and Keras
2's layout is written with h5py in its exact format.
"""

from __future__ import annotations

import json

import h5py
import numpy as np
import pytest

from kernelkeras import (
    compile,
    fit,
    keras,
    keras_model_sequential,
    layer_dense,
    layer_lambda,
    load_model,
    load_model_hdf5,
    predict,
    save_model,
    save_model_hdf5,
)

X = np.linspace(-1, 1, 24, dtype="float32").reshape(8, 3)
Y = X.sum(axis=1, keepdims=True)


def trained(*extra):
    model = keras_model_sequential(input_shape=(3,)) >> layer_dense(units=4, name="hidden")
    for layer in extra:
        model >> layer
    model >> layer_dense(units=1, name="out") >> compile(loss="mse", optimizer="adam")
    model >> fit(X, Y, epochs=2, verbose=0)
    return model


def set_config(path, name, config):
    with h5py.File(path, "r+") as file:
        file.attrs[name] = json.dumps(config).encode("utf-8")


def get_config(path, name="model_config"):
    with h5py.File(path, "r") as file:
        return json.loads(file.attrs[name])


def test_save_model_h5_and_load_model_round_trip_like_plain_keras(tmp_path):
    model = trained()
    path = tmp_path / "m.h5"
    assert (model >> save_model(path)) is model
    with open(path, "rb") as file:
        assert file.read(8) == b"\x89HDF\r\n\x1a\n"
    ours, plain = load_model(path), keras.saving.load_model(path, compile=False)
    expected = model >> predict(X)
    np.testing.assert_array_equal(ours >> predict(X), expected)
    np.testing.assert_array_equal(plain.predict(X, verbose=0), expected)
    assert type(ours.optimizer) is type(model.optimizer) and ours.compiled
    # the optimizer's state came along: one more step gives the same weights
    ours.train_on_batch(X, Y)
    model.train_on_batch(X, Y)
    for a, b in zip(ours.get_weights(), model.get_weights(), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_short_loss_and_metric_names_load_compiled_where_plain_keras_fails(tmp_path):
    """Keras 3.15's HDF5 loader cannot compile "mse" (common in Keras 2 and R files)."""
    model = keras_model_sequential(input_shape=(3,)) >> layer_dense(units=1)
    model >> compile(loss="mse", optimizer="adam", metrics=["mae", "mean_squared_error"])
    model >> fit(X, Y, epochs=1, verbose=0)
    path = tmp_path / "mse.h5"
    save_model(model, path)
    with pytest.raises(ValueError, match="keras.metrics.mse"):
        keras.saving.load_model(path)
    loaded = load_model(path)
    assert loaded.loss == "mse"
    assert (
        loaded.evaluate(X, Y, verbose=0, return_dict=True).keys()
        == model.evaluate(X, Y, verbose=0, return_dict=True).keys()
    )
    np.testing.assert_allclose(
        list(loaded.evaluate(X, Y, verbose=0, return_dict=True).values()),
        list(model.evaluate(X, Y, verbose=0, return_dict=True).values()),
        rtol=1e-6,
    )


def test_r_names_save_model_hdf5_and_load_model_hdf5(tmp_path):
    model = trained()
    path = tmp_path / "m.hdf5"
    model >> save_model_hdf5(path, include_optimizer=False)
    loaded = load_model_hdf5(path, compile=False)
    np.testing.assert_array_equal(loaded >> predict(X), model >> predict(X))
    assert not loaded.compiled
    with h5py.File(path) as file:
        assert "optimizer_weights" not in file
    with pytest.raises(ValueError, match=r"save_model_hdf5\(\): 'x.keras' should end in .h5"):
        save_model_hdf5(model, "x.keras")


def test_a_file_plain_keras_wrote_loads(tmp_path):
    model = trained()
    path = tmp_path / "keras.h5"
    model.save(path)
    np.testing.assert_array_equal(load_model(path) >> predict(X), model >> predict(X))


def test_overwrite_false_refuses_an_existing_file_instead_of_asking(tmp_path):
    model = trained()
    path = tmp_path / "m.h5"
    save_model(model, path)
    before = path.read_bytes()
    with pytest.raises(FileExistsError, match=r"exists; pass overwrite=True"):
        save_model_hdf5(model, path, overwrite=False)
    assert path.read_bytes() == before


def test_a_lambda_in_an_h5_file_is_refused_unless_safe_mode_false(tmp_path):
    model = trained(layer_lambda(function=lambda t: t * 2, name="double"))
    path = tmp_path / "lambda.h5"
    save_model(model, path)
    with pytest.raises(ValueError) as info:
        load_model(path)
    text = str(info.value)
    assert "lambda.h5" in text and "bytecode of a lambda" in text and "'double'" in text
    assert "model_config" in text and "safe_mode=False" in text
    loaded = load_model(path, safe_mode=False)  # a file you trust
    np.testing.assert_array_equal(loaded >> predict(X), model >> predict(X))


def test_a_keras_2_lambda_in_its_list_form_is_refused_too(tmp_path):
    """Keras 2 wrote ``"function": [code, defaults, closure]``; Keras 3 still runs it."""
    model = trained(layer_lambda(function=lambda t: t * 2, name="double"))
    path = tmp_path / "keras2.h5"
    save_model(model, path)
    config = get_config(path)
    layer = next(c for c in config["config"]["layers"] if c["class_name"] == "Lambda")
    code = layer["config"]["function"]["config"]
    layer["config"]["function"] = [code["code"], code["defaults"], code["closure"]]
    layer["config"].update(function_type="lambda", module="__main__", output_shape=None)
    set_config(path, "model_config", config)
    with pytest.raises(ValueError, match=r"keras2.h5.*bytecode of a lambda.*'double'"):
        load_model(path)
    loaded = load_model(path, safe_mode=False)  # Keras 3 runs the Keras 2 form
    np.testing.assert_array_equal(loaded >> predict(X), model >> predict(X))


def test_a_class_from_outside_keras_is_refused_by_name_in_either_config(tmp_path):
    model = trained()
    path = tmp_path / "foreign.h5"
    save_model(model, path)
    config = get_config(path)
    config["config"]["layers"][1]["module"] = "evil.module"
    set_config(path, "model_config", config)
    with pytest.raises(ValueError, match=r"model_config names a class or function.*'evil.module'"):
        load_model(path, safe_mode=False)
    save_model(model, path)
    training = get_config(path, "training_config")
    training["loss"] = {"module": "os", "class_name": "system", "config": "true"}
    set_config(path, "training_config", training)
    with pytest.raises(ValueError, match=r"training_config names a class or function"):
        load_model(path)


@pytest.mark.parametrize(
    ("damage", "pattern"),
    [
        ("truncate", r"is damaged: it starts as an HDF5 file but h5py cannot read it"),
        ("signature only", r"is damaged: it starts as an HDF5 file but h5py cannot read it"),
        ("weights only", r"is a weights file without a model configuration.*load_model_weights"),
        ("empty hdf5", r"is an HDF5 file without a model configuration"),
        ("config not json", r"its model_config is not JSON"),
        ("config a list", r"its model_config holds a list, not a model configuration"),
        ("config not text", r"its model_config is not text"),
        ("external link", r"is refused: 'Not allowed: H5 file with ExternalLink"),
        ("wrong name", r"is a Keras model saved as HDF5, but its name does not end in .h5"),
    ],
)
def test_bad_h5_files_are_named(tmp_path, damage, pattern):
    model = trained()
    path = tmp_path / "bad.h5"
    save_model(model, path)
    blob = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(blob[: len(blob) // 2])
    elif damage == "signature only":
        path.write_bytes(blob[:8] + bytes(100))
    elif damage == "weights only":
        path = tmp_path / "bad.weights.h5"
        model.save_weights(path)
        with h5py.File(tmp_path / "legacy_weights.h5", "w") as file:  # Keras 2's layout
            file.attrs["layer_names"] = [b"hidden", b"out"]
        path = tmp_path / "legacy_weights.h5"
    elif damage == "empty hdf5":
        with h5py.File(path, "w") as file:
            file["x"] = np.zeros(3)
    elif damage == "config not json":
        with h5py.File(path, "r+") as file:
            file.attrs["model_config"] = b'{"class_name": '
    elif damage == "config a list":
        set_config(path, "model_config", [1, 2])
    elif damage == "config not text":
        with h5py.File(path, "r+") as file:
            file.attrs["model_config"] = np.arange(3)
    elif damage == "external link":
        with h5py.File(tmp_path / "other.h5", "w") as other:
            other["kernel"] = np.zeros((3, 4))
        with h5py.File(path, "r+") as file:
            del file["model_weights/hidden"]
            file["model_weights/hidden"] = h5py.ExternalLink(str(tmp_path / "other.h5"), "/")
    elif damage == "wrong name":
        path = path.rename(tmp_path / "model.keras")
    with pytest.raises(ValueError, match=pattern) as info:
        load_model(path)
    assert path.name in str(info.value)
    assert not isinstance(info.value, OSError)


def test_save_model_still_refuses_other_suffixes(tmp_path):
    model = trained()
    with pytest.raises(ValueError, match=r"should end in .keras or .h5 or .hdf5"):
        model >> save_model(tmp_path / "model.txt")
    assert list(tmp_path.iterdir()) == []
