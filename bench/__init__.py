"""Performance benchmarks for Briefing Trainer: ``python -m bench`` (or ``make bench``).

Every target is timed against a baseline measured in the same run on the same
machine and must stay within a budget expressed as a ratio to that baseline.
"""
