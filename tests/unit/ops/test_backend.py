"""K = backend(): Keras 2's backend names, checked against numpy on small arrays."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from kernelkeras import backend, keras

K = backend()
RNG = np.random.default_rng(0)
X = RNG.normal(size=(2, 3, 4)).astype("float32")
M = RNG.normal(size=(3, 4)).astype("float32")


def close(actual, expected, rtol=1e-5, atol=1e-6):
    actual = keras.ops.convert_to_numpy(actual)
    assert actual.shape == np.shape(expected)
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol)


@pytest.mark.parametrize(
    ("name", "args", "kwargs", "expected"),
    [
        ("mean", (X,), {"axis": 1, "keepdims": True}, X.mean(axis=1, keepdims=True)),
        ("sum", (X,), {"axis": -1}, X.sum(axis=-1)),
        ("max", (X,), {"axis": (0, 2)}, X.max(axis=(0, 2))),
        ("min", (X,), {}, X.min()),
        ("prod", (M,), {"axis": 0}, M.prod(axis=0)),
        ("std", (X,), {"axis": 2}, X.std(axis=2)),
        ("var", (X,), {"axis": 0, "keepdims": True}, X.var(axis=0, keepdims=True)),
        ("any", (M > 1,), {"axis": 1}, (M > 1).any(axis=1)),
        ("all", (M > -5,), {}, (M > -5).all()),
        ("argmax", (X,), {}, X.argmax(axis=-1)),  # Keras 2: last axis by default
        ("argmin", (X,), {"axis": 0}, X.argmin(axis=0)),
        ("cumsum", (M,), {}, M.cumsum(axis=0)),  # Keras 2: first axis by default
        ("cumprod", (M,), {"axis": 1}, M.cumprod(axis=1)),
        ("logsumexp", (M,), {"axis": 1}, np.log(np.exp(M).sum(axis=1))),
        ("square", (M,), {}, M**2),
        ("abs", (M,), {}, np.abs(M)),
        ("sqrt", (M,), {}, np.sqrt(np.maximum(M, 0))),  # negative values -> 0
        ("exp", (M,), {}, np.exp(M)),
        ("log", (np.abs(M),), {}, np.log(np.abs(M))),
        ("pow", (np.abs(M), 1.25), {}, np.abs(M) ** 1.25),
        ("round", (np.array([0.5, 1.5, 2.4]),), {}, np.array([0.0, 2.0, 2.0])),
        ("sign", (M,), {}, np.sign(M)),
        ("sin", (M,), {}, np.sin(M)),
        ("cos", (M,), {}, np.cos(M)),
        ("clip", (M, -0.5, 0.5), {}, np.clip(M, -0.5, 0.5)),
        ("clip", (M,), {"max_value": 0.1}, np.minimum(M, 0.1)),
        ("equal", (M, M), {}, np.ones_like(M, bool)),
        ("greater", (M, 0.0), {}, M > 0),
        ("less_equal", (M,), {"y": 0.0}, M <= 0),
        ("maximum", (M, 0.0), {}, np.maximum(M, 0)),
        ("minimum", (M, 0.0), {}, np.minimum(M, 0)),
        ("dot", (X, M.T), {}, np.dot(X, M.T)),
        ("transpose", (M,), {}, M.T),
        ("concatenate", ([M, M],), {}, np.concatenate([M, M], axis=-1)),  # last axis
        ("concatenate", ([M, M],), {"axis": 0}, np.concatenate([M, M], axis=0)),
        ("reshape", (X, (4, -1)), {}, X.reshape(4, -1)),
        ("permute_dimensions", (X,), {"pattern": (2, 0, 1)}, X.transpose(2, 0, 1)),
        ("flatten", (X,), {}, X.reshape(-1)),
        ("batch_flatten", (X,), {}, X.reshape(2, -1)),
        ("expand_dims", (M,), {}, M[..., None]),
        ("squeeze", (M[:, None],), {"axis": 1}, M),
        ("stack", ([M, M],), {}, np.stack([M, M])),
        ("tile", (M, (2, 1)), {}, np.tile(M, (2, 1))),
        ("repeat_elements", (M, 2, 1), {}, np.repeat(M, 2, axis=1)),
        ("repeat", (M, 2), {}, np.repeat(M[:, None], 2, axis=1)),
        ("arange", (2, 8, 3), {}, np.arange(2, 8, 3, dtype="int32")),
        ("reverse", (X,), {"axes": (0, 2)}, X[::-1, :, ::-1]),
        ("one_hot", (np.array([0, 2]), 3), {}, np.eye(3, dtype="float32")[[0, 2]]),
        ("gather", (M, [2, 0]), {}, M[[2, 0]]),
        ("temporal_padding", (X, (1, 2)), {}, np.pad(X, [(0, 0), (1, 2), (0, 0)])),
        ("sigmoid", (M,), {}, 1 / (1 + np.exp(-M))),
        ("tanh", (M,), {}, np.tanh(M)),
        ("softplus", (M,), {}, np.log1p(np.exp(M))),
        ("softsign", (M,), {}, M / (1 + np.abs(M))),
        ("elu", (M, 0.5), {}, np.where(M > 0, M, 0.5 * (np.exp(M) - 1))),
        (
            "relu",
            (M,),
            {"alpha": 0.1, "max_value": 0.5},
            np.minimum(np.where(M > 0, M, 0.1 * M), 0.5),
        ),
        ("hard_sigmoid", (M,), {}, np.clip(0.2 * M + 0.5, 0, 1)),  # Keras 2's slope
        ("softmax", (M,), {}, np.exp(M) / np.exp(M).sum(axis=-1, keepdims=True)),
        ("l2_normalize", (M,), {"axis": 1}, M / np.sqrt((M**2).sum(axis=1, keepdims=True))),
        ("identity", (M,), {}, M),  # a copy, not keras.ops.identity's identity matrix
    ],
)
def test_classic_name_computes_as_keras_2(name, args, kwargs, expected):
    close(getattr(K, name)(*args, **kwargs), expected)


def test_shapes_and_dtypes():
    assert K.int_shape(X) == (2, 3, 4) and K.shape(X)[0] == 2 and K.ndim(X) == 3
    assert K.dtype(X) == "float32" and K.count_params(M) == 12
    assert K.int_shape(keras.Input((5,))) == (None, 5)
    assert K.cast_to_floatx([1, 2]).dtype == np.float32
    assert K.dtype(K.cast(M, "float16")) == "float16"
    assert K.epsilon() == keras.config.epsilon() and K.floatx() == "float32"
    assert K.image_data_format() == "channels_last" and K.image_dim_ordering() == "tf"
    assert K.backend() == "tensorflow"


def test_variables_hold_and_update_values():
    v = K.variable(np.ones((2, 2)))
    assert isinstance(v, keras.Variable) and K.dtype(v) == "float32"
    K.set_value(v, [[1, 2], [3, 4]])
    close(K.get_value(v), [[1, 2], [3, 4]])
    K.update_add(v, np.ones((2, 2), "float32"))
    K.update_sub(v, 2 * np.ones((2, 2), "float32"))
    close(K.eval(v), [[0, 1], [2, 3]])
    K.moving_average_update(v, np.full((2, 2), 10.0), 0.9)
    close(K.eval(v), 0.9 * np.array([[0, 1], [2, 3]]) + 1.0)
    K.batch_set_value([(v, np.zeros((2, 2)))])
    assert K.batch_get_value([v])[0].sum() == 0
    assert isinstance(K.zeros((2, 3)), keras.Variable) and K.eval(K.ones((2,))).sum() == 2
    close(K.eye(3), np.eye(3)), close(K.eye((2, 3)), np.eye(2, 3))
    close(K.zeros_like(M), np.zeros_like(M)), close(K.ones_like(M), np.ones_like(M))
    close(K.constant(2.0, shape=(2, 2)), np.full((2, 2), 2.0))
    close(K.constant([1, 2, 3, 4], shape=(2, 2)), [[1, 2], [3, 4]])


def test_batch_dot_and_switch():
    y = RNG.normal(size=(2, 4, 5)).astype("float32")
    close(K.batch_dot(X, y), np.einsum("bij,bjk->bik", X, y))
    close(K.batch_dot(M, M, axes=1), (M * M).sum(axis=1, keepdims=True))
    # a per-sample condition chooses whole rows (extended on the right, as Keras 2)
    close(K.switch(np.array([True, False, True]), M, -M), M * np.array([[1], [-1], [1]]))
    close(K.switch(True, lambda: M, lambda: -M), M)


def test_losses_and_normalization():
    probs = np.array([[0.2, 0.8], [0.6, 0.4]], "float32")
    onehot = np.array([[0, 1], [1, 0]], "float32")
    close(K.categorical_crossentropy(onehot, probs), -np.log([0.8, 0.6]))
    close(K.sparse_categorical_crossentropy(np.array([1, 0]), probs), -np.log([0.8, 0.6]))
    bce = -(onehot * np.log(probs) + (1 - onehot) * np.log(1 - probs))
    close(K.binary_crossentropy(onehot, probs), bce, rtol=1e-4)
    close(K.in_top_k(probs, np.array([1, 1]), 1), [True, False])
    mean, var = M.mean(axis=0), M.var(axis=0)
    gamma, beta = np.full(4, 2.0, "float32"), np.ones(4, "float32")
    expected = (M - mean) / np.sqrt(var + 1e-3) * gamma + beta
    close(K.batch_normalization(M, mean, var, beta, gamma), expected, rtol=1e-4)
    normed, mu, sigma2 = K.normalize_batch_in_training(M, gamma, beta, [0])
    close(normed, expected, rtol=1e-4), close(mu, mean), close(sigma2, var)
    close(K.bias_add(np.zeros((1, 2, 3)), np.array([1.0, 2.0]), "channels_first"),
          np.array([1.0, 2.0])[None, :, None] * np.ones((1, 2, 3)))  # fmt: skip


def test_convolution_and_pooling():
    image = RNG.normal(size=(1, 4, 4, 1)).astype("float32")
    kernel = RNG.normal(size=(2, 2, 1, 1)).astype("float32")
    conv = np.array(
        [[(image[0, i : i + 2, j : j + 2, 0] * kernel[:, :, 0, 0]).sum() for j in range(3)]
         for i in range(3)]
    )  # fmt: skip
    close(K.conv2d(image, kernel)[0, :, :, 0], conv)
    close(K.pool2d(image, (2, 2), strides=(2, 2))[0, :, :, 0],
          image[0, :, :, 0].reshape(2, 2, 2, 2).max(axis=(1, 3)))  # fmt: skip
    close(K.pool2d(image, (2, 2), (2, 2), pool_mode="avg")[0, :, :, 0],
          image[0, :, :, 0].reshape(2, 2, 2, 2).mean(axis=(1, 3)))  # fmt: skip
    signal = np.arange(1, 6, dtype="float32").reshape(1, 5, 1)
    causal = K.conv1d(signal, np.ones((3, 1, 1), "float32"), padding="causal")
    close(causal[0, :, 0], [1, 3, 6, 9, 12])  # each output sees only the past
    up = K.conv2d_transpose(image, np.ones((3, 3, 2, 1), "float32"), (1, 9, 9, 2), (2, 2))
    assert K.int_shape(up) == (1, 9, 9, 2)
    with pytest.raises(ValueError, match="output_shape"):
        K.conv2d_transpose(image, np.ones((3, 3, 2, 1), "float32"), (1, 5, 5, 2), (2, 2))
    close(K.resize_images(image, 2, 3, "channels_last"),
          np.repeat(np.repeat(image, 2, axis=1), 3, axis=2))  # fmt: skip
    padded = K.spatial_2d_padding(image, ((1, 0), (0, 2)))
    close(padded, np.pad(image, [(0, 0), (1, 0), (0, 2), (0, 0)]))


def test_random_functions():
    normal = K.random_normal(shape=(2000,), mean=1.0, stddev=0.5, seed=1)
    assert abs(float(K.mean(normal)) - 1.0) < 0.05 and abs(float(K.std(normal)) - 0.5) < 0.05
    uniform = K.eval(K.random_uniform((500,), minval=2.0, maxval=3.0))
    assert uniform.min() >= 2.0 and uniform.max() < 3.0
    draws = K.eval(K.random_binomial((2000,), p=0.25, seed=2))
    assert set(np.unique(draws)) == {0.0, 1.0} and 0.2 < draws.mean() < 0.3
    assert draws.dtype == np.float32
    assert np.abs(K.eval(K.truncated_normal((500,)))).max() <= 2.0
    dropped = K.eval(K.dropout(np.ones(2000, "float32"), level=0.5, seed=3))
    assert set(np.unique(dropped)) == {0.0, 2.0}
    assert isinstance(K.random_uniform_variable((2, 2), 0, 1), keras.Variable)


def test_loops():
    elems = np.array([1.0, 2.0, 3.0])
    assert float(K.foldl(lambda a, x: a - x, elems)) == functools.reduce(lambda a, x: a - x, elems)
    assert float(K.foldr(lambda a, x: a - x, elems, initializer=10.0)) == 10 - 3 - 2 - 1
    close(K.map_fn(lambda row: K.sum(row), M), M.sum(axis=1))
    assert [K.int_shape(t) for t in K.unstack(X, axis=1)] == [(2, 4)] * 3


def test_ctc_keeps_keras_2_blank_as_the_last_class():
    y_pred = np.full((2, 5, 4), 0.01, "float32")
    for t, c in enumerate([0, 3, 1, 3, 3]):
        y_pred[0, t, c] = 0.97
    for t, c in enumerate([2, 2, 3, 3, 3]):
        y_pred[1, t, c] = 0.97
    decoded, log_prob = K.ctc_decode(y_pred, np.array([5, 5]))
    close(decoded[0], [[0, 1, -1, -1, -1], [2, -1, -1, -1, -1]])
    close(log_prob, -5 * np.log([[0.97], [0.97]]), rtol=1e-3)
    labels = np.array([[0, 1], [2, 0]])
    cost = K.ctc_batch_cost(labels, y_pred, np.array([[5], [5]]), np.array([[2], [1]]))
    assert K.int_shape(cost) == (2, 1)
    plain = keras.ops.ctc_loss(labels, np.log(y_pred + 1e-7), [2, 1], [5, 5], mask_index=3)
    close(cost[:, 0], keras.ops.convert_to_numpy(plain), rtol=1e-4)


def test_set_image_dim_ordering_round_trips():
    try:
        K.set_image_dim_ordering("th")
        assert keras.config.image_data_format() == "channels_first"
    finally:
        K.set_image_data_format("channels_last")
    with pytest.raises(ValueError, match="'tf' or 'th'"):
        K.set_image_dim_ordering("channels_last")
