"""Item statistics as Moodle computes them, checked against values worked out by hand.

The fixture: five learners' first attempts at three questions (marks 0..1, an
unanswered question counts 0). Each attempt's total is the sum of its marks,
and the rest of an attempt is that total minus the question's own mark.

    learner  A    B    C     total
    1        1    1    1     3
    2        1    0    0.5   1.5
    3        0    1    0.5   1.5
    4        0    0    0     0
    5        1    0    1     2

A: marks 1 1 0 0 1, rest 2 0.5 1.5 0 1. Σ(m-m̄)² = 3 - 9/5 = 1.2, Σ(o-ō)² = 7.5 - 25/5
= 2.5, Σ(m-m̄)(o-ō) = 3.5 - 3·5/5 = 0.5: facility 0.6, sd √(1.2/4) = 0.5477,
discrimination 0.5/√(1.2·2.5) = 0.2887.
B: marks 1 0 1 0 0, rest 2 1.5 0.5 0 2. 1.2, 10.5 - 36/5 = 3.3, 2.5 - 2·6/5 = 0.1:
facility 0.4, sd 0.5477, discrimination 0.1/√3.96 = 0.0503.
C: marks 1 .5 .5 0 1, rest 2 1 1 0 1. 2.5 - 9/5 = 0.7, 7 - 25/5 = 2, 4 - 3·5/5 = 1:
facility 0.6, sd √(0.7/4) = 0.4183, discrimination 1/√1.4 = 0.8452.
"""

import pytest

from reports.statistics import (
    LOW_DISCRIMINATION,
    NO_ATTEMPTS,
    ONE_ATTEMPT,
    SAME_MARKS,
    SAME_REST,
    TOO_EASY,
    TOO_HARD,
    ItemStatistics,
    ItemSums,
    band_label,
    bar_chart,
    coefficient,
    item_statistics,
    percent,
    score_band,
    score_summary,
)

TOTALS = [3, 1.5, 1.5, 0, 2]
MARKS = {"A": [1, 1, 0, 0, 1], "B": [1, 0, 1, 0, 0], "C": [1, 0.5, 0.5, 0, 1]}
HAND_COMPUTED = {
    # question: (facility, sd, discrimination)
    "A": (0.6, 0.547723, 0.288675),
    "B": (0.4, 0.547723, 0.050252),
    "C": (0.6, 0.418330, 0.845154),
}


@pytest.mark.parametrize("question", sorted(HAND_COMPUTED))
def test_item_statistics_agree_with_hand_computed_values(question):
    statistics = item_statistics(ItemSums.from_marks(MARKS[question], TOTALS))

    facility, sd, discrimination = HAND_COMPUTED[question]
    assert statistics.attempts == 5
    assert statistics.facility == pytest.approx(facility, abs=5e-4)
    assert statistics.sd == pytest.approx(sd, abs=5e-4)
    assert statistics.discrimination == pytest.approx(discrimination, abs=5e-4)


def test_discrimination_is_the_correlation_with_the_rest_of_the_attempt():
    """Not with the total, which holds the question's own mark (Moodle's slot statistics)."""
    marks, totals = MARKS["B"], TOTALS
    with_total = item_statistics(
        ItemSums.from_marks(marks, [t + m for t, m in zip(totals, marks, strict=True)])
    )
    assert item_statistics(ItemSums.from_marks(marks, totals)).discrimination != pytest.approx(
        with_total.discrimination
    )


def test_one_attempt_has_a_facility_and_nothing_else():
    statistics = item_statistics(ItemSums.from_marks([1], [2]))

    assert statistics == ItemStatistics(1, 1.0, None, None, ONE_ATTEMPT, ONE_ATTEMPT)


def test_no_attempt_has_no_statistics():
    statistics = item_statistics(ItemSums(0, 0, 0, 0, 0, 0))

    assert statistics == ItemStatistics(0, None, None, None, NO_ATTEMPTS, NO_ATTEMPTS)
    assert statistics.flags == []


