"""docs/coming-from-r.md stays true: every name it lists exists, its example runs."""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

import numpy as np

import kernelkeras

PAGE = Path(__file__).resolve().parents[2] / "docs" / "coming-from-r.md"


def _section(title: str) -> str:
    text = PAGE.read_text()
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def _family_names() -> list[str]:
    """The names in the second column of the families table (``layer_*`` patterns kept)."""
    names = []
    for row in _section("Every family and its names").splitlines():
        cells = row.split("|")
        if len(cells) < 4 or cells[1].strip() in ("R family", "---"):
            continue
        names += re.findall(r"`([a-z_][a-z0-9_]*\*?)`", cells[2])
        names += [m + "*" for m in re.findall(r"`([a-z_][a-z0-9_]*)\*`", cells[2])]
    return names


def test_every_family_name_on_the_page_exists():
    names = _family_names()
    assert len(names) > 100, names
    public = set(kernelkeras.__all__)
    missing = [n for n in names if "*" not in n and n not in public]
    assert not missing, f"the page lists names kernelkeras does not export: {missing}"
    empty = [p for p in names if "*" in p and not fnmatch.filter(public, p.replace("`", ""))]
    assert not empty, f"families with no function: {empty}"


def test_every_exported_function_family_is_on_the_page():
    """A family added to kernelkeras (a new prefix of generated names) is listed here too."""
    page = PAGE.read_text()
    per_family = set(kernelkeras.PREPROCESSING)  # listed as *_preprocess_input / *_decode_...
    prefixes = {n.split("_")[0] + "_" for n in kernelkeras.__all__ if "_" in n} - {
        n.split("_")[0] + "_" for n in per_family
    }
    unlisted = sorted(p for p in prefixes if f"`{p}" not in page)
    assert not unlisted, f"prefixes missing from {PAGE.name}: {unlisted}"


def test_the_custom_layer_example_runs():
    code = re.search(r"```python\n(.*?)```", _section("Custom layers"), re.S)
    assert code is not None
    mnist = kernelkeras.dataset_mnist()
    x_train = mnist.train.x[:256].reshape((256, 784)).astype("float32") / 255
    y_train = kernelkeras.to_categorical(mnist.train.y[:256], 10)
    namespace = {"x_train": x_train, "y_train": y_train}
    exec(compile(code.group(1), str(PAGE), "exec"), namespace)  # the page's own example
    model = namespace["model"]
    assert model.output_shape == (None, 10)
    assert model.layers[1].output.shape == (None, 512)  # Antirectifier doubles its input
    predictions = model.predict(x_train[:4], verbose=0)
    assert np.allclose(predictions.sum(axis=1), 1, atol=1e-5)
