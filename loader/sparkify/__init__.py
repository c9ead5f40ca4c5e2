"""Sparkify: JSON song files and JSON-lines event logs, landed raw into jsonb."""
