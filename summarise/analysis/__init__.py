"""Cross-document analysis on the models: stories, corroboration, conflicts, dates, timeline.

Pure functions, except `refresh`, which reads the store and writes back what it found.
"""
