"""The pickle reader builds arrays and Python values, and runs nothing from the file.

Hostile pickles reach for code in every way the format has (GLOBAL + REDUCE,
STACK_GLOBAL, INST, OBJ, NEWOBJ, the extension registry, persistent ids, BUILD on
an allowed placeholder); each is refused with UnsafePickleError and its canary file is
never created. Arrays of every protocol, byte order and layout read back exactly.
"""

from __future__ import annotations

import copyreg
import os
import pickle
import subprocess

import numpy as np
import pytest

from kernelkeras.datasets import UnsafePickleError, _pickles
from kernelkeras.datasets._pickles import read_pickle
from tests.unit.datasets._formats import Canary, py2_pickle

PICKLES = _pickles.__file__


def _global(module: str, name: str) -> bytes:
    return b"c" + f"{module}\n{name}\n".encode()


def _text(value: str) -> bytes:
    data = value.encode()
    return b"X" + len(data).to_bytes(4, "little") + data


def hostile(canary) -> dict[str, bytes]:
    command = f"touch {canary}"
    return {
        "reduce os.system": pickle.dumps(Canary(canary), protocol=2),
        "stack_global": pickle.dumps(Canary(canary), protocol=4),
        "protocol 0": pickle.dumps(Canary(canary), protocol=0),
        "builtins.eval": b"\x80\x02"
        + _global("builtins", "eval")
        + _text(f"__import__('os').system({command!r})")
        + b"\x85R.",
        "INST": f"(S'{command}'\nios\nsystem\n.".encode(),
        "OBJ": b"\x80\x02(" + _global("os", "system") + _text(command) + b"o.",
        "NEWOBJ": b"\x80\x02" + _global("subprocess", "Popen") + _text("true") + b"\x85)\x81.",
        "numpy.load": b"\x80\x02" + _global("numpy", "load") + _text("/etc/passwd") + b"\x85R.",
        "persistent id": b"\x80\x02" + _text(command) + b"Q.",
        "reconstruct of another class": b"\x80\x02"
        + _global("numpy.core.multiarray", "_reconstruct")
        + _global("os", "system")
        + b"K\x00\x85"
        + _text("b")
        + b"\x87R.",
        "reconstruct given a string": b"\x80\x02"
        + _global("numpy.core.multiarray", "_reconstruct")
        + _text("os.system")
        + b"K\x00\x85"
        + _text("b")
        + b"\x87R.",
        "BUILD a dict onto a placeholder": b"\x80\x02"
        + _global("numpy.core.multiarray", "_reconstruct")
        + _global("numpy", "ndarray")
        + b"K\x00\x85"
        + _text("b")
        + b"\x87R"
        + b"}"
        + _text("__class__")
        + _global("numpy", "ndarray")
        + b"sb.",
        "a structured dtype": pickle.dumps(np.zeros(2, dtype=[("a", "i4")]), protocol=2),
        "a datetime dtype": pickle.dumps(np.zeros(2, dtype="M8[s]"), protocol=2),
        "a bare dtype": pickle.dumps(np.dtype("u1"), protocol=2),
        "codecs decode": b"\x80\x02" + _global("_codecs", "decode") + _text("x") + b"\x85R.",
    }


def test_every_way_to_reach_code_is_refused_and_nothing_runs(tmp_path):
    canary = tmp_path / "ran"
    attacks = hostile(canary)
    # The extension registry (EXT opcodes) as a hostile process may have set it up.
    copyreg.add_extension("posix", "system", 0xBEEF)
    try:
        attacks["extension registry"] = pickle.dumps(Canary(canary), protocol=2)
        assert b"\x83\xef\xbe" in attacks["extension registry"]  # EXT2: a code, not a name
        for name, blob in attacks.items():
            with pytest.raises(UnsafePickleError, match="was not read|not a readable") as info:
                read_pickle(blob, f"test file ({name})")
            assert f"test file ({name})" in str(info.value), name
    finally:
        copyreg.remove_extension("posix", "system", 0xBEEF)
    assert not canary.exists()
    # The same pickles do run code when loaded the ordinary way: the test is not vacuous.
    pickle.loads(attacks["reduce os.system"])
    assert canary.exists()


def test_refusals_say_what_was_asked_for(tmp_path):
    with pytest.raises(UnsafePickleError, match=r"asks for subprocess\.Popen") as info:
        read_pickle(hostile(tmp_path / "x")["NEWOBJ"], "batch")
    assert "a dataset file only needs NumPy arrays" in str(info.value)


ARRAYS = {
    "uint8 images": np.arange(2 * 3072, dtype=np.uint8).reshape(2, 3072),
    "big-endian ints": np.arange(12, dtype=">i4").reshape(3, 4),
    "fortran floats": np.asfortranarray(np.arange(6.0).reshape(2, 3)),
    "bools": np.array([True, False]),
    "empty": np.zeros((0, 5), dtype=np.float32),
    "int64 labels": np.array([3, 1, 4], dtype=np.int64),
}


@pytest.mark.parametrize("protocol", [*range(pickle.HIGHEST_PROTOCOL + 1), "py2"])
def test_arrays_of_every_protocol_read_back_exactly(protocol):
    ragged = np.empty(3, dtype=object)
    ragged[0], ragged[1], ragged[2] = [1, 2, 3], [], [7]
    value = {**ARRAYS, "ragged": ragged, "labels": [1, 2], "scalar": np.float32(2.5)}
    blob = py2_pickle(value) if protocol == "py2" else pickle.dumps(value, protocol=protocol)
    back = read_pickle(blob, "file")
    keys = {k.decode() if isinstance(k, bytes) else k: v for k, v in back.items()}
    for name, array in ARRAYS.items():
        np.testing.assert_array_equal(keys[name], array)
        assert keys[name].dtype == array.dtype and keys[name].flags.writeable
    assert [list(x) for x in keys["ragged"]] == [[1, 2, 3], [], [7]]
    assert keys["labels"] == [1, 2] and keys["scalar"] == np.float32(2.5)


@pytest.mark.parametrize(
    "blob",
    [b"", b"\x80\x02", b"garbage", pickle.dumps(np.arange(4))[:-9], b"\x80\x05\x97" + b"x" * 8],
    ids=["empty", "only a header", "garbage", "truncated", "bad frame"],
)
def test_damaged_pickles_are_refused(blob):
    with pytest.raises(UnsafePickleError):
        read_pickle(blob, "file")


def test_an_array_whose_data_has_another_size_is_refused():
    blob = pickle.dumps(np.arange(4, dtype=np.int64), protocol=2).replace(b"K\x04", b"K\x09")
    with pytest.raises(UnsafePickleError, match="data has another size|shape"):
        read_pickle(blob, "file")


def test_the_reader_never_imports_a_module(tmp_path):
    # A fresh interpreter with the reader alone: pickles naming modules that are not
    # loaded yet ('smtplib', 'xmlrpc.client', 'ctypes') leave no new module behind.
    code = (
        "import sys, pickle, importlib.util, numpy\n"
        f"spec = importlib.util.spec_from_file_location('p', {str(PICKLES)!r})\n"
        "module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)\n"
        "read_pickle = module.read_pickle\n"
        "before = set(sys.modules)\n"
        "for module in ('smtplib', 'xmlrpc.client', 'ctypes'):\n"
        "    blob = b'\\x80\\x02c' + module.encode() + b'\\nanything\\n)R.'\n"
        "    try: read_pickle(blob, 'x')\n"
        "    except ValueError: pass\n"
        "print(sorted(set(sys.modules) - before))\n"
    )
    done = subprocess.run(
        [os.sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
