"""op_*, random_*, config_*, activation_* and learning_rate_schedule_*, called as in R and
checked against keras.ops, keras.random, keras.config, keras.activations and the schedules."""

from __future__ import annotations

import inspect
from types import FunctionType, ModuleType

import numpy as np
import pytest

import kernelkeras
from kernelkeras import keras
from kernelkeras.ops import OPS_FUNCTIONS, R_ALIASES
from kernelkeras.ops._families import build_families

ops = keras.ops

#: Every op_*, random_*, config_*, activation_* and learning_rate_schedule_* that R keras3
#: exports (its NAMESPACE, keras3 on Keras 3.4).
_R_KERAS3_TEXT = """
    activation_elu activation_exponential activation_gelu activation_hard_sigmoid
    activation_hard_silu activation_hard_swish activation_leaky_relu activation_linear
    activation_log_softmax activation_mish activation_relu activation_relu6 activation_selu
    activation_sigmoid activation_silu activation_softmax activation_softplus
    activation_softsign activation_tanh config_backend config_disable_interactive_logging
    config_disable_traceback_filtering config_dtype_policy config_enable_interactive_logging
    config_enable_traceback_filtering config_enable_unsafe_deserialization config_epsilon
    config_floatx config_image_data_format config_is_interactive_logging_enabled
    config_is_traceback_filtering_enabled config_set_backend config_set_dtype_policy
    config_set_epsilon config_set_floatx config_set_image_data_format
    learning_rate_schedule_cosine_decay learning_rate_schedule_cosine_decay_restarts
    learning_rate_schedule_exponential_decay learning_rate_schedule_inverse_time_decay
    learning_rate_schedule_piecewise_constant_decay learning_rate_schedule_polynomial_decay
    op_abs op_add op_all op_any op_append op_arange op_arccos op_arccosh op_arcsin op_arcsinh
    op_arctan op_arctan2 op_arctanh op_argmax op_argmin op_argpartition op_argsort op_array
    op_average op_average_pool op_batch_normalization op_binary_crossentropy op_bincount
    op_broadcast_to op_cast op_categorical_crossentropy op_ceil op_cholesky op_clip
    op_concatenate op_cond op_conj op_conv op_conv_transpose op_convert_to_numpy
    op_convert_to_tensor op_copy op_correlate op_cos op_cosh op_count_nonzero op_cross
    op_ctc_decode op_ctc_loss op_cumprod op_cumsum op_custom_gradient op_depthwise_conv op_det
    op_diag op_diagonal op_diff op_digitize op_divide op_divide_no_nan op_dot op_dtype op_eig
    op_eigh op_einsum op_elu op_empty op_equal op_erf op_erfinv op_exp op_expand_dims op_expm1
    op_extract_sequences op_eye op_fft op_fft2 op_flip op_floor op_floor_divide op_fori_loop
    op_full op_full_like op_gelu op_get_item op_greater op_greater_equal op_hard_sigmoid
    op_hard_silu op_hard_swish op_hstack op_identity op_imag op_image_affine_transform
    op_image_crop op_image_extract_patches op_image_hsv_to_rgb op_image_map_coordinates
    op_image_pad op_image_resize op_image_rgb_to_grayscale op_image_rgb_to_hsv op_in_top_k
    op_inv op_irfft op_is_tensor op_isclose op_isfinite op_isinf op_isnan op_istft
    op_leaky_relu op_less op_less_equal op_linspace op_log op_log10 op_log1p op_log2
    op_log_sigmoid op_log_softmax op_logaddexp op_logical_and op_logical_not op_logical_or
    op_logical_xor op_logspace op_logsumexp op_lstsq op_lu_factor op_map op_matmul op_max
    op_max_pool op_maximum op_mean op_median op_meshgrid op_min op_minimum op_mod op_moments
    op_moveaxis op_multi_hot op_multiply op_nan_to_num op_ndim op_negative op_nonzero op_norm
    op_normalize op_not_equal op_one_hot op_ones op_ones_like op_outer op_pad op_pmax op_pmin
    op_power op_prod op_psnr op_qr op_quantile op_ravel op_real op_reciprocal op_relu op_relu6
    op_repeat op_reshape op_rfft op_roll op_round op_rsqrt op_scan op_scatter op_scatter_update
    op_segment_max op_segment_sum op_select op_selu op_separable_conv op_shape op_sigmoid
    op_sign op_silu op_sin op_sinh op_size op_slice op_slice_update op_slogdet op_softmax
    op_softplus op_softsign op_solve op_solve_triangular op_sort
    op_sparse_categorical_crossentropy op_split op_sqrt op_square op_squeeze op_stack op_std
    op_stft op_stop_gradient op_subtract op_sum op_svd op_swapaxes op_switch op_take
    op_take_along_axis op_tan op_tanh op_tensordot op_tile op_top_k op_trace op_transpose
    op_tri op_tril op_triu op_unstack op_var op_vdot op_vectorize op_vectorized_map op_vstack
    op_where op_while_loop op_zeros op_zeros_like random_beta random_binomial
    random_categorical random_dropout random_gamma random_integer random_normal
    random_seed_generator random_shuffle random_truncated_normal random_uniform
"""
R_KERAS3 = _R_KERAS3_TEXT.split()


