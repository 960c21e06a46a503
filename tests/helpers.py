"""Plain helpers shared by test modules (conftest.py holds only fixtures and hooks)."""

import os

import pytest


def requires_env(name):
    """Skip (visibly) unless the environment names the service."""
    return pytest.mark.skipif(not os.environ.get(name), reason=f"{name} is not set; this test needs that service")
