"""Benchmarks of the pure pipeline: ingest, quiz generation and their peak memory."""

from __future__ import annotations

import copy
import tracemalloc

from bench.documents import (
    SEED_PATH,
    large_bytes,
    seed_bytes,
    seed_document,
    synthetic_document,
)
from bench.results import Result
from bench.timing import Measurement, measure_against
from briefing.ingest import ingest
from briefing.ingest.document import Document
from quizzes.generate import generate

# Budgets: 3× the ratio measured when they were written (Python 3.11, 2 cores), rounded.
# Ingest against bytes.decode + str.splitlines: ~330× on the seed, ~150× at 1 MB
# (splitlines is relatively faster on the seed, which fits in the CPU caches).
INGEST_SEED_BUDGET = 1000
INGEST_LARGE_BUDGET = 450
# Generation against copy.deepcopy of the same Document: ~32× on the seed, ~37× at 30 lessons
# (since facts are normalised once and cloze sentences probed before the regex).
GENERATE_SEED_BUDGET = 100
GENERATE_SYNTHETIC_BUDGET = 110
# Peak traced memory of ingest + generate against the input size: ~20× at 1 MB.
MEMORY_BUDGET = 60
SYNTHETIC_LESSONS = 30
# One ingest of the large document takes about a third of a second: fewer samples.
LARGE_REPEATS_DIVISOR = 3


def ingest_benchmark(name: str, raw: bytes, budget: float, repeats: int) -> Result:
    """``ingest`` (bytes → Document) against the cheapest pass over the same bytes."""
    baseline, measured = measure_against(
        lambda: raw.decode().splitlines(), lambda: ingest(raw, filename=SEED_PATH.name), repeats
    )
    rate = f"{len(raw) / measured.median / 1e6:.2f} MB/s"
    return Result(name, baseline, measured, budget, rate)


def generate_benchmark(name: str, document: Document, budget: float, repeats: int) -> Result:
    """``generate`` (Document → questions) against a deep copy of the same Document."""
    baseline, measured = measure_against(
        lambda: copy.deepcopy(document), lambda: generate(document), repeats
    )
    questions = len(generate(document).questions)
    rate = f"{questions / measured.median:.0f} questions/s ({questions})"
    return Result(name, baseline, measured, budget, rate)


def peak_memory(raw: bytes) -> int:
    """Peak bytes allocated (tracemalloc) while ingesting ``raw`` and generating its quiz."""
    tracemalloc.start()
    try:
        generate(ingest(raw, filename=SEED_PATH.name).document)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def memory_benchmark(name: str, raw: bytes, budget: float) -> Result:
    """Peak memory of one ingest + generate against the size of its input."""
    size = Measurement(len(raw), len(raw), "B")
    peak = peak_memory(raw)
    return Result(name, size, Measurement(peak, peak, "B"), budget)


def run(repeats: int) -> list[Result]:
    large = large_bytes()
    large_label = f"{len(large) / 1e6:.1f} MB"
    return [
        ingest_benchmark("ingest seed", seed_bytes(), INGEST_SEED_BUDGET, repeats),
        ingest_benchmark(
            f"ingest {large_label}",
            large,
            INGEST_LARGE_BUDGET,
            max(3, repeats // LARGE_REPEATS_DIVISOR),
        ),
        generate_benchmark("generate seed", seed_document(), GENERATE_SEED_BUDGET, repeats),
        generate_benchmark(
            f"generate {SYNTHETIC_LESSONS} lessons",
            synthetic_document(SYNTHETIC_LESSONS),
            GENERATE_SYNTHETIC_BUDGET,
            repeats,
        ),
        memory_benchmark(f"peak memory ingest+generate {large_label}", large, MEMORY_BUDGET),
    ]
