"""Benchmark results: the ratio to the baseline, the budget check, the table and JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from bench.timing import Measurement

COLUMNS = ("benchmark", "baseline", "measured (median / p95)", "rate", "ratio", "budget", "status")


@dataclass(frozen=True)
class Result:
    """One target against its baseline; over budget when the ratio or the queries exceed it,
    or (with ``time_limit``, in seconds) when its median takes longer."""

    name: str
    baseline: Measurement
    measured: Measurement
    budget: float
    rate: str = ""
    queries: int | None = None
    query_budget: int | None = None
    time_limit: float | None = None

    @property
    def ratio(self) -> float:
        return self.measured.median / self.baseline.median

    @property
    def over_budget(self) -> bool:
        too_many_queries = self.queries is not None and self.queries > self.query_budget
        too_slow = self.time_limit is not None and self.measured.median > self.time_limit
        return self.ratio > self.budget or too_many_queries or too_slow

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "unit": self.measured.unit,
            "baseline": {"median": self.baseline.median, "p95": self.baseline.p95},
            "measured": {"median": self.measured.median, "p95": self.measured.p95},
            "rate": self.rate,
            "ratio": self.ratio,
            "budget": self.budget,
            "queries": self.queries,
            "query_budget": self.query_budget,
            "time_limit": self.time_limit,
            "ok": not self.over_budget,
        }


def format_amount(value: float, unit: str) -> str:
    """Seconds as µs, ms or s; bytes as KB or MB."""
    if unit == "B":
        return f"{value / 1e6:.2f} MB" if value >= 1e6 else f"{value / 1e3:.1f} KB"
    if value < 1e-3:
        return f"{value * 1e6:.1f} µs"
    if value < 1:
        return f"{value * 1e3:.2f} ms"
    return f"{value:.2f} s"


def format_ratio(ratio: float) -> str:
    return f"{ratio:.0f}×" if ratio >= 10 else f"{ratio:.2f}×"


def table_row(result: Result) -> tuple[str, ...]:
    measured = result.measured
    budget = format_ratio(result.budget)
    if result.query_budget is not None:
        budget += f", ≤{result.query_budget} q"
    if result.time_limit is not None:
        budget += f", ≤{format_amount(result.time_limit, 's')}"
    return (
        result.name,
        format_amount(result.baseline.median, result.baseline.unit),
        f"{format_amount(measured.median, measured.unit)} / "
        f"{format_amount(measured.p95, measured.unit)}",
        result.rate,
        format_ratio(result.ratio),
        budget,
        "OVER" if result.over_budget else "OK",
    )


def render_table(results: list[Result]) -> str:
    rows = [COLUMNS, *(table_row(result) for result in results)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(COLUMNS))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def write_json(results: list[Result], path: Path, *, quick: bool) -> None:
    payload = {"quick": quick, "results": [result.as_dict() for result in results]}
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
