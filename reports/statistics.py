"""Item statistics as Moodle computes them, from sums the database returns: pure Python.

Moodle's quiz statistics (``core_question\\statistics\\questions\\calculator``)
take, for each question, the mark ``m`` of every attempt that showed it and the
rest of that attempt ``o`` (the attempt's total mark minus ``m``), then:

* facility index: the mean mark, ``Σm / s`` (our marks are 0..1, so it is the
  share of the mark learners got);
* standard deviation: ``sqrt(Σ(m - m̄)² / (s - 1))``, the sample deviation,
  not computable with fewer than two attempts;
* discrimination index: the correlation of ``m`` with ``o``,
  ``cov(m, o) / sqrt(var(m) · var(o))`` with ``s - 1`` in each, not computable
  when either variance is zero (Moodle leaves it empty then, rather than
  dividing by zero). Moodle shows it times 100; we show the coefficient.

The database returns the six sums below for each question (``s``, ``Σm``,
``Σm²``, ``Σo``, ``Σo²``, ``Σm·o``), so that no mark is ever loaded into Python.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

FACILITY_LOW = 0.20
FACILITY_HIGH = 0.95
DISCRIMINATION_LOW = 0.25
# A sum of squared deviations this small (relative to the squares summed) is
# rounding error: 1/3 added up s times and squared does not cancel exactly.
ZERO_VARIANCE = 1e-9

ONE_ATTEMPT = "one attempt"
NO_ATTEMPTS = "no attempts"
SAME_MARKS = "every mark the same"
SAME_REST = "rest of the attempt the same"


@dataclass(frozen=True)
class ItemSums:
    """What the database sums for one question over the attempts that showed it."""

    attempts: int
    mark: float
    mark_squared: float
    rest: float
    rest_squared: float
    mark_rest: float

    @classmethod
    def from_marks(cls, marks: Sequence[float], totals: Sequence[float]) -> ItemSums:
        """The sums from each attempt's mark on the question and its total mark."""
        rests = [total - mark for mark, total in zip(marks, totals, strict=True)]
        return cls(
            attempts=len(marks),
            mark=sum(marks),
            mark_squared=sum(mark * mark for mark in marks),
            rest=sum(rests),
            rest_squared=sum(rest * rest for rest in rests),
            mark_rest=sum(mark * rest for mark, rest in zip(marks, rests, strict=True)),
        )


@dataclass(frozen=True)
class Flag:
    code: str
    name: str
    label: str


TOO_HARD = Flag(
    "too-hard", "Too hard", f"Facility under {FACILITY_LOW:.0%}: too hard, or the key is wrong"
)
TOO_EASY = Flag(
    "too-easy", "Too easy", f"Facility over {FACILITY_HIGH:.0%}: it tells no learner apart"
)
LOW_DISCRIMINATION = Flag(
    "low-discrimination",
    "Low discrimination",
    f"Discrimination under {DISCRIMINATION_LOW}: strong learners do no better on it",
)
FLAGS = (TOO_HARD, TOO_EASY, LOW_DISCRIMINATION)


@dataclass(frozen=True)
class ItemStatistics:
    """Facility and standard deviation are fractions of the mark (0..1); discrimination
    is a correlation (-1..1). ``None`` means not computable, and the reason says why."""

    attempts: int
    facility: float | None
    sd: float | None
    discrimination: float | None
    sd_reason: str = ""
    discrimination_reason: str = ""

    @property
    def flags(self) -> list[Flag]:
        flags = []
        if self.facility is not None and self.facility < FACILITY_LOW:
            flags.append(TOO_HARD)
        if self.facility is not None and self.facility > FACILITY_HIGH:
            flags.append(TOO_EASY)
        if self.discrimination is not None and self.discrimination < DISCRIMINATION_LOW:
            flags.append(LOW_DISCRIMINATION)
        return flags


def deviation_sum(total: float, squares: float, count: int) -> float:
    """``Σ(x - x̄)²`` from ``Σx`` and ``Σx²``; exactly 0 when only rounding is left."""
    value = squares - total * total / count
    return 0.0 if value <= ZERO_VARIANCE * max(1.0, squares) else value


