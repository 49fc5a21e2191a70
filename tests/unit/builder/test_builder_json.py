"""Builder JSON as untrusted input: the declared format, code in files, escaped export.

Every malformed document gets a ``BuilderJSONError`` (a ValueError) that names the field
at fault, quickly, quoting at most ~200 characters of any value; a builder already open
is untouched. A Lambda's saved bytecode (or a function named from another module) is
never run or exported as code to run unless the user opts in with ``safe_mode=False``.
"""

from __future__ import annotations

import ast
import json
import time
from pathlib import Path

import hypothesis
import numpy as np
import pytest
from hypothesis import strategies as st

from kernelkeras import keras, model_builder
from kernelkeras.builder import BuilderState
from kernelkeras.builder._code import literal
from kernelkeras.builder._format import MAX_CHARS, MAX_DEPTH, MAX_ROWS, BuilderJSONError
from tests._models import run_model_code


def document(rows=(), input_shape=(4,), **extra) -> str:
    shape = None if input_shape is None else {"__tuple__": list(input_shape)}
    body = {"format": "kernelkeras.builder", "version": 1, "input_shape": shape}
    return json.dumps(body | {"rows": list(rows)} | extra)


DENSE = {"kind": "dense", "class": "Dense", "params": {"units": 2}}
HOSTILE = "<img src=x onerror=alert(1)>" + "A" * 5000


def _with(**changes):
    return {**DENSE, **changes}


BAD_DOCUMENTS = [
    ("[]", "got a list"),
    ("null", "got null"),
    ("3", "got a int"),
    ('"kernelkeras.builder"', "got a str"),
    ("{", "text is not JSON"),
    ('{"format": "kernelkeras.history", "version": 1}', "load_history"),
    ('{"version": 1, "rows": []}', "format must be"),
    (document(version="1"), "version must be a positive integer"),
    (document(version=True), "version must be a positive integer"),
    (document(version=99), "version is 99: written by a newer kernelkeras"),
    (document(extra=1), "unknown fields"),
    (document().replace('"rows": []', '"rows": {}'), "rows must be a list"),
    (document(rows=[3]), r"rows\[0\] must be an object"),
    (document(rows=[{"kind": "dense", "params": {}}]), r"rows\[0\] must have the keys"),
    (document(rows=[_with(locked={})]), r"rows\[0\] must have the keys"),
    (document(rows=[_with(extra=1)]), r"rows\[0\] must have the keys"),
    (document(rows=[_with(**{"class": "os.system"})]), r"rows\[0\]\.class must be a layer"),
    (document(rows=[_with(**{"class": HOSTILE})]), r"rows\[0\]\.class must be a layer"),
    (document(rows=[_with(**{"class": "Nope"})]), r"rows\[0\]: Unknown layer kind 'Nope'"),
    (document(rows=[_with(kind="conv_2d")]), r"rows\[0\]: its kind 'conv_2d' is not"),
    (document(rows=[_with(params=[1])]), r"rows\[0\]\.params must be an object"),
    (document(rows=[_with(params={HOSTILE: 1})]), r"rows\[0\]\.params has a parameter name"),
    (document(rows=[_with(params={"unitz": 2})]), r"rows\[0\]: .*unknown parameter 'unitz'"),
    (document(rows=[_with(params={"units": -1})]), r"rows\[0\]: .*units"),
    (document(rows=[_with(params={"units": "2"})]), r"rows\[0\]: .*units"),
    (document(rows=[_with(params={"units": True})]), r"rows\[0\]: .*units=True is a bool"),
    (document(rows=[{"kind": "lambda", "class": "Lambda", "locked": []}]), r"\.locked must be"),
    (document(rows=[{"kind": "dense", "class": "Dense", "locked": {"a": 1}}]), "class_name"),
    (document(input_shape=(0,)), r"input_shape\[0\] must be a positive integer"),
    (document(input_shape=(-3,)), r"input_shape\[0\] must be a positive integer"),
    (document(input_shape=(True,)), r"input_shape\[0\] must be a positive integer"),
    (document(input_shape=(2.5,)), r"input_shape\[0\] must be a positive integer"),
    (document(input_shape=(2**40,)), r"input_shape\[0\] must be a positive integer"),
    (document(input_shape=(2,) * 9), "input_shape must be a list of 1 to 8"),
    (document().replace('"input_shape": {"__tuple__": [4]}', '"input_shape": "784"'), "input"),
    (document(rows=[DENSE] * (MAX_ROWS + 1)), f"the builder takes at most {MAX_ROWS:,}"),
    ("[" * 100_000 + "]" * 100_000, f"nested deeper than {MAX_DEPTH}"),
    (document(rows=[_with(params={"units": 2, "x": [[[[[[[[[[1]]]]]]]]]] * 1})]), "rows"),
]


@pytest.mark.parametrize(("text", "names"), BAD_DOCUMENTS)
def test_a_malformed_document_names_the_field(text: str, names: str) -> None:
    open_builder = BuilderState.from_json(document(rows=[DENSE]))
    before = open_builder.to_json()
    start = time.perf_counter()
    with pytest.raises(BuilderJSONError, match=names) as info:
        BuilderState.from_json(text)
    assert time.perf_counter() - start < 1.0
    assert isinstance(info.value, ValueError)
    assert len(str(info.value)) < 700, "an error message quotes at most ~200 characters"
    assert "A" * 300 not in str(info.value)
    assert open_builder.to_json() == before and open_builder.model.count_params() == 10


