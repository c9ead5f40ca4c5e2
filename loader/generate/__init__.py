"""Deterministic synthetic data generators for both halves of the warehouse."""