def _public(module: ModuleType) -> dict[str, object]:
    return {n: v for n, v in vars(module).items() if not n.startswith("_")}


def test_every_keras_ops_function_has_an_op():
    missing = []
    for name, obj in _public(ops).items():
        if isinstance(obj, ModuleType):
            for sub, fn in _public(obj).items():
                if callable(fn) and getattr(ops, sub, None) is not fn:
                    short = sub.removesuffix(f"_{name}s")
                    if f"op_{name}_{short}" not in OPS_FUNCTIONS:
                        missing.append(f"keras.ops.{name}.{sub}")
        elif callable(obj) and f"op_{name}" not in OPS_FUNCTIONS:
            missing.append(f"keras.ops.{name}")
    assert not missing, f"keras.ops functions without an op_*: {missing}"
    assert sum(n.startswith("op_") for n in OPS_FUNCTIONS) > 330


def test_every_random_config_activation_and_schedule_has_a_function():
    renames = {"randint": "integer", "SeedGenerator": "seed_generator"}
    expected = {f"random_{renames.get(n, n)}" for n, f in _public(keras.random).items()}
    expected |= {f"config_{n}" for n, f in _public(keras.config).items() if callable(f)}
    skip = {"get", "serialize", "deserialize"}
    expected |= {f"activation_{n}" for n in _public(keras.activations) if n not in skip}
    schedules = keras.optimizers.schedules
    classes = [
        c
        for c in _public(schedules).values()
        if isinstance(c, type) and c is not schedules.LearningRateSchedule
    ]
    covered = {fn.keras_class for n, fn in OPS_FUNCTIONS.items() if n.startswith("learning_")}
    assert covered == set(classes) and len(classes) >= 6
    assert expected <= set(OPS_FUNCTIONS), sorted(expected - set(OPS_FUNCTIONS))


def test_every_r_keras3_name_exists_and_is_exported():
    assert not set(R_KERAS3) - set(OPS_FUNCTIONS)
    assert set(OPS_FUNCTIONS) <= set(kernelkeras.__all__)
    assert "backend" in kernelkeras.__all__
    assert all(getattr(kernelkeras, n) is OPS_FUNCTIONS[n] for n in R_KERAS3)


def test_wrappers_have_keras_signature_and_docstring():
    for name, fn in OPS_FUNCTIONS.items():
        if name.startswith(("activation_", "learning_rate_schedule_", "random_seed")):
            continue
        keras_fn = fn.keras_function
        assert fn.__name__ == name
        assert inspect.signature(fn) == inspect.signature(keras_fn), name
        doc = inspect.getdoc(fn)
        assert doc.startswith("Calls ``keras."), name
        assert (inspect.getdoc(keras_fn) or "") in doc, f"{name}: docstring not Keras' own"


def test_ops_compute_what_keras_computes():
    x = np.arange(6, dtype="float32").reshape(2, 3)
    assert float(kernelkeras.op_add(1.5, 2)) == 3.5
    np.testing.assert_allclose(kernelkeras.op_matmul(x, x.T), x @ x.T)
    mean = kernelkeras.op_mean(x, axis=1, keepdims=True)
    assert tuple(mean.shape) == (2, 1)
    np.testing.assert_allclose(mean, ops.mean(x, axis=1, keepdims=True))
    tensor = kernelkeras.op_convert_to_tensor([1, 2], dtype="float16")
    assert kernelkeras.op_dtype(tensor) == "float16"
    assert kernelkeras.op_shape(x) == ops.shape(x) == (2, 3)
    np.testing.assert_array_equal(kernelkeras.op_pmax(x, 2.0), np.maximum(x, 2.0))
    np.testing.assert_array_equal(kernelkeras.op_pmin(x, 2.0), np.minimum(x, 2.0))
    assert float(kernelkeras.op_max(x)) == 5.0  # op_max reduces, op_pmax is elementwise


def test_image_ops_take_r_names():
    images = np.random.default_rng(0).random((1, 6, 6, 3)).astype("float32")
    crop = kernelkeras.op_image_crop(images, 1, 2, target_height=3, target_width=2)
    np.testing.assert_array_equal(crop, ops.image.crop_images(images, 1, 2, None, None, 3, 2))
    assert tuple(crop.shape) == (1, 3, 2, 3)
    padded = kernelkeras.op_image_pad(images, 1, 1, target_height=8, target_width=8)
    assert tuple(padded.shape) == (1, 8, 8, 3)
    gray = kernelkeras.op_image_rgb_to_grayscale(images)
    np.testing.assert_allclose(gray, ops.image.rgb_to_grayscale(images))


