"""The builder's palette: every ``layer_*`` function's Keras class, grouped by family.

Families come from where Keras keeps each class (``keras.src.layers.<family>``), and
each entry's description is the first sentence of the class docstring, so layers
that a new Keras version adds appear here with no code change.

Example:

>>> entries = palette()
>>> [e.kind for e in entries if e.keras_class == "Conv2D"]
['conv_2d']
>>> "convolution" in families()
True
"""

from __future__ import annotations

import functools
import inspect
import re
from dataclasses import dataclass

from kernelkeras.pipe import LAYER_FUNCTIONS

#: Display names of Keras' layer packages, in palette order.
FAMILY_NAMES = {
    "core": "core",
    "convolutional": "convolution",
    "pooling": "pooling",
    "rnn": "recurrent",
    "normalization": "normalization",
    "regularization": "regularization",
    "reshaping": "reshaping",
    "merging": "merging",
    "attention": "attention",
    "activations": "activation",
    "preprocessing": "preprocessing",
}
OTHER = "other"


@dataclass(frozen=True)
class PaletteEntry:
    """One layer the palette offers: ``kind`` is what ``add()`` takes."""

    kind: str
    keras_class: str
    family: str
    description: str

    @property
    def label(self) -> str:
        """The text of the entry in the palette list."""
        return f"{self.keras_class} ({self.kind})"


def _family(cls: type) -> str:
    parts = cls.__module__.split(".")
    if parts[:3] == ["keras", "src", "layers"] and len(parts) > 3:
        return FAMILY_NAMES.get(parts[3], OTHER)
    return OTHER


def describe(cls: type) -> str:
    """The first sentence of the class docstring, on one line."""
    doc = inspect.getdoc(cls) or ""
    paragraph = " ".join(doc.split("\n\n", 1)[0].split())
    sentence = re.split(r"(?<=[a-z0-9)`])(?<!e\.g)(?<!i\.e)\.\s", paragraph + " ", maxsplit=1)[0]
    sentence = sentence.strip()
    return sentence.rstrip(".") + "." if sentence else f"The Keras {cls.__name__} layer."


@functools.cache
def palette() -> tuple[PaletteEntry, ...]:
    """Every layer with a ``layer_*`` function (not the input), by family then name."""
    order = [*FAMILY_NAMES.values(), OTHER]
    entries = []
    for name, function in LAYER_FUNCTIONS.items():
        cls = getattr(function, "keras_class", None)
        if cls is None or name == "layer_input":
            continue
        kind = name.removeprefix("layer_")
        entries.append(PaletteEntry(kind, cls.__name__, _family(cls), describe(cls)))
    return tuple(sorted(entries, key=lambda e: (order.index(e.family), e.keras_class.lower())))


def families() -> list[str]:
    """The families that have at least one layer, in palette order."""
    return list(dict.fromkeys(e.family for e in palette()))


def search(text: str = "", family: str = "") -> list[PaletteEntry]:
    """Entries whose name, class or description contains every word of ``text``.

    Best matches first: the exact name (``"lstm"`` lists LSTM first), then names that
    start with the text, then names that contain it, then descriptions that mention it.
    ``family`` restricts to one family (``""`` for all).
    """
    words = text.lower().split()
    query = "_".join(words)
    found = []
    for entry in palette():
        if family and entry.family != family:
            continue
        names = (entry.kind, entry.keras_class.lower())
        haystack = f"{' '.join(names)} {entry.description.lower()}"
        if not all(w in haystack for w in words):
            continue
        if query in names or query.replace("_", "") in names:
            rank = 0
        elif any(n.startswith(query) for n in names):
            rank = 1
        elif all(any(w in n for n in names) for w in words):
            rank = 2
        else:
            rank = 3
        found.append((rank, entry))
    return [entry for _, entry in sorted(found, key=lambda pair: pair[0])]
