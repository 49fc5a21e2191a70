"""R keras' function families over Keras 3: ``op_*``, ``random_*``, ``config_*``,
``activation_*`` and ``learning_rate_schedule_*``.

Each is generated at import time from the public names of its Keras module, so a
function a new Keras adds appears without a change here, with Keras' own signature and
docstring. R keras takes the Python name with a prefix; where it chose another name
(listed below, from R keras' sources) both are given.

- ``op_<name>`` for every function of ``keras.ops`` (``op_add``, ``op_matmul``,
  ``op_convert_to_tensor``, ...), and ``op_<module>_<name>`` for the functions of its
  submodules that are not in ``keras.ops`` itself (``keras.ops.image.resize`` ->
  ``op_image_resize``; R drops the module's plural: ``crop_images`` -> ``op_image_crop``).
- ``random_<name>`` for ``keras.random`` (``randint`` -> ``random_integer``,
  ``SeedGenerator`` -> ``random_seed_generator``).
- ``config_<name>`` for ``keras.config`` (``config_floatx``, ``config_set_floatx``, ...).
- ``activation_<name>`` for ``keras.activations``: these *are* Keras' functions, so
  ``layer_dense(units=4, activation=activation_relu)`` saves and loads as ``"relu"``.
- ``learning_rate_schedule_<snake_case>`` for the classes of
  ``keras.optimizers.schedules``.

Example:

>>> op_matmul(np.ones((2, 3)), np.ones((3, 4))).shape
TensorShape([2, 4])
>>> config_floatx()
'float32'
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from kernelkeras._backend import keras
from kernelkeras.ops._wrap import public_functions, wrap_class, wrap_function
from kernelkeras.pipe import public_classes, r_name

#: R keras' own names where it does not take the Python name (``op_abs`` and ``op_conj``
#: need none: ``keras.ops.abs`` and ``keras.ops.conj`` exist beside ``absolute``, ``conjugate``).
R_NAMES: dict[str, str] = {
    "keras.random.randint": "random_integer",
}
#: R's extra names for functions that also keep their own: R's ``pmax``/``pmin`` are
#: elementwise, as ``keras.ops.maximum``/``minimum`` (``op_max`` reduces, as in Keras).
R_ALIASES: dict[str, str] = {
    "op_pmax": "op_maximum",
    "op_pmin": "op_minimum",
}
#: Keras' serialization helpers, not activations.
_NOT_ACTIVATIONS = ("deserialize", "get", "serialize")


def _op_functions() -> dict[str, Callable[..., Any]]:
    functions: dict[str, Callable[..., Any]] = {}
    ops = keras.ops
    for name, fn in public_functions(ops):
        functions[f"op_{name}"] = wrap_function(fn, f"op_{name}", f"keras.ops.{name}")
    for module_name, module in sorted(vars(ops).items()):
        if module_name.startswith("_") or not isinstance(module, ModuleType):
            continue
        for name, fn in public_functions(module):
            if getattr(ops, name, None) is fn:
                continue
            short = name.removesuffix(f"_{module_name}s")
            func_name = f"op_{module_name}_{short}"
            target = f"keras.ops.{module_name}.{name}"
            functions[func_name] = wrap_function(fn, func_name, target)
    for alias, name in R_ALIASES.items():
        if name in functions:
            fn = functions[name].keras_function  # type: ignore[attr-defined]
            functions[alias] = wrap_function(fn, alias, f"keras.ops.{fn.__name__}")
    return functions


def _module_functions(prefix: str, path: str, module: ModuleType) -> dict[str, Callable[..., Any]]:
    """``<prefix>_<name>`` for each function and class of ``module`` (classes in snake_case)."""
    functions: dict[str, Callable[..., Any]] = {}
    for name, fn in public_functions(module):
        func_name = R_NAMES.get(f"{path}.{name}", f"{prefix}_{name}")
        functions[func_name] = wrap_function(fn, func_name, f"{path}.{name}")
    for cls in public_classes(module, object):
        func_name = R_NAMES.get(f"{path}.{cls.__name__}", f"{prefix}_{r_name(cls.__name__)}")
        functions[func_name] = wrap_class(cls, func_name, f"{path}.{cls.__name__}")
    return functions


def _activations() -> dict[str, Callable[..., Any]]:
    return {
        f"activation_{name}": fn
        for name, fn in public_functions(keras.activations)
        if name not in _NOT_ACTIVATIONS
    }


def _schedules() -> dict[str, Callable[..., Any]]:
    module = keras.optimizers.schedules
    base = module.LearningRateSchedule
    return {
        f"learning_rate_schedule_{r_name(cls.__name__)}": wrap_class(
            cls,
            f"learning_rate_schedule_{r_name(cls.__name__)}",
            f"keras.optimizers.schedules.{cls.__name__}",
        )
        for cls in public_classes(module, base)
    }


def build_families() -> dict[str, Callable[..., Any]]:
    """Every generated function by name: ``op_*``, ``random_*``, ``config_*``,
    ``activation_*``, ``learning_rate_schedule_*``."""
    return {
        **_op_functions(),
        **_module_functions("random", "keras.random", keras.random),
        **_module_functions("config", "keras.config", keras.config),
        **_activations(),
        **_schedules(),
    }


#: The generated families by name.
OPS_FUNCTIONS = build_families()
