"""``data >> fn(...)``: R's ``x %>% pad_sequences(maxlen = 80)`` for the data functions.

A data function called without its first argument returns a :class:`Pending` call, which
runs when data (or a tokenizer) comes from the left of ``>>``. The arguments were checked
already, so a mistake shows at the call, not at the pipe. ``Pending`` sets
``__array_ufunc__ = None``, so a numpy array on the left hands over to it instead of
shifting its numbers.

Example:

>>> x_train = [[1, 2, 3], [4, 5]] >> pad_sequences(maxlen=4)
>>> x_train.shape
(2, 4)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Pending:
    """A data function with its arguments, waiting for its first argument on the left of ``>>``.

    Args:
        fn: the function; called as ``fn(left, *args, **kwargs)``.
        args: the arguments after the first.
        kwargs: the keyword arguments.
        wants: what goes on the left, for messages (``"sequences"``, ``"a text_tokenizer()"``).
    """

    #: numpy: ``array >> pending`` calls ``pending.__rrshift__(array)``, not ``np.right_shift``.
    __array_ufunc__ = None
    #: ``model >> pending`` hands the model to the function, which says what it needs.
    is_step = True

    def __init__(
        self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], wants: str
    ):
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.wants = wants

    def __call__(self, left: Any) -> Any:
        return self.fn(left, *self.args, **self.kwargs)

    def __rrshift__(self, left: Any) -> Any:
        return self(left)

    def __repr__(self) -> str:
        name = getattr(self.fn, "__name__", "function")
        given = [type(a).__name__ for a in self.args] + [f"{k}=…" for k in self.kwargs]
        return (
            f"<kernelkeras: {name}({', '.join(given)}) waits for {self.wants} on the left of "
            f">>: `x >> {name}(...)`, or call {name}(x, ...)>"
        )
