"""The learner: attempts, scoring, lesson progress, spaced review and every learner page."""
