"""Image files from other people, opened safely: one check before any pixel is used.

Image files are untrusted input. :func:`read_image` reads one file and checks it before
anything is decoded for real: the path names a regular file; Pillow recognises it as one
of the raster formats kernelkeras reads (no PostScript/EPS, which Pillow would hand to
Ghostscript, nor other exotic formats); its width x height is within Pillow's own
decompression-bomb limit (``PIL.Image.MAX_IMAGE_PIXELS``, about 89 million pixels, an
error here rather than Pillow's warning); and it decodes completely (a truncated file is
refused). Every refusal is an :class:`ImageFileError` (a ``ValueError``) that names the
file, or ``FileNotFoundError`` / ``IsADirectoryError``.

Example:

>>> blob = read_image("photo.png", "image_load")   # the file's bytes, checked
"""

from __future__ import annotations

import io
import os
import warnings
from pathlib import Path
from typing import Any

from PIL import Image

from kernelkeras._text import shown

#: The formats image_load() reads (Pillow's names; JPEG includes MPO).
IMAGE_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP", "PPM")
#: The formats TensorFlow decodes in image_dataset_from_directory().
DATASET_FORMATS = ("PNG", "JPEG", "GIF", "BMP")


class ImageFileError(ValueError):
    """An image file that cannot be used: not an image, damaged, or too large to decode."""


def image_path(value: Any, func: str, arg: str = "path") -> Path:
    """``value`` as a path (a str or ``pathlib.Path``), or a ``TypeError`` naming ``arg``."""
    if not isinstance(value, (str, os.PathLike)) or isinstance(value, bytes):
        raise TypeError(
            f"{func}(): {arg} should be a file path (a str or pathlib.Path); "
            f"got {type(value).__name__} {shown(value)}."
        )
    return Path(os.fspath(value))


def pixel_limit() -> int | None:
    """Pillow's decompression-bomb limit (``PIL.Image.MAX_IMAGE_PIXELS``; None: no limit)."""
    limit = Image.MAX_IMAGE_PIXELS
    return None if limit is None else int(limit)


def _limit_error(path: Path, func: str, width: int, height: int, limit: int) -> ImageFileError:
    return ImageFileError(
        f"{func}(): {path} is {width:,} x {height:,} = {width * height:,} pixels, more than "
        f"the limit of {limit:,} (PIL.Image.MAX_IMAGE_PIXELS): a file this size can be a "
        "decompression bomb that fills the memory. If you trust the file, raise the limit "
        f"first: `import PIL.Image; PIL.Image.MAX_IMAGE_PIXELS = {width * height:_}`."
    )


def open_image(source: Path | io.BytesIO, path: Path, func: str, formats: tuple[str, ...]) -> Any:
    """Opens an image lazily (the header only) and checks its format and pixel count.

    Args:
        source: the file, or its bytes in a ``BytesIO``.
        path: the file's path, for messages.
        func: the public function, for messages ("image_load").
        formats: the Pillow formats accepted.

    Raises:
        ImageFileError: not an image of those formats, or over the pixel limit.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(source, formats=list(formats))
    except Image.DecompressionBombError:
        raise ImageFileError(
            f"{func}(): {path} is over twice the pixel limit of {pixel_limit():,} "
            "(PIL.Image.MAX_IMAGE_PIXELS): a file this size can be a decompression bomb. "
            "If you trust the file, raise PIL.Image.MAX_IMAGE_PIXELS first."
        ) from None
    except Image.UnidentifiedImageError:
        raise ImageFileError(
            f"{func}(): {path} is not an image kernelkeras reads (the formats read are "
            f"{', '.join(formats)}); check the file, or convert it to PNG or JPEG."
        ) from None
    except OSError as err:  # pragma: no cover - a read error after the file was opened
        raise ImageFileError(f"{func}(): {path} cannot be read ({shown(str(err))}).") from None
    width, height = image.size
    limit = pixel_limit()
    if limit is not None and width * height > limit:
        image.close()
        raise _limit_error(path, func, width, height, limit)
    return image


def read_image(path_value: Any, func: str, arg: str = "path") -> bytes:
    """The bytes of an image file, once it is known to decode safely and completely.

    Raises:
        TypeError: ``path_value`` is not a path.
        FileNotFoundError: there is no such file.
        IsADirectoryError: the path is a folder.
        ImageFileError: not an image kernelkeras reads, too many pixels, or damaged.
    """
    path = image_path(path_value, func, arg)
    if not path.exists():
        raise FileNotFoundError(f"{func}(): no image file {path} ({arg}={shown(str(path))}).")
    if path.is_dir():
        raise IsADirectoryError(f"{func}(): {path} is a folder, not an image file.")
    if not path.is_file():
        raise ImageFileError(f"{func}(): {path} is not a regular file (a device or a pipe).")
    blob = path.read_bytes()
    if not blob:
        raise ImageFileError(f"{func}(): {path} is empty (0 bytes), not an image.")
    image = open_image(io.BytesIO(blob), path, func, IMAGE_FORMATS)
    try:
        image.load()
    except Exception as err:  # Pillow raises OSError, SyntaxError, ValueError, ... here
        raise ImageFileError(
            f"{func}(): {path} is a damaged or truncated {image.format} image "
            f"({shown(str(err))}); replace it with an intact copy."
        ) from err
    finally:
        image.close()
    return blob


def check_image_header(path: Path, func: str, formats: tuple[str, ...]) -> None:
    """Checks an image file's format and size from its header, without decoding it."""
    try:
        image = open_image(path, path, func, formats)
    except (FileNotFoundError, PermissionError) as err:
        raise ImageFileError(f"{func}(): {path} cannot be read ({err.strerror}).") from None
    image.close()
