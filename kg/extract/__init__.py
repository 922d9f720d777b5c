"""The extraction stages, in order: structure (items), mentions, frames, scopes, assembly, deadlines.

``kg.pipeline`` calls them; each stage is a pure function of text and the stage before.
"""
