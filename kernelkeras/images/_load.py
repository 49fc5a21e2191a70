"""Reading, converting and writing single images under R keras' names.

``image_load`` reads a file into a PIL image (``img.size`` is ``(width, height)``, as
R's ``img$size``), ``image_to_array`` turns it into a NumPy array, ``image_from_array``
back into a PIL image, and ``image_array_save`` writes an array to a file. Each is
Keras' own function (``keras.utils.load_img``, ``img_to_array``, ``array_to_img``,
``save_img``) behind kernelkeras' checks: files are read through :func:`read_image`
(untrusted input), and a bad argument gets a message with the fix.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from kernelkeras._backend import keras
from kernelkeras._text import shown
from kernelkeras.images._checks import choice_arg, data_format_arg, image_array, size_arg
from kernelkeras.images._files import image_path, read_image

COLOR_MODES = ("rgb", "rgba", "grayscale")
#: The resampling filters image_load() takes (Keras' names for Pillow's).
INTERPOLATIONS = ("nearest", "bilinear", "bicubic", "hamming", "box", "lanczos")


def image_load(
    path: str | Path,
    grayscale: bool = False,
    color_mode: str = "rgb",
    target_size: tuple[int, int] | None = None,
    interpolation: str = "nearest",
    keep_aspect_ratio: bool = False,
) -> Image.Image:
    """Loads an image file into a PIL image (``keras.utils.load_img``).

    The file is checked first (it is untrusted input): a missing file, a folder, a
    file that is not a PNG, JPEG, GIF, BMP, TIFF, WebP or PPM image, a damaged or
    truncated one, or one with more pixels than ``PIL.Image.MAX_IMAGE_PIXELS``
    (a decompression bomb) raises an error that names the file.

    Args:
        path: the image file.
        grayscale: R keras' older spelling of ``color_mode="grayscale"``.
        color_mode: ``"rgb"``, ``"rgba"`` or ``"grayscale"``.
        target_size: ``(height, width)`` to resize to (R's ``c(height, width)``), or
            None for the file's own size.
        interpolation: the resampling filter when resizing: ``"nearest"``,
            ``"bilinear"``, ``"bicubic"``, ``"hamming"``, ``"box"`` or ``"lanczos"``.
        keep_aspect_ratio: crop the centre to the target's aspect ratio before resizing.

    Returns:
        A PIL image; ``img.size`` is ``(width, height)``.

    Example:

    >>> img = image_load("deep_dream.jpg", target_size=(224, 224))
    >>> image_to_array(img).shape
    (224, 224, 3)
    """
    func = "image_load"
    if not isinstance(grayscale, (bool, np.bool_)):
        raise TypeError(f"{func}(): grayscale should be True or False; got {shown(grayscale)}.")
    color_mode = choice_arg(color_mode, func, "color_mode", COLOR_MODES)
    if grayscale:
        if color_mode not in ("rgb", "grayscale"):
            raise ValueError(
                f"{func}(): grayscale=True asks for grey pixels but color_mode="
                f"{color_mode!r} asks for another mode; pass color_mode alone."
            )
        color_mode = "grayscale"
    size = None if target_size is None else size_arg(target_size, func, "target_size")
    interpolation = choice_arg(interpolation, func, "interpolation", INTERPOLATIONS)
    if not isinstance(keep_aspect_ratio, (bool, np.bool_)):
        raise TypeError(
            f"{func}(): keep_aspect_ratio should be True or False; got {shown(keep_aspect_ratio)}."
        )
    blob = read_image(path, func)
    return keras.utils.load_img(
        io.BytesIO(blob),
        color_mode=color_mode,
        target_size=size,
        interpolation=interpolation,
        keep_aspect_ratio=bool(keep_aspect_ratio),
    )


def image_to_array(img: Any, data_format: str | None = None, dtype: str | None = None) -> Any:
    """Converts a PIL image to a NumPy array (``keras.utils.img_to_array``).

    Args:
        img: a PIL image, e.g. from :func:`image_load`.
        data_format: ``"channels_last"`` (height, width, channels; Keras' default) or
            ``"channels_first"``; None uses ``keras.config.image_data_format()``.
        dtype: the array's type; None uses ``keras.config.floatx()`` (float32).

    Returns:
        A 3-D array; a grey image gets one channel.

    Example:

    >>> image_to_array(image_from_array(np.zeros((2, 3, 3)))).shape
    (2, 3, 3)
    """
    func = "image_to_array"
    data_format = data_format_arg(data_format, func)
    if not isinstance(img, (Image.Image, np.ndarray)):
        raise TypeError(
            f"{func}(): img should be a PIL image (from image_load() or image_from_array()); "
            f"got {type(img).__name__}."
        )
    if isinstance(img, np.ndarray) and img.ndim not in (2, 3):
        raise ValueError(f"{func}(): img should be one image; got an array of shape {img.shape}.")
    return keras.utils.img_to_array(img, data_format=data_format, dtype=dtype)


def image_from_array(
    x: Any, data_format: str | None = None, scale: bool = True, dtype: str | None = None
) -> Image.Image:
    """Converts a 3-D array to a PIL image (``keras.utils.array_to_img``).

    Args:
        x: one image, (height, width, channels) with 1, 3 or 4 channels.
        data_format: ``"channels_last"``, ``"channels_first"`` or None (Keras' setting).
        scale: stretch the values to 0-255 (minimum to 0, maximum to 255); with
            ``scale=False`` they are taken as 0-255 already.
        dtype: the type used for the conversion; None uses ``keras.config.floatx()``.

    Example:

    >>> image_from_array(np.zeros((2, 3, 3))).size
    (3, 2)
    """
    func = "image_from_array"
    data_format = data_format_arg(data_format, func)
    array = image_array(x, func, data_format)
    return keras.utils.array_to_img(array, data_format=data_format, scale=scale, dtype=dtype)


def image_array_save(
    x: Any,
    path: str | Path,
    data_format: str | None = None,
    file_format: str | None = None,
    scale: bool = True,
    **kwargs: Any,
) -> None:
    """Saves a 3-D array as an image file (``keras.utils.save_img``).

    R's argument order: the array first, then the path.

    Args:
        x: one image, (height, width, channels) with 1, 3 or 4 channels.
        path: the file to write; its extension gives the format (``.png``, ``.jpg``, ...).
        data_format: ``"channels_last"``, ``"channels_first"`` or None (Keras' setting).
        file_format: the format when the extension does not say it (``"png"``).
        scale: stretch the values to 0-255 first (see :func:`image_from_array`).
        **kwargs: passed to ``PIL.Image.Image.save`` (e.g. ``quality=95`` for JPEG).

    Example:

    >>> image_array_save(np.random.uniform(size=(8, 8, 3)), "noise.png")
    """
    func = "image_array_save"
    target = image_path(path, func)
    data_format = data_format_arg(data_format, func)
    array = image_array(x, func, data_format)
    if not target.parent.is_dir():
        raise FileNotFoundError(f"{func}(): the folder {target.parent} does not exist.")
    if target.is_dir():
        raise IsADirectoryError(f"{func}(): {target} is a folder; give a file name.")
    known = Image.registered_extensions()  # also loads Pillow's writers into Image.SAVE
    if file_format is None:
        if target.suffix.lower() not in known:
            raise ValueError(
                f"{func}(): cannot tell the image format from {target.name!r}; end the "
                "path with .png, .jpg, .bmp, .gif, .tiff or .webp, or pass file_format='png'."
            )
    elif (
        not isinstance(file_format, str)
        or file_format.upper().replace("JPG", "JPEG") not in Image.SAVE
    ):
        raise ValueError(
            f"{func}(): file_format should be an image format Pillow writes, such as 'png' "
            f"or 'jpeg'; got {shown(file_format)}."
        )
    keras.utils.save_img(
        target, array, data_format=data_format, file_format=file_format, scale=scale, **kwargs
    )
