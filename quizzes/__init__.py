"""Questions: quizzes and questions, their generation, linting, sync and exchange formats."""
