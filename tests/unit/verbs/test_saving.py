"""save_model / load_model, and loading in a process that never imports kernelkeras."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import numpy as np

from kernelkeras import (
    compile,
    fit,
    keras,
    keras_model,
    layer_concatenate,
    layer_dense,
    layer_input,
    load_model,
    predict,
    save_model,
)
from tests._models import compiled_mlp


def test_round_trip_in_process(tmp_path, mnist_small):
    x_train, y_train, x_test, _ = mnist_small
    model = compiled_mlp()
    model >> fit(x_train[:256], y_train[:256], epochs=1, verbose=0)
    path = tmp_path / "mlp.keras"
    assert (model >> save_model(path)) is model
    loaded = load_model(path)
    assert type(loaded) is keras.Sequential
    np.testing.assert_array_equal(loaded >> predict(x_test), model >> predict(x_test))
    assert loaded.optimizer.__class__ is model.optimizer.__class__


def test_plain_keras_loads_it_without_kernelkeras(tmp_path, mnist_small):
    """A fresh interpreter loads the file with keras alone: same predictions."""
    _, _, x_test, _ = mnist_small
    a = layer_input(shape=(784,), name="pixels")
    b = layer_input(shape=(3,), name="extra")
    merged = layer_concatenate([a >> layer_dense(units=16, activation="relu"), b])
    model = keras_model([a, b], merged >> layer_dense(units=10, activation="softmax"))
    model >> compile(loss="categorical_crossentropy", optimizer="adam")
    path = tmp_path / "functional.keras"
    save_model(model, path)
    extra = np.linspace(0, 1, len(x_test) * 3, dtype="float32").reshape(-1, 3)
    np.save(tmp_path / "x.npy", x_test)
    np.save(tmp_path / "extra.npy", extra)
    expected = model.predict([x_test, extra], verbose=0)

    script = textwrap.dedent(
        f"""
        import sys
        import numpy as np
        import keras
        model = keras.saving.load_model({str(path)!r})
        x = np.load({str(tmp_path / "x.npy")!r})
        extra = np.load({str(tmp_path / "extra.npy")!r})
        np.save({str(tmp_path / "out.npy")!r}, model.predict([x, extra], verbose=0))
        assert not any(m.startswith("kernelkeras") for m in sys.modules), "kernelkeras imported"
        print(type(model).__name__)
        """
    )
    env = {**os.environ, "PYTHONPATH": ""}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("Functional")
    np.testing.assert_array_equal(np.load(tmp_path / "out.npy"), expected)
