"""Sparkify and music-store warehouse loader: lands raw files in PostgreSQL with COPY."""

__version__ = "0.1.0"
