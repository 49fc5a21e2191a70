"""The training history that ``fit`` returns."""

from __future__ import annotations

from typing import Any


def metric_order(names: Any) -> list[str]:
    """Training metrics first with ``loss`` leading, then their ``val_`` twins in that order.

    Example:

    >>> metric_order(["accuracy", "loss", "val_accuracy", "val_loss"])
    ['loss', 'accuracy', 'val_loss', 'val_accuracy']
    """
    names = list(names)
    train = [n for n in names if not n.startswith("val_")]
    train.sort(key=lambda n: n != "loss")
    val = [f"val_{n}" for n in train if f"val_{n}" in names]
    rest = [n for n in names if n.startswith("val_") and n not in val]
    return train + val + rest


class TrainingHistory:
    """What a ``fit`` run recorded: per-epoch metric values and the run's settings.

    It reads like Keras' ``History`` (``history.history["loss"]``, ``history.epoch``,
    ``history.params``) and prints like R keras' history::

        Trained on 48,000 samples (batch_size=128, epochs=30)
        Validated on 12,000 samples
        Final epoch (plot to see history):
                loss: 0.0913
            accuracy: 0.9793

    Attributes:
        history: metric name -> one float per epoch run.
        epoch: the 0-based epoch numbers that ran (they start at ``initial_epoch``).
        params: the run's settings: ``epochs``, ``steps``, ``verbose``, and when known
            ``samples``, ``validation_samples`` and ``batch_size``.
        model: the model that was trained.

    Example:

    >>> history = model >> fit(x_train, y_train, epochs=3, validation_split=0.2)
    >>> history.history["val_loss"][-1]
    0.12…
    """

    def __init__(
        self,
        history: dict[str, list[float]],
        params: dict[str, Any],
        epoch: list[int] | None = None,
        model: Any = None,
    ) -> None:
        self.history = {name: [float(v) for v in history[name]] for name in metric_order(history)}
        self.params = dict(params)
        lengths = {len(values) for values in self.history.values()}
        n_epochs = max(lengths) if lengths else 0
        self.epoch = list(epoch) if epoch is not None else list(range(n_epochs))
        self.model = model

    @classmethod
    def from_keras(cls, keras_history: Any, **params: Any) -> TrainingHistory:
        """Wraps a ``keras.callbacks.History``, adding settings Keras does not record."""
        merged = {**(getattr(keras_history, "params", None) or {}), **params}
        return cls(
            keras_history.history,
            merged,
            epoch=list(getattr(keras_history, "epoch", []) or []),
            model=getattr(keras_history, "model", None),
        )

    @property
    def metrics(self) -> dict[str, list[float]]:
        """Metric name -> values per epoch (R keras' name for ``history``)."""
        return self.history

    def __repr__(self) -> str:
        samples = self.params.get("samples")
        settings = ", ".join(
            f"{key}={self.params[key]}" for key in ("batch_size", "epochs") if key in self.params
        )
        trained = f"{samples:,} samples" if samples is not None else "data"
        lines = [f"Trained on {trained}" + (f" ({settings})" if settings else "")]
        if self.params.get("validation_samples"):
            lines.append(f"Validated on {self.params['validation_samples']:,} samples")
        if not self.epoch:
            lines.append("No epochs ran.")
            return "\n".join(lines)
        ran = len(self.epoch)
        planned = self.params.get("epochs")
        if planned is not None and self.epoch[-1] + 1 < planned:
            lines.append(f"Stopped after epoch {self.epoch[-1] + 1} of {planned}.")
        lines.append("Final epoch (plot to see history):" if ran > 1 else "Final epoch:")
        width = max((len(name) for name in self.history), default=0)
        for name, values in self.history.items():
            if values:
                lines.append(f"{name:>{width}}: {values[-1]:.4g}")
        return "\n".join(lines)
