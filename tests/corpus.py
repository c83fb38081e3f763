"""Where the shared corpus of real documents is (``../shared/corpus`` beside the repository).

A missing corpus fails the tests that need it: it is part of what they check,
so they must not pass by skipping.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CANDIDATES = (ROOT.parent / "shared" / "corpus", Path("/work/shared/corpus"))


def corpus_dir() -> Path:
    for candidate in CANDIDATES:
        if (candidate / "SOURCES.md").is_file():
            return candidate
    searched = ", ".join(str(candidate) for candidate in CANDIDATES)
    raise FileNotFoundError(f"the shared corpus is missing; looked in {searched}")
