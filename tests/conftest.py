"""Test isolation: a temporary $HOME, no network, quiet TensorFlow; test groups.

``HOME`` and the folders Keras, IPython and Jupyter would use are pointed at a new
temporary folder before any test module imports keras, and every kernel, server and
browser the tests start inherits them. So the suite neither reads nor writes the
user's own files (a Jupyter or Keras of the user's running at the same time cannot
disturb it), and the session fails if anything was written into the temporary $HOME:
that would be a file the isolation missed.

Tests are grouped by folder, and marked so: ``tests/unit`` (``-m unit``, fast, no
processes), ``tests/kernel`` (``-m kernel``, real Jupyter kernels and servers),
``tests/browser`` (``-m browser``, JupyterLab in Chromium).
"""

from __future__ import annotations

import ipaddress
import os
import socket
import tempfile
from pathlib import Path

import pytest

_ROOT = Path(tempfile.mkdtemp(prefix="kernelkeras-tests-"))
#: The variables pointed at temporary folders for the whole session (kernels inherit them).
ISOLATED = (
    "HOME",
    "KERAS_HOME",
    "IPYTHONDIR",
    "JUPYTER_CONFIG_DIR",
    "JUPYTER_DATA_DIR",
    "JUPYTER_RUNTIME_DIR",
    "MPLCONFIGDIR",
    "XDG_CACHE_HOME",
    # JupyterLab asks `npm prefix --global` at start; npm logs into its cache folder.
    "npm_config_cache",
)
for _var in ISOLATED:
    os.environ[_var] = str(_ROOT / _var.lower())
    Path(os.environ[_var]).mkdir(parents=True, exist_ok=True)
os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ["JUPYTER_PLATFORM_DIRS"] = "1"

PROJECT = Path(__file__).resolve().parents[1]


def _shared_folder() -> Path:
    """The workplace's shared folder of real data and reference files (never copied here).

    It lies beside the checkout (``../shared``); a clone elsewhere (``git clone . /tmp/cc``)
    finds it through ``KERNELKERAS_SHARED`` or at ``/work/shared``. Tests that read it fail,
    naming the path, when it is missing: they never skip.
    """
    candidates = [PROJECT.parent / "shared", Path("/work/shared")]
    if os.environ.get("KERNELKERAS_SHARED"):
        candidates.insert(0, Path(os.environ["KERNELKERAS_SHARED"]))
    for folder in candidates:
        if (folder / "data" / "README.md").is_file():
            return folder
    return candidates[0]


SHARED = _shared_folder()
SHARED_DATA = SHARED / "data"
#: R keras' example scripts and the images two of them read.
R_EXAMPLES = SHARED / "reference" / "r-keras-examples"

_real_connect = socket.socket.connect


def _local_only_connect(self: socket.socket, address: object) -> object:
    """Refuses connections to anything but loopback and local sockets."""
    if self.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple):
        host = address[0]
        try:
            local = ipaddress.ip_address(host).is_loopback
        except ValueError:
            local = host == "localhost"
        if not local:
            raise OSError(f"tests must not touch the network (tried {address!r})")
    return _real_connect(self, address)  # type: ignore[arg-type]


socket.socket.connect = _local_only_connect  # type: ignore[method-assign]

#: The session's $HOME: nothing may be written into it.
HOME = Path(os.environ["HOME"])
GROUPS = ("unit", "kernel", "browser")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks each test with its group: the folder under tests/ it lives in."""
    for item in items:
        parts = Path(item.path).relative_to(PROJECT / "tests").parts
        if parts and parts[0] in GROUPS:
            item.add_marker(parts[0])


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    written = sorted(str(p.relative_to(HOME)) for p in HOME.rglob("*"))
    if written:
        print(
            f"\nTests wrote into the temporary $HOME ({HOME}), past the isolation: {written[:10]}"
        )
        session.exitstatus = 1


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden files in tests/golden/ instead of comparing against them",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """``golden(name, text)``: compares ``text`` with tests/golden/<name>, or rewrites it."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = PROJECT / "tests" / "golden" / name
        if update:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text)
            return
        assert path.exists(), f"no golden file {path}; create it with pytest --update-golden"
        assert text == path.read_text(), f"{name} differs from its golden file (see diff above)"

    return check


@pytest.fixture
def comms(monkeypatch: pytest.MonkeyPatch) -> list:
    """Every comm widgets open during the test, recording what they send (tests/_comms.py)."""
    import comm

    from tests._comms import RecordingComm

    made: list[RecordingComm] = []

    def create(*args: object, **kwargs: object) -> RecordingComm:
        made.append(RecordingComm(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(comm, "create_comm", create)
    return made


@pytest.fixture(scope="session")
def project() -> Path:
    return PROJECT


@pytest.fixture(scope="session")
def mnist_small():
    """2,000 training and 500 test MNIST images, flattened and scaled, one-hot targets."""
    from kernelkeras import dataset_mnist, to_categorical

    (x_train, y_train), (x_test, y_test) = dataset_mnist()
    x_train = x_train[:2000].reshape(2000, 784).astype("float32") / 255
    x_test = x_test[:500].reshape(500, 784).astype("float32") / 255
    return x_train, to_categorical(y_train[:2000], 10), x_test, to_categorical(y_test[:500], 10)


@pytest.fixture(scope="session")
def executed_mnist_notebook(project: Path) -> object:
    """notebooks/mnist_mlp.ipynb run once per session with small parameters (a NotebookNode).

    How it runs (parameters, probe cell) is defined in tests/_notebooks.py; the
    notebook tests and the browser test (tests/browser/test_executed_notebook.py) share
    this one run.
    Treat it as read-only.
    """
    from tests._notebooks import run_small

    return run_small(project / "notebooks" / "mnist_mlp.ipynb")
