"""Keras 2's backend functions on Keras 3: activations, losses, convolutions, pooling,
normalization, random numbers and CTC.

Keras 2's arguments and meaning, run by ``keras.ops``: ``K.relu(x, alpha=)`` is
``negative_slope=``, ``K.in_top_k(predictions, targets, k)`` swaps to Keras 3's order,
``K.hard_sigmoid`` keeps Keras 2's slope of 0.2, CTC keeps the last class as the blank.

Example:

>>> K = backend()
>>> K.relu(np.array([-2.0, 3.0]), alpha=0.5)
<tf.Tensor: ... numpy=array([-1.,  3.])>
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kernelkeras._backend import keras
from kernelkeras.ops._classic import int_shape
from kernelkeras.ops._classic_shapes import _channels_last

ops = keras.ops
IntOrTuple = int | Sequence[int]


def relu(x: Any, alpha: float = 0.0, max_value: float | None = None, threshold: float = 0.0):
    """Rectified linear unit; ``alpha`` is the slope below ``threshold`` (Keras 3's
    ``negative_slope``), ``max_value`` caps it."""
    return keras.activations.relu(x, negative_slope=alpha, max_value=max_value, threshold=threshold)


def hard_sigmoid(x: Any):
    """Keras 2's ``clip(0.2 * x + 0.5, 0, 1)`` (Keras 3's ``op_hard_sigmoid`` uses ``x / 6``)."""
    return ops.clip(0.2 * ops.convert_to_tensor(x) + 0.5, 0.0, 1.0)


def categorical_crossentropy(target: Any, output: Any, from_logits: bool = False, axis: int = -1):
    """Crossentropy between one-hot ``target`` and ``output`` per sample."""
    return ops.categorical_crossentropy(target, output, from_logits=from_logits, axis=axis)


def sparse_categorical_crossentropy(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
):
    """Crossentropy between integer ``target`` and ``output`` per sample."""
    return ops.sparse_categorical_crossentropy(target, output, from_logits=from_logits, axis=axis)


def binary_crossentropy(target: Any, output: Any, from_logits: bool = False):
    """Elementwise binary crossentropy."""
    return ops.binary_crossentropy(target, output, from_logits=from_logits)


def dropout(x: Any, level: float, noise_shape: Sequence[int] | None = None, seed: Any = None):
    """``x`` with a fraction ``level`` of its values set to 0 and the rest scaled up."""
    return keras.random.dropout(x, rate=level, noise_shape=noise_shape, seed=seed)


def in_top_k(predictions: Any, targets: Any, k: int):
    """Whether each target is among the ``k`` largest predictions of its row."""
    return ops.in_top_k(targets, predictions, k)


def bias_add(x: Any, bias: Any, data_format: str | None = None):
    """``x + bias``, the bias on the channels axis."""
    bias = ops.convert_to_tensor(bias)
    if not _channels_last(data_format) and ops.ndim(bias) == 1:
        bias = ops.reshape(bias, (1, -1) + (1,) * (ops.ndim(x) - 2))
    return x + bias


def _causal(x: Any, kernel: Any, padding: str, data_format: str | None, dilation: Any):
    if padding != "causal":
        return x, padding
    rate = dilation if isinstance(dilation, int) else dilation[0]
    left = rate * (int_shape(kernel)[0] - 1)  # type: ignore[operator]
    pads = (
        [(0, 0), (left, 0), (0, 0)] if _channels_last(data_format) else [(0, 0), (0, 0), (left, 0)]
    )
    return ops.pad(x, pads), "valid"


def conv1d(x, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """1D convolution (``padding="causal"`` pads on the left, as Keras 2)."""
    x, padding = _causal(x, kernel, padding, data_format, dilation_rate)
    return ops.conv(x, kernel, strides, padding, data_format, dilation_rate)


def conv2d(x, kernel, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)):
    """2D convolution; ``kernel`` is ``(rows, columns, in, out)``."""
    return ops.conv(x, kernel, strides, padding, data_format, dilation_rate)


def conv3d(
    x, kernel, strides=(1, 1, 1), padding="valid", data_format=None, dilation_rate=(1, 1, 1)
):
    """3D convolution."""
    return ops.conv(x, kernel, strides, padding, data_format, dilation_rate)


def _transpose(x, kernel, output_shape, strides, padding, data_format, dilation_rate):
    last = _channels_last(data_format)
    spatial = int_shape(x)[1:-1] if last else int_shape(x)[2:]
    target = tuple(output_shape)[1:-1] if last else tuple(output_shape)[2:]
    sizes = int_shape(kernel)[:-2]
    n = len(sizes)
    strides_ = (strides,) * n if isinstance(strides, int) else tuple(strides)
    rates = (dilation_rate,) * n if isinstance(dilation_rate, int) else tuple(dilation_rate)
    output_padding = None
    if None not in spatial and None not in target and len(target) == n:
        output_padding = []
        for size, want, k, s, d in zip(spatial, target, sizes, strides_, rates, strict=True):
            k_eff = (k - 1) * d + 1  # type: ignore[operator]
            base = (size - 1) * s + (k_eff if padding == "valid" else k_eff % 2)  # type: ignore[operator]
            if want < base:
                raise ValueError(
                    f"output_shape={tuple(output_shape)} cannot come from input {int_shape(x)} "
                    f"with strides={strides} and padding={padding!r}."
                )
            output_padding.append(want - base)
    return ops.conv_transpose(
        x, kernel, strides, padding, output_padding, data_format, dilation_rate
    )


def conv2d_transpose(
    x, kernel, output_shape, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)
):
    """Transposed 2D convolution; ``kernel`` is ``(rows, columns, out, in)``."""
    return _transpose(x, kernel, output_shape, strides, padding, data_format, dilation_rate)


def conv3d_transpose(
    x, kernel, output_shape, strides=(1, 1, 1), padding="valid", data_format=None,
    dilation_rate=(1, 1, 1),
):  # fmt: skip
    """Transposed 3D convolution."""
    return _transpose(x, kernel, output_shape, strides, padding, data_format, dilation_rate)


def separable_conv1d(
    x, depthwise_kernel, pointwise_kernel, strides=1, padding="valid", data_format=None,
    dilation_rate=1,
):  # fmt: skip
    """Depthwise then pointwise 1D convolution."""
    return ops.separable_conv(
        x, depthwise_kernel, pointwise_kernel, strides, padding, data_format, dilation_rate
    )


def separable_conv2d(
    x, depthwise_kernel, pointwise_kernel, strides=(1, 1), padding="valid", data_format=None,
    dilation_rate=(1, 1),
):  # fmt: skip
    """Depthwise then pointwise 2D convolution."""
    return ops.separable_conv(
        x, depthwise_kernel, pointwise_kernel, strides, padding, data_format, dilation_rate
    )


def depthwise_conv2d(
    x, depthwise_kernel, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)
):
    """Depthwise 2D convolution; ``depthwise_kernel`` is ``(rows, columns, in, multiplier)``."""
    return ops.depthwise_conv(x, depthwise_kernel, strides, padding, data_format, dilation_rate)


def _pool(x, pool_size, strides, padding, data_format, pool_mode):
    if pool_mode not in ("max", "avg"):
        raise ValueError(f"pool_mode must be 'max' or 'avg', not {pool_mode!r}.")
    pool = ops.max_pool if pool_mode == "max" else ops.average_pool
    return pool(x, pool_size, strides, padding, data_format)


def pool2d(x, pool_size, strides=(1, 1), padding="valid", data_format=None, pool_mode="max"):
    """2D max or average pooling (``pool_mode="max"`` or ``"avg"``)."""
    return _pool(x, pool_size, strides, padding, data_format, pool_mode)


def pool3d(x, pool_size, strides=(1, 1, 1), padding="valid", data_format=None, pool_mode="max"):
    """3D max or average pooling."""
    return _pool(x, pool_size, strides, padding, data_format, pool_mode)


def _on_axis(param: Any, x: Any, axis: int) -> Any:
    """``param`` in ``x``'s dtype; if 1D, shaped to broadcast along ``axis`` of ``x``."""
    param = ops.cast(param, x.dtype)
    ndim = ops.ndim(x)
    if ops.ndim(param) != 1 or axis in (-1, ndim - 1):
        return param
    shape = [1] * ndim
    shape[axis] = -1
    return ops.reshape(param, shape)


