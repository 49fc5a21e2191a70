"""Images under R keras' names: read, convert, resize and save them; folders as datasets.

``image_load``, ``image_to_array``, ``image_from_array``, ``image_array_save``,
``image_array_resize``, ``image_smart_resize`` and ``image_dataset_from_directory``
are Keras' own image utilities behind checks: image files are untrusted input (see
``_files``), and a bad argument gets a message with the fix. The modules are private;
other parts of kernelkeras use the names below.
"""

from kernelkeras.images._dataset import image_dataset_from_directory
from kernelkeras.images._files import ImageFileError
from kernelkeras.images._load import (
    image_array_save,
    image_from_array,
    image_load,
    image_to_array,
)
from kernelkeras.images._resize import image_array_resize, image_smart_resize

__all__ = [
    "ImageFileError",
    "image_array_resize",
    "image_array_save",
    "image_dataset_from_directory",
    "image_from_array",
    "image_load",
    "image_smart_resize",
    "image_to_array",
]
