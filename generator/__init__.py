"""microlearn: YAML lessons, scenario quizzes and checklists → a static mkdocs-material site."""

__version__ = "0.1.0"