def batch_normalization(x, mean, var, beta, gamma, axis=-1, epsilon=1e-3):
    """``(x - mean) / sqrt(var + epsilon) * gamma + beta`` (parameters on ``axis``)."""
    x = ops.convert_to_tensor(x)
    out = (x - _on_axis(mean, x, axis)) * ops.rsqrt(_on_axis(var, x, axis) + epsilon)
    if gamma is not None:
        out = out * _on_axis(gamma, x, axis)
    return out if beta is None else out + _on_axis(beta, x, axis)


def normalize_batch_in_training(x, gamma, beta, reduction_axes, epsilon=1e-3):
    """``(normalized x, mean, variance)``, the moments over ``reduction_axes``."""
    x = ops.convert_to_tensor(x)
    axes = sorted(a % ops.ndim(x) for a in reduction_axes)
    mean, var = ops.moments(x, axes, keepdims=True)
    shape = ops.shape(mean)
    gamma = None if gamma is None else ops.reshape(gamma, shape)
    beta = None if beta is None else ops.reshape(beta, shape)
    normed = batch_normalization(x, mean, var, beta, gamma, epsilon=epsilon)
    return normed, ops.squeeze(mean, axes), ops.squeeze(var, axes)


def random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Normal random numbers (``keras.random.normal``)."""
    return keras.random.normal(shape, mean, stddev, dtype=dtype, seed=seed)


def random_uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Uniform random numbers in ``[minval, maxval)`` (``keras.random.uniform``)."""
    return keras.random.uniform(shape, minval, maxval, dtype=dtype, seed=seed)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Normal random numbers within two standard deviations."""
    return keras.random.truncated_normal(shape, mean, stddev, dtype=dtype, seed=seed)


def random_binomial(shape, p=0.0, dtype=None, seed=None):
    """1 with probability ``p``, else 0 (``dtype`` defaults to ``config_floatx()``)."""
    draws = keras.random.uniform(shape, seed=seed)
    return ops.cast(ops.less(draws, p), dtype or keras.config.floatx())


random_bernoulli = random_binomial


def random_uniform_variable(shape, low, high, dtype=None, name=None, seed=None):
    """A variable of uniform random numbers."""
    dtype = dtype or keras.config.floatx()
    value = keras.random.uniform(shape, low, high, dtype=dtype, seed=seed)
    return keras.Variable(value, dtype=dtype, name=name)


def random_normal_variable(shape, mean, scale, dtype=None, name=None, seed=None):
    """A variable of normal random numbers."""
    dtype = dtype or keras.config.floatx()
    value = keras.random.normal(shape, mean, scale, dtype=dtype, seed=seed)
    return keras.Variable(value, dtype=dtype, name=name)


def ctc_batch_cost(y_true, y_pred, input_length, label_length):
    """CTC loss per sample, shape ``(samples, 1)``; ``y_pred`` holds softmax
    probabilities and the last class is the blank, as in Keras 2."""
    y_pred = ops.convert_to_tensor(y_pred)
    loss = ops.ctc_loss(
        ops.cast(y_true, "int32"),
        ops.log(y_pred + keras.config.epsilon()),
        ops.cast(ops.reshape(label_length, (-1,)), "int32"),
        ops.cast(ops.reshape(input_length, (-1,)), "int32"),
        mask_index=int_shape(y_pred)[-1] - 1,  # type: ignore[operator]
    )
    return ops.expand_dims(loss, 1)


def ctc_decode(y_pred, input_length, greedy=True, beam_width=100, top_paths=1):
    """``([decoded paths], log probabilities)``: paths padded with -1, the last class the blank."""
    y_pred = ops.convert_to_tensor(y_pred)
    decoded, log_prob = ops.ctc_decode(
        ops.log(y_pred + keras.config.epsilon()),
        ops.cast(ops.reshape(input_length, (-1,)), "int32"),
        strategy="greedy" if greedy else "beam_search",
        beam_width=beam_width,
        top_paths=top_paths,
        mask_index=int_shape(y_pred)[-1] - 1,  # type: ignore[operator]
    )
    return [decoded[i] for i in range(int_shape(decoded)[0] or 1)], log_prob


def image_dim_ordering() -> str:
    """Keras 1's ``"tf"`` (channels last) or ``"th"`` (channels first)."""
    return "tf" if keras.config.image_data_format() == "channels_last" else "th"