def test_random_functions_match_keras_random():
    np.testing.assert_array_equal(
        kernelkeras.random_normal((3, 2), seed=4), keras.random.normal((3, 2), seed=4)
    )
    ints = kernelkeras.random_integer((50,), minval=0, maxval=3, seed=1)
    np.testing.assert_array_equal(ints, keras.random.randint((50,), 0, 3, seed=1))
    assert set(np.unique(ints)) <= {0, 1, 2} and kernelkeras.op_dtype(ints) == "int32"
    generator = kernelkeras.random_seed_generator(7)
    assert isinstance(generator, keras.random.SeedGenerator)
    draw = kernelkeras.random_uniform((1000,), seed=generator)
    assert 0.4 < float(ops.mean(draw)) < 0.6 and tuple(draw.shape) == (1000,)


def test_config_reads_and_sets():
    assert kernelkeras.config_floatx() == keras.config.floatx() == "float32"
    assert kernelkeras.config_epsilon() == keras.config.epsilon()
    assert kernelkeras.config_image_data_format() == "channels_last"
    kernelkeras.config_set_floatx("float64")
    try:
        assert keras.config.floatx() == "float64"
        assert kernelkeras.op_dtype(kernelkeras.op_ones((2,))) == "float64"
    finally:
        kernelkeras.config_set_floatx("float32")
    assert kernelkeras.config_backend() == "tensorflow"


def test_activations_compute_and_serialize_as_keras_own():
    x = np.array([-2.0, 0.5, 3.0], dtype="float32")
    relu = kernelkeras.activation_relu(x, negative_slope=0.1, max_value=2.0)
    np.testing.assert_allclose(relu, [-0.2, 0.5, 2.0], rtol=1e-6)
    np.testing.assert_allclose(kernelkeras.activation_softmax(x[None]), ops.softmax(x[None]))
    assert kernelkeras.activation_relu is keras.activations.relu
    layer = kernelkeras.layer_dense(units=2, activation=kernelkeras.activation_relu)
    assert layer.get_config()["activation"] == "relu"
    assert keras.layers.Dense.from_config(layer.get_config()).activation is keras.activations.relu


def test_learning_rate_schedules_match_keras_and_train():
    schedule = kernelkeras.learning_rate_schedule_exponential_decay(
        initial_learning_rate=0.1, decay_steps=10, decay_rate=0.5
    )
    plain = keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5)
    assert isinstance(schedule, keras.optimizers.schedules.ExponentialDecay)
    for step in (0, 10, 25):
        assert float(schedule(step)) == pytest.approx(float(plain(step)))
    pieces = kernelkeras.learning_rate_schedule_piecewise_constant_decay([5], [1.0, 0.5])
    assert [float(pieces(s)) for s in (0, 9)] == [1.0, 0.5]
    model = kernelkeras.keras_model_sequential(input_shape=(2,)) >> kernelkeras.layer_dense(1)
    model.compile(optimizer=kernelkeras.optimizer_sgd(learning_rate=schedule), loss="mse")
    model.fit(np.ones((4, 2)), np.ones((4, 1)), epochs=2, verbose=0)
    assert float(model.optimizer.learning_rate) == pytest.approx(float(plain(2)))


def test_a_misspelt_argument_is_named_with_the_fix():
    with pytest.raises(TypeError, match=r"op_mean\(\) got an unknown argument 'axs'") as err:
        kernelkeras.op_mean(np.ones(3), axs=0)
    assert "Did you mean 'axis'?" in str(err.value) and "help(op_mean)" in str(err.value)
    with pytest.raises(TypeError, match=r"op_add\(\): too many positional arguments"):
        kernelkeras.op_add(1, 2, 3)
    with pytest.raises(TypeError, match="initial_learning_rate"):
        kernelkeras.learning_rate_schedule_exponential_decay(initial_learning_rat=0.1)


def test_an_error_from_keras_itself_is_left_alone():
    with pytest.raises(Exception) as err:
        kernelkeras.op_reshape(np.ones(4), (3,))
    assert "op_reshape" not in str(err.value)
    with pytest.raises(TypeError, match="not callable") as err:  # inside Keras, arguments fine
        kernelkeras.op_map(3, np.ones(2))
    assert "It takes" not in str(err.value)


def test_a_function_keras_adds_appears(monkeypatch):
    def from_the_future(x, scale=2):
        """Scales ``x``.

        Args:
            x: a tensor.
        """
        return x * scale

    monkeypatch.setattr(ops, "from_the_future", from_the_future, raising=False)
    monkeypatch.setattr(ops.image, "warp_images", from_the_future, raising=False)
    monkeypatch.setattr(keras.random, "pareto", from_the_future, raising=False)
    functions = build_families()
    assert functions["op_from_the_future"](3) == 6
    assert "op_image_warp" in functions and "random_pareto" in functions
    assert inspect.getdoc(functions["op_from_the_future"]) == (
        "Calls ``keras.ops.from_the_future``.\n\nScales ``x``.\n\nArgs:\n    x: a tensor."
    )
    assert set(R_ALIASES) <= set(functions)
    assert isinstance(functions["op_from_the_future"], FunctionType)
