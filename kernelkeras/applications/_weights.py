"""Building an application with ImageNet weights: find the file first, fail fast offline.

Keras builds the whole network before it asks for the weights file, which takes up to
ten seconds for the largest ones. :func:`weights_file` first runs the constructor
without allocating any weight (a dry run that stops where Keras asks for the file), so
the file's name and URL are known in a fraction of that time; the file is then found in
the cache, downloaded, or reported missing (offline) before the real build.
:func:`build_with_imagenet` then builds the model and has Keras load that file; an
error while loading names the file. A weights file given as a path is loaded the same
way Keras does (``model.load_weights``), with errors naming it.
"""

from __future__ import annotations

import collections
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from keras.src.backend.common import global_state
from keras.src.backend.common.stateless_scope import StatelessScope

from kernelkeras._text import shown
from kernelkeras.applications._downloads import fetch_file, keras_fetching


class WeightsFileError(ValueError):
    """A weights file that cannot be loaded into the model: damaged, or another model's."""


class _Asked(Exception):
    """Raised by the dry run's get_file: Keras has asked for this file."""


class FileRequest(NamedTuple):
    """A file Keras asks for: its name, URL, published hash and cache subfolder."""

    fname: str
    origin: str
    file_hash: str | None
    cache_subdir: str


def _ask(fname: str, origin: str, **kwargs: Any) -> str:
    raise _Asked(FileRequest(fname, origin, kwargs.get("file_hash"), kwargs["cache_subdir"]))


def requested_file(build: Callable[[], Any]) -> FileRequest | None:
    """The file ``build()`` would download, found without allocating the model's weights.

    Keras' own argument errors are raised as they are; None if the build asks for no file
    (or the dry run fails in a way the real build will report).
    """
    names = global_state.get_global_attribute("object_name_uids")
    saved_names = dict(names) if names is not None else None
    pending = list(global_state.get_global_attribute("uninitialized_variables", []) or [])
    try:
        with (
            keras_fetching(_ask),
            StatelessScope(initialize_variables=False),
            warnings.catch_warnings(),
        ):
            warnings.simplefilter("ignore")  # the real build gives Keras' warnings once
            build()
    except _Asked as asked:
        return asked.args[0]
    except ValueError:
        raise  # Keras' checks of the arguments: the same error the real build would give
    except Exception:  # pragma: no cover - the real build will raise it properly
        return None
    finally:
        # The dry run's layers used up automatic names and left unset weights: undo both.
        restored = None if saved_names is None else collections.defaultdict(int, saved_names)
        global_state.set_global_attribute("object_name_uids", restored)
        global_state.set_global_attribute("uninitialized_variables", pending)
    return None


def load_error(caller: str, path: str | Path, err: Exception, cached: bool) -> WeightsFileError:
    """The error for a weights file Keras could not load into the model."""
    fix = (
        "If it is damaged or another model's, delete it: it is downloaded again the next "
        "time (online)."
        if cached
        else "Pass the weights file saved from this same architecture (the same arguments)."
    )
    return WeightsFileError(
        f"{caller}: the weights file {path} cannot be loaded into this model "
        f"({shown(str(err), 300)}). {fix}"
    )


def build_with_imagenet(build: Callable[[], Any], caller: str, alternative: str) -> Any:
    """``build()`` with Keras' ImageNet weights, fetched through :func:`fetch_file`."""
    request = requested_file(build)
    ready: dict[str, str] = {}
    if request is not None:
        ready[request.fname] = fetch_file(
            *request, caller=caller, what="the ImageNet weights file", alternative=alternative
        )

    def fetch(fname: str, origin: str, **kwargs: Any) -> str:
        if fname in ready:
            return ready[fname]
        return fetch_file(
            fname, origin, **kwargs, caller=caller, what="the file", alternative=alternative
        )

    fetched: list[str] = []
    with keras_fetching(fetch, fetched):
        try:
            return build()
        except Exception as err:
            if not fetched:
                raise
            raise load_error(caller, fetched[-1], err, cached=True) from err


def weights_path(value: Any, caller: str) -> Path:
    """A weights file given by path, checked to be a regular file."""
    path = Path(value)
    if not path.exists():
        raise FileNotFoundError(
            f"{caller}: weights should be 'imagenet', None (random weights) or a weights "
            f"file; there is no file {path}."
        )
    if not path.is_file():
        raise IsADirectoryError(f"{caller}: weights={shown(str(path))} is not a file.")
    return path


def load_weights_file(model: Any, path: Path, caller: str) -> None:
    """``model.load_weights(path)`` as Keras' applications call it, errors naming the file."""
    try:
        model.load_weights(str(path))
    except Exception as err:
        raise load_error(caller, path, err, cached=False) from err
