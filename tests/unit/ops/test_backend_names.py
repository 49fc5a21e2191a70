"""K = backend(): every Keras 2 name known, the graph-era ones refused with the Keras 3 way,
unknown names answered with suggestions, and the R examples' K$ code run as Python."""

from __future__ import annotations

import numpy as np
import pytest

from kernelkeras import (
    backend,
    keras,
    keras_model,
    layer_dense,
    layer_input,
    layer_lambda,
)
from kernelkeras.ops._classic_backend import CLASSIC, KerasBackend
from kernelkeras.ops._removed import REMOVED, RemovedInKeras3Error

K = backend()
#: Keras 2's backend functions, as R keras 2 wrapped them (its k_* functions, 2018).
_KERAS_2_NAMES_TEXT = """
    abs all any arange argmax argmin backend batch_dot batch_flatten batch_get_value
    batch_normalization batch_set_value bias_add binary_crossentropy cast cast_to_floatx
    categorical_crossentropy clear_session clip concatenate constant conv1d conv2d
    conv2d_transpose conv3d conv3d_transpose cos count_params ctc_batch_cost ctc_decode
    ctc_label_dense_to_sparse cumprod cumsum depthwise_conv2d dot dropout dtype elu epsilon
    equal eval exp expand_dims eye flatten floatx foldl foldr function gather get_session
    get_uid get_value get_variable_shape gradients greater greater_equal hard_sigmoid identity
    image_data_format in_test_phase in_top_k in_train_phase int_shape is_keras_tensor
    is_placeholder is_sparse is_tensor l2_normalize learning_phase less less_equal local_conv1d
    local_conv2d log logsumexp manual_variable_initialization map_fn max maximum mean min
    minimum moving_average_update ndim normalize_batch_in_training not_equal one_hot ones
    ones_like permute_dimensions placeholder pool2d pool3d pow print_tensor prod
    random_bernoulli random_binomial random_normal random_normal_variable random_uniform
    random_uniform_variable relu repeat repeat_elements reset_uids reshape resize_images
    resize_volumes reverse rnn round separable_conv2d set_epsilon set_floatx
    set_image_data_format set_learning_phase set_session set_value shape sigmoid sign sin
    softmax softplus softsign sparse_categorical_crossentropy spatial_2d_padding
    spatial_3d_padding sqrt square squeeze stack std stop_gradient sum switch tanh
    temporal_padding tile to_dense transpose truncated_normal unstack update update_add
    update_sub var variable zeros zeros_like
"""
KERAS_2_NAMES = _KERAS_2_NAMES_TEXT.split()


def test_every_keras_2_name_is_mapped_or_refused():
    names = set(dir(K))
    assert not set(KERAS_2_NAMES) - names
    assert set(CLASSIC) | set(REMOVED) == names
    assert not set(CLASSIC) & set(REMOVED)
    assert backend() is K and isinstance(K, KerasBackend)


def test_the_r_examples_k_names_exist():
    # grep -oh 'K\$[a-z_0-9]*' on the 24 R examples
    used = "square sum mean exp variable shape relu random_normal pow flatten concatenate"
    used += " transpose set_image_data_format permute_dimensions l2_normalize dot batch_flatten"
    assert all(callable(getattr(K, name)) for name in used.split())
    assert set(REMOVED) >= {"gradients", "function", "placeholder"}


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("gradients", ["tf.GradientTape", "tape.gradient"]),
        ("function", ["keras_model(", "predict"]),
        ("placeholder", ["layer_input(shape=", "K.variable"]),
        ("get_session", ["no sessions", "K.eval"]),
        ("learning_phase", ["training=None", "training=True"]),
        ("in_train_phase", ["training"]),
        ("rnn", ["layer_rnn("]),
        ("local_conv2d", ["locally connected"]),
    ],
)
def test_graph_era_names_show_the_keras_3_way(name, words):
    with pytest.raises(RemovedInKeras3Error) as err:
        getattr(K, name)("anything", key="value")
    message = str(err.value)
    assert message.startswith(f"K.{name} has no Keras 3 counterpart")
    assert "The Keras 3 way:\n\n    " in message
    assert all(word in message for word in words), message
    assert isinstance(err.value, NotImplementedError)
    assert message in getattr(K, name).__doc__


def test_the_gradient_tape_example_runs():
    import tensorflow as tf

    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    _, example = REMOVED["gradients"]
    space = {"K": K, "model": model, "image": np.ones((1, 3), "float32"), "tf": tf}
    exec(example, space)  # our own message's example
    assert tuple(space["grads"].shape) == (1, 3)


def test_unknown_names_suggest_the_closest():
    with pytest.raises(AttributeError, match=r"K has no 'meen'.*Did you mean K\.mean") as err:
        K.meen  # noqa: B018
    assert str(err.value).count("K.mean,") <= 1
    assert not hasattr(K, "nothing_like_this")
    with pytest.raises(AttributeError, match=r"dir\(K\)"):
        K.nothing_like_this  # noqa: B018


def test_names_keras_2_lacked_come_from_keras_ops():
    a = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(K.einsum("ij,kj->ik", a, a), a @ a.T)
    assert K.einsum is keras.ops.einsum
    assert K.identity is not keras.ops.identity  # Keras 2's identity copies a tensor


def test_mnist_antirectifier_lambda():
    def antirectifier(x):
        x = x - K.mean(x, axis=1, keepdims=True)
        x = K.l2_normalize(x, axis=1)
        return K.concatenate([K.relu(x), K.relu(-x)], axis=1)

    inputs = layer_input(shape=(4,))
    model = keras_model(inputs, layer_lambda(inputs, function=antirectifier))
    x = np.random.default_rng(1).normal(size=(3, 4)).astype("float32")
    centred = x - x.mean(axis=1, keepdims=True)
    unit = centred / np.linalg.norm(centred, axis=1, keepdims=True)
    expected = np.concatenate([np.maximum(unit, 0), np.maximum(-unit, 0)], axis=1)
    np.testing.assert_allclose(model.predict(x, verbose=0), expected, rtol=1e-5, atol=1e-6)


def test_variational_autoencoder_sampling_lambda():
    def sampling(args):
        z_mean, z_log_var = args
        epsilon = K.random_normal(shape=(K.shape(z_mean)[0], 2), mean=0.0, stddev=1.0)
        return z_mean + K.exp(z_log_var / 2) * epsilon

    inputs = layer_input(shape=(5,))
    z_mean, z_log_var = layer_dense(inputs, units=2), layer_dense(inputs, units=2)
    z = layer_lambda([z_mean, z_log_var], function=sampling)
    model = keras_model(inputs, z)
    out = model.predict(np.ones((7, 5), "float32"), verbose=0)
    assert out.shape == (7, 2) and np.isfinite(out).all()


def test_neural_style_gram_matrix():
    def gram_matrix(x):
        features = K.batch_flatten(K.permute_dimensions(x, (2, 0, 1)))
        return K.dot(features, K.transpose(features))

    x = np.random.default_rng(2).normal(size=(4, 5, 3)).astype("float32")
    features = x.transpose(2, 0, 1).reshape(3, -1)
    np.testing.assert_allclose(gram_matrix(x), features @ features.T, rtol=1e-4, atol=1e-4)