def set_image_dim_ordering(dim_ordering: str) -> None:
    """Keras 1's ``"tf"`` / ``"th"``: ``config_set_image_data_format`` last / first."""
    formats = {"tf": "channels_last", "th": "channels_first"}
    if dim_ordering not in formats:
        raise ValueError(f"dim_ordering must be 'tf' or 'th', not {dim_ordering!r}.")
    keras.config.set_image_data_format(formats[dim_ordering])


def print_tensor(x: Any, message: str = ""):
    """Prints ``message`` and the value of ``x`` when it is computed; returns ``x``."""
    # lazy: TensorFlow is loaded with Keras; only its print works inside a traced step
    import tensorflow as tf

    tf.print(message, x)
    return x


def is_sparse(tensor: Any) -> bool:
    """Whether ``tensor`` is a sparse tensor."""
    # lazy: TensorFlow is loaded with Keras (kernelkeras runs on its TensorFlow backend)
    import tensorflow as tf

    return isinstance(tensor, tf.SparseTensor)


def to_dense(tensor: Any):
    """A sparse tensor as a dense one; any other tensor unchanged."""
    # lazy: TensorFlow is loaded with Keras (kernelkeras runs on its TensorFlow backend)
    import tensorflow as tf

    return tf.sparse.to_dense(tensor) if isinstance(tensor, tf.SparseTensor) else tensor