def item_statistics(sums: ItemSums) -> ItemStatistics:
    s = sums.attempts
    if s == 0:
        return ItemStatistics(0, None, None, None, NO_ATTEMPTS, NO_ATTEMPTS)
    facility = sums.mark / s
    if s == 1:
        return ItemStatistics(1, facility, None, None, ONE_ATTEMPT, ONE_ATTEMPT)
    mark_deviations = deviation_sum(sums.mark, sums.mark_squared, s)
    rest_deviations = deviation_sum(sums.rest, sums.rest_squared, s)
    sd = math.sqrt(mark_deviations / (s - 1))
    if mark_deviations == 0:
        return ItemStatistics(s, facility, sd, None, discrimination_reason=SAME_MARKS)
    if rest_deviations == 0:
        return ItemStatistics(s, facility, sd, None, discrimination_reason=SAME_REST)
    co_deviations = sums.mark_rest - sums.mark * sums.rest / s
    # The (s - 1) of the covariance and of both variances cancel out.
    discrimination = co_deviations / math.sqrt(mark_deviations * rest_deviations)
    return ItemStatistics(s, facility, sd, max(-1.0, min(1.0, discrimination)))


@dataclass(frozen=True)
class ScoreSummary:
    """First-attempt scores of a quiz: how many, their mean and sample deviation (0..1)."""

    attempts: int
    mean: float | None
    sd: float | None


def score_summary(count: int, total: float, squares: float) -> ScoreSummary:
    if count == 0:
        return ScoreSummary(0, None, None)
    sd = math.sqrt(deviation_sum(total, squares, count) / (count - 1)) if count > 1 else None
    return ScoreSummary(count, total / count, sd)


def percent(fraction: float | None) -> str:
    """A fraction as a percentage with at most one decimal (``0.8333`` → ``83.3``), or ``""``."""
    if fraction is None:
        return ""
    text = f"{fraction * 100:.1f}"
    return text.removesuffix(".0") if text != "-0.0" else "0"


def coefficient(value: float | None) -> str:
    """A correlation with two decimals (``0.4167`` → ``0.42``), or ``""``."""
    if value is None:
        return ""
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text


BANDS = 10


def score_band(fraction: float) -> int:
    """The decile a score falls in, 0..9; a full score is in the top band."""
    return min(BANDS - 1, max(0, math.floor(fraction * BANDS + 1e-9)))


def band_label(band: int) -> str:
    """``3`` → ``30–39%``; the top band holds full scores too: ``90–100%``."""
    low, high = band * 100 // BANDS, (band + 1) * 100 // BANDS
    return f"{low}–{high}%" if band == BANDS - 1 else f"{low}–{high - 1}%"


def band_tick(band: int) -> str:
    return str(band * 100 // BANDS)


@dataclass(frozen=True)
class Bar:
    label: str  # in full, for the text alternative: "10–19%"
    tick: str  # under the bar: "10"
    count: int
    x: float
    y: float
    width: float
    height: float

    @property
    def center(self) -> float:
        return round(self.x + self.width / 2, 2)

    @property
    def count_y(self) -> float:
        """Where the count is written, just above the bar."""
        return round(self.y - 4, 2)


@dataclass(frozen=True)
class BarChart:
    """A histogram laid out for an SVG of ``width`` × ``height`` (bars above a baseline)."""

    bars: list[Bar]
    width: int
    height: int
    baseline: float
    peak: int

    @property
    def total(self) -> int:
        return sum(bar.count for bar in self.bars)

    @property
    def tick_y(self) -> int:
        """Where the ticks are written, under the baseline."""
        return self.height - 4


def bar_chart(
    counts: Iterable[tuple[str, str, int]], *, width: int = 480, height: int = 160, gap: int = 4
) -> BarChart:
    """Lay ``(label, tick, count)`` out as bars, the tallest filling the plot height."""
    counts = list(counts)
    peak = max((count for _, _, count in counts), default=0)
    label_room, top_room = 20, 16
    plot = height - label_room - top_room
    step = width / max(1, len(counts))
    bars = []
    for index, (label, tick, count) in enumerate(counts):
        bar_height = plot * count / peak if peak else 0.0
        bars.append(
            Bar(
                label=label,
                tick=tick,
                count=count,
                x=round(index * step + gap / 2, 2),
                y=round(top_room + plot - bar_height, 2),
                width=round(step - gap, 2),
                height=round(bar_height, 2),
            )
        )
    return BarChart(bars, width, height, float(top_room + plot), peak)
