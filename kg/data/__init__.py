"""Data files: lexicons and patterns (YAML)."""