def test_all_correct_has_zero_deviation_and_no_discrimination():
    """Every mark 1: the variance is 0, so the correlation would divide by zero."""
    statistics = item_statistics(ItemSums.from_marks([1, 1, 1, 1, 1], [4, 2.5, 2.5, 1, 3]))

    assert statistics.facility == 1.0
    assert statistics.sd == 0.0
    assert statistics.discrimination is None
    assert statistics.discrimination_reason == SAME_MARKS
    assert statistics.flags == [TOO_EASY]


def test_marks_equal_up_to_rounding_count_as_zero_variance():
    """A third added up and squared does not cancel exactly in floating point."""
    statistics = item_statistics(ItemSums.from_marks([1 / 3] * 7, [1, 2, 1, 2, 1, 2, 1]))

    assert statistics.sd == 0.0
    assert statistics.discrimination_reason == SAME_MARKS


def test_a_constant_rest_of_the_attempt_has_no_discrimination():
    statistics = item_statistics(ItemSums.from_marks([1, 0, 1], [1, 0, 1]))

    assert statistics.facility == pytest.approx(2 / 3)
    assert statistics.sd == pytest.approx(0.57735, abs=5e-6)
    assert statistics.discrimination is None
    assert statistics.discrimination_reason == SAME_REST


@pytest.mark.parametrize(
    ("marks", "totals", "flags"),
    [
        ([0, 0, 0, 1, 0, 0], [1, 2, 0, 3, 1, 2], [TOO_HARD]),  # facility 16.7%
        ([0, 1, 0, 1, 0], [1, 2, 0, 3, 1], []),  # facility 40%, discrimination 0.65
        (MARKS["B"], TOTALS, [LOW_DISCRIMINATION]),
    ],
)
def test_flags(marks, totals, flags):
    assert item_statistics(ItemSums.from_marks(marks, totals)).flags == flags


def test_flag_thresholds_are_strict():
    """Facility exactly 20% or 95% and discrimination exactly 0.25 are not flagged."""
    assert ItemStatistics(5, 0.2, 0.4, 0.25).flags == []
    assert ItemStatistics(5, 0.95, 0.2, 0.3).flags == []
    assert ItemStatistics(5, 0.1999, 0.4, 0.2499).flags == [TOO_HARD, LOW_DISCRIMINATION]


def test_score_summary():
    summary = score_summary(4, 2.0, 1.5)  # scores 1, 0.5, 0.5, 0

    assert summary.attempts == 4
    assert summary.mean == 0.5
    assert summary.sd == pytest.approx(0.408248, abs=5e-6)
    assert score_summary(1, 0.7, 0.49).sd is None
    assert score_summary(0, 0, 0).mean is None


@pytest.mark.parametrize(
    ("fraction", "text"),
    [(0.8333333, "83.3"), (0.6, "60"), (1.0, "100"), (0.0, "0"), (-0.00001, "0"), (None, "")],
)
def test_percent_has_at_most_one_decimal(fraction, text):
    assert percent(fraction) == text


def test_coefficient_has_two_decimals():
    assert coefficient(0.288675) == "0.29"
    assert coefficient(-0.001) == "0.00"
    assert coefficient(None) == ""


@pytest.mark.parametrize(
    ("score", "band"), [(0, 0), (0.09, 0), (0.1, 1), (0.3, 3), (0.7, 7), (0.99, 9), (1, 9)]
)
def test_score_band(score, band):
    assert score_band(score) == band


def test_band_labels():
    assert band_label(0) == "0–9%"
    assert band_label(9) == "90–100%"


def test_bar_chart_scales_the_tallest_bar_to_the_plot():
    chart = bar_chart([("a", "0", 2), ("b", "1", 4), ("c", "2", 0)], width=300, height=120)

    tallest = chart.bars[1]
    assert tallest.y + tallest.height == chart.baseline
    assert tallest.y == 16
    assert chart.bars[0].height == pytest.approx(tallest.height / 2)
    assert chart.bars[2].height == 0
    assert [bar.x for bar in chart.bars] == [2, 102, 202]
    assert chart.total == 6


def test_an_empty_chart_has_flat_bars():
    chart = bar_chart([("a", "0", 0), ("b", "1", 0)])

    assert all(bar.height == 0 for bar in chart.bars)
