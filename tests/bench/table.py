"""The benchmark's one table: a figure, its baseline of the same run, the ratio, the target."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    section: str
    figure: str
    value: float
    baseline_label: str
    baseline: float
    unit: str = "ms"
    # The target as a ratio to the baseline, and which side of it is good.
    at_most: float | None = None
    at_least: float | None = None
    exactly: float | None = None

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else math.inf

    @property
    def verdict(self) -> str:
        if self.exactly is not None:
            return "ok" if math.isclose(self.ratio, self.exactly) else "MISSED"
        if self.at_most is not None:
            return "ok" if self.ratio <= self.at_most else "MISSED"
        if self.at_least is not None:
            return "ok" if self.ratio >= self.at_least else "MISSED"
        return ""

    @property
    def target(self) -> str:
        if self.exactly is not None:
            return f"= {self.exactly:g}x"
        if self.at_most is not None:
            return f"<= {self.at_most:g}x"
        if self.at_least is not None:
            return f">= {self.at_least:g}x"
        return ""


def number(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    if unit == "":
        return f"{value:g}"
    return f"{value:.1f} {unit}"


def render(rows: list[Row]) -> str:
    """A Markdown table, the form the README shows."""
    lines = [
        "| Area | Figure | Value | Baseline (same run) | Ratio | Target |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        target = f"{row.target} {row.verdict}".strip()
        lines.append(
            f"| {row.section} | {row.figure} | {number(row.value, row.unit)} | "
            f"{row.baseline_label}: {number(row.baseline, row.unit)} | "
            f"{row.ratio:.2f}x | {target} |"
        )
    return "\n".join(lines)


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(0.95 * len(ordered)) - 1))]
