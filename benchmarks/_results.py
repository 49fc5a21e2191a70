"""What a benchmark returns, and how it shows in the report's table and samples section.

A :class:`Result` is a benchmark of two timed sides (kernelkeras and its baseline), with
optional :class:`Variant` rows (other kernelkeras calls, timed in the same rotation but not
judged), :class:`Check` goals on other numbers and info rows; a :class:`Measurement` is a
benchmark of sizes rather than times, given as its table :class:`Row` objects. Both give
``_report`` their table rows (``table_rows()``) and their samples-section lines
(``sample_lines()``).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from _runner import Sample


class Variant(NamedTuple):
    """A variant of the kernelkeras side, timed in the same rotation but without a goal.

    Attributes:
        name: its row label.
        samples: its timed runs, in the order they ran.
    """

    name: str
    samples: list[Sample]

    @property
    def median(self) -> float:
        """Median wall seconds."""
        return statistics.median(s.wall for s in self.samples)


class Row(NamedTuple):
    """One row of the results table, its cells as shown.

    Attributes:
        name: the row label.
        ours: the kernelkeras column.
        baseline: the baseline column.
        ratio: the ratio column.
        goal: the goal column.
        met: whether the goal is met; None for a row without a goal.
    """

    name: str
    ours: str
    baseline: str
    ratio: str
    goal: str
    met: bool | None

    def markdown(self) -> str:
        """The row as a line of the Markdown table."""
        met = "-" if self.met is None else "yes" if self.met else "**no**"
        return (
            f"| {self.name} | {self.ours} | {self.baseline} | {self.ratio} | {self.goal} | {met} |"
        )


@dataclass(frozen=True)
class Check:
    """A goal on a number other than the timed medians (a rate, say); shown as a ↳ row.

    Attributes:
        name: its row label (without the arrow).
        short: what it is called in the goal column of its benchmark's row.
        value: the measured value.
        limit: the goal's bound.
        unit: the unit, shown after the value and the bound.
        at_least: the goal is ``value >= limit`` (else ``value <= limit``).
    """

    name: str
    short: str
    value: float
    limit: float
    unit: str
    at_least: bool = False

    @property
    def met(self) -> bool:
        """Whether the value is within the bound."""
        return self.value >= self.limit if self.at_least else self.value <= self.limit

    @property
    def goal(self) -> str:
        """The bound, as shown in the table."""
        return f"{'≥' if self.at_least else '≤'} {self.limit:g} {self.unit}"


@dataclass(frozen=True)
class Measurement:
    """A benchmark of sizes rather than two timed sides: its table rows as they are shown.

    Attributes:
        name: the benchmark's name (for the method and sample sections).
        rows: its rows in the table, the judged one first.
        how: how it was measured, one paragraph of Markdown.
        details: lines for the samples section (the raw numbers).
    """

    name: str
    rows: tuple[Row, ...]
    how: str
    details: tuple[str, ...]

    def table_rows(self) -> list[Row]:
        """Its rows in the results table."""
        return list(self.rows)

    def sample_lines(self) -> list[str]:
        """Its part of the samples section."""
        return [f"- {self.name}", *(f"  - {line}" for line in self.details)]


@dataclass(frozen=True)
class Result:
    """One benchmark: the timed samples of both sides, in the order they ran.

    Attributes:
        name: the benchmark's row label.
        ours: the kernelkeras runs.
        baseline: the baseline runs (plain Keras, NumPy or pandas).
        goal_ratio: if set, the largest acceptable ratio of the medians.
        goal_seconds: if set, the largest acceptable kernelkeras median, in seconds. At
            least one of the two goals is set; with both, both must be met.
        how: how it was measured, one paragraph of Markdown.
        variants: other kernelkeras calls timed in the same rotation, shown (with their
            ratio to the same baseline) but not judged.
        checks: further goals (not on the times), each shown as a ↳ row; the benchmark
            meets its goal only if they are met too.
        info: more ↳ rows, after the checks, with other numbers and no goal.
        notes: more lines for the samples section.
    """

    name: str
    ours: list[Sample]
    baseline: list[Sample]
    goal_ratio: float | None
    goal_seconds: float | None
    how: str
    variants: tuple[Variant, ...] = ()
    checks: tuple[Check, ...] = ()
    info: tuple[Row, ...] = ()
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.goal_ratio is None and self.goal_seconds is None:
            raise ValueError(f"{self.name}: needs a goal_ratio, a goal_seconds, or both")

    @property
    def ours_median(self) -> float:
        """Median wall seconds of the kernelkeras side."""
        return statistics.median(s.wall for s in self.ours)

    @property
    def baseline_median(self) -> float:
        """Median wall seconds of the baseline side."""
        return statistics.median(s.wall for s in self.baseline)

    @property
    def ratio(self) -> float:
        """kernelkeras median ÷ baseline median, wall time."""
        return self.ours_median / self.baseline_median

    @property
    def cpu_ratio(self) -> float:
        """kernelkeras median ÷ baseline median, CPU time."""
        ours = statistics.median(s.cpu for s in self.ours)
        return ours / statistics.median(s.cpu for s in self.baseline)

    @property
    def pair_ratios(self) -> list[float]:
        """kernelkeras ÷ baseline wall time for each alternating pair, in order."""
        return [a.wall / b.wall for a, b in zip(self.ours, self.baseline, strict=True)]

    @property
    def goal(self) -> str:
        """The goal as shown in the table: a ratio, an absolute median time, or both."""
        parts = []
        if self.goal_ratio is not None:
            parts.append(f"ratio ≤ {self.goal_ratio:.2f}")
        if self.goal_seconds is not None:
            parts.append(f"kernelkeras ≤ {_goal_time(self.goal_seconds)}")
        parts += [f"{c.short} {c.goal}" for c in self.checks]
        return " and ".join(parts)

    @property
    def met(self) -> bool:
        """Whether the ratio and the kernelkeras median are within their goals (those set)."""
        within = True
        if self.goal_ratio is not None:
            within = self.ratio <= self.goal_ratio
        if self.goal_seconds is not None:
            within = within and self.ours_median <= self.goal_seconds
        return within and all(c.met for c in self.checks)

    def table_rows(self) -> list[Row]:
        """Its rows in the results table: the benchmark, its variants, checks and info."""
        rows = [
            Row(
                self.name,
                _seconds(self.ours_median),
                _seconds(self.baseline_median),
                f"{self.ratio:.3f}",
                self.goal,
                self.met,
            )
        ]
        rows += [
            Row(
                v.name,
                _seconds(v.median),
                _seconds(self.baseline_median),
                f"{v.median / self.baseline_median:.3f}",
                "(none)",
                None,
            )
            for v in self.variants
        ]
        rows += [
            Row(f"↳ {c.name}", f"{c.value:.2f} {c.unit}", "-", "-", c.goal, c.met)
            for c in self.checks
        ]
        return rows + list(self.info)

    def sample_lines(self) -> list[str]:
        """Its part of the samples section: every sample, per-pair ratios, CPU times."""
        lines = [
            f"- {self.name}",
            f"  - kernelkeras: {_samples(self.ours)}",
            f"  - baseline: {_samples(self.baseline)}",
            f"  - ratio per pair: {', '.join(f'{q:.3f}' for q in self.pair_ratios)} "
            f"(median {statistics.median(self.pair_ratios):.3f})",
            f"  - CPU seconds, kernelkeras: {_cpu_samples(self.ours)}",
            f"  - CPU seconds, baseline: {_cpu_samples(self.baseline)}",
            f"  - CPU-time ratio of the medians: {self.cpu_ratio:.3f}",
        ]
        for v in self.variants:
            lines += [
                f"  - {v.name}: {_samples(v.samples)}",
                f"  - {v.name}, CPU seconds: {_cpu_samples(v.samples)}",
            ]
        return lines + [f"  - {note}" for note in self.notes]


def format_bytes(value: float) -> str:
    """A byte count as the table shows it, e.g. ``12,345 B``.

    Args:
        value: bytes.

    Returns:
        The text.
    """
    return f"{value:,.0f} B"


def _seconds(value: float) -> str:
    return f"{value:.3f} s" if value >= 1 else f"{value * 1000:.1f} ms"


def _goal_time(value: float) -> str:
    return f"{value:g} s" if value >= 1 else f"{value * 1000:g} ms"


def _sample_seconds(value: float) -> str:
    # Millisecond samples (the history frames) keep three significant digits.
    return f"{value:.4f}" if value >= 0.01 else f"{value:.6f}"


def _samples(values: Sequence[Sample]) -> str:
    return ", ".join(_sample_seconds(v.wall) for v in values)


def _cpu_samples(values: Sequence[Sample]) -> str:
    return ", ".join(_sample_seconds(v.cpu) for v in values)
