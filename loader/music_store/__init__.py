"""The music store: one Chinook-style CSV per table, landed into typed raw tables."""
