"""Small hand-written builders for test data (no fixtures files for tests)."""

from __future__ import annotations

from pathlib import Path

from briefing.importing import import_briefing
from briefing.models import Briefing

ROOT = Path(__file__).resolve().parent.parent
SEED_PATH = ROOT / "fixtures" / "000_37c95f02dd4935a7.txt"
SEED_SLUG = "us-iraq-security-partnership"
SEED_TITLE = "From Operation Inherent Resolve to a U.S.-Iraq Bilateral Security Partnership"

SMALL_DOCUMENT = """\
Alliance Basics
The alliance rests on three pillars,and each has a lead agency.The pillars are listed below:
- Deterrence: Keeping adversaries from acting through credible defence.
- Resilience: Recovering quickly from shocks to infrastructure.
Pillar | Lead Agency |
---|---|
Deterrence | Ministry of Defence |
Resilience | Civil Protection Office |
Łódź Office
The château in São Paulo hosts a naïve exhibit at 3,5 M€ — open at 20 °C.
"""


def make_source(**kwargs: str) -> str:
    """A small plain-text briefing; override ``text`` to replace it entirely."""
    kwargs.setdefault("text", SMALL_DOCUMENT)
    return kwargs["text"]


def import_text(text: str, **kwargs) -> Briefing:
    kwargs.setdefault("filename", "small.txt")
    kwargs.setdefault("slug", "small")
    return import_briefing(source=text.encode(), **kwargs).briefing


def import_seed() -> Briefing:
    return import_briefing(
        source=SEED_PATH.read_bytes(),
        filename=SEED_PATH.name,
        slug=SEED_SLUG,
        title=SEED_TITLE,
    ).briefing
