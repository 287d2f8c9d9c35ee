"""Fixtures and helpers for the tests (the map is in tests/conftest.py)."""