@pytest.mark.parametrize("value", [None, 3, b"\xff\xfe", {"format": "kernelkeras.builder"}])
def test_what_is_not_text_is_refused(value: object) -> None:
    with pytest.raises(BuilderJSONError, match="Builder JSON"):
        BuilderState.from_json(value)  # type: ignore[arg-type]


def test_50_mb_is_refused_at_once_without_parsing() -> None:
    text = document(rows=[_with(params={"units": 2, "name": "x" * 50_000_000})])
    start = time.perf_counter()
    with pytest.raises(BuilderJSONError, match=f"at most {MAX_CHARS:,}"):
        model_builder.from_json(text)
    assert time.perf_counter() - start < 0.5


def test_its_own_json_round_trips_with_nan_and_tuples() -> None:
    state = BuilderState()
    state.add("input", shape=(None, 8))
    state.add("conv_1d", filters=4, kernel_size=(3,), padding="same")
    state.add("dropout", rate=0.25)
    again = BuilderState.from_json(state.to_json())
    assert again.to_json() == state.to_json() and again.errors == []
    assert again.rows[1].params["kernel_size"] == (3,)


# ---- code in files -----------------------------------------------------------------------
def _payload_json(marker: Path) -> str:
    """Builder JSON whose Lambda's saved function writes ``marker`` when it runs."""
    function = eval(f"lambda x: (open({str(marker)!r}, 'w').write('ran'), x)[1]")
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Lambda(function)])
    marker.unlink(missing_ok=True)
    return BuilderState.from_model(model).to_json()


def test_a_lambda_from_a_file_is_neither_run_nor_exported(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = _payload_json(marker)
    builder = model_builder.from_json(text)
    [(row, reason)] = builder.errors
    assert row == 1 and "bytecode" in reason and "safe_mode=False" in reason
    assert builder.frame.loc[1, "error"].startswith("Row 1: Lambda is not loaded")
    with pytest.raises(ValueError, match=r"rows at fault:\n- Row 1: Lambda is not loaded"):
        builder.model  # noqa: B018
    for style in ("pipe", "keras"):
        code = builder.code(style)
        assert "deserialize_keras_object" not in code and "bytecode" in code
        with pytest.raises(ValueError, match="left out row 1 \\(Lambda\\)"):
            run_model_code(code)
    builder.form.fields  # noqa: B018  (the widget drew the row)
    assert builder.to_json() == text  # kept as it was, not lost
    assert not marker.exists(), "the saved function ran"


def test_opting_in_by_name_loads_and_runs_it(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = _payload_json(marker)
    with pytest.raises(TypeError):
        model_builder.from_json(text, False)  # type: ignore[misc]  # by name only
    builder = model_builder.from_json(text, safe_mode=False)
    assert builder.errors == []
    model = builder.model
    assert isinstance(model.layers[-1], keras.layers.Lambda)
    assert marker.exists()  # the opt-in does what it says: the saved code ran
    assert "safe_mode=False)" in builder.code() and "you opted in" in builder.code()


@pytest.mark.parametrize(
    ("config", "why"),
    [
        ({"module": "os", "class_name": "function", "config": "system"}, "module 'os'"),
        ({"module": "builtins", "class_name": "__lambda__", "config": {}}, "bytecode"),
    ],
)
def test_code_named_from_any_module_is_refused(config: dict, why: str) -> None:
    lam = {
        "module": "keras.layers",
        "class_name": "Lambda",
        "config": {"name": "f", "function": config, "arguments": {}},
        "registered_name": None,
    }
    locked = document(rows=[{"kind": "lambda", "class": "Lambda", "locked": lam}])
    [(_, reason)] = BuilderState.from_json(locked).errors
    assert why in reason
    params = document(rows=[_with(params={"units": 2, "kernel_regularizer": config})])
    with pytest.raises(BuilderJSONError, match=f"rows\\[0\\].*{why}.*plain values"):
        BuilderState.from_json(params)


# ---- escaping in exported code -------------------------------------------------------
BREAKOUTS = [
    '"); __import__("os").system("touch pwned"); ("',
    "'); __import__('os').system('touch pwned'); ('",
    '"""\nimport os\n"""',
    "\\",
    "\\' + str(1/0) + \\'",
    "line\nbreak\r\u2028",
    "\udc80 lone surrogate",
    "emoji \U0001f600 and \x00",
]


@pytest.mark.parametrize("token", BREAKOUTS)
def test_no_string_breaks_out_of_exported_code(token: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    state = BuilderState()
    state.add("input", shape=(1,))
    state.add("string_lookup", oov_token=token)
    again = BuilderState.from_json(state.to_json())
    for style in ("pipe", "keras"):
        model = run_model_code(again.code(style))
        assert model.layers[0].oov_token == token
    assert not (tmp_path / "pwned").exists()


@hypothesis.given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
        lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
        max_leaves=20,
    )
)
@hypothesis.settings(max_examples=200, deadline=None)
def test_every_value_is_written_as_a_literal_of_itself(value: object) -> None:
    written = literal(value)
    tree = ast.parse(written, mode="eval")  # one expression: nothing else can run
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert all(ast.unparse(c.func) == "float" for c in calls)
    back = eval(compile(tree, "<literal>", "eval"), {"float": float, "__builtins__": {}})
    np.testing.assert_equal(back, value)
