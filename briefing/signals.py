"""What the content app announces; the apps above it connect in their ``AppConfig.ready``.

``briefing`` imports nothing from ``quizzes`` or ``learning``: when content
changes or a learner opens a lesson, it sends a signal and lets them act.
"""

from django.dispatch import Signal

content_edited = Signal()
"""Sent by the content admin once per save or delete that changes a briefing's content,
inside the request's transaction, with ``briefing`` and ``request``. ``quizzes``
regenerates the questions. (Imports regenerate through ``quizzes.publishing``.)"""

lesson_viewed = Signal()
"""Sent by the lesson page with ``request`` and ``lesson``, as ``user_logged_in`` is sent
on sign-in. ``learning`` records that a signed-in learner opened the lesson."""
