"""Fixtures for evidence tests live in fixtures.py (shared with tests/records and tests/cli)."""

from tests.evidence.fixtures import recorded, segment_files  # noqa: F401
