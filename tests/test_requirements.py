"""Tests that need PostgreSQL or Chromium skip on a laptop and fail in CI."""

import pytest

from . import conftest


def test_a_missing_server_or_browser_skips_the_test_on_a_developers_machine(monkeypatch):
    monkeypatch.setattr(conftest, "IN_CI", False)
    with pytest.raises(pytest.skip.Exception, match="chromium is not installed"):
        conftest.require("chromium is not installed")


def test_a_missing_server_or_browser_fails_the_test_in_ci(monkeypatch):
    monkeypatch.setattr(conftest, "IN_CI", True)
    with pytest.raises(pytest.fail.Exception, match="required in CI: no PostgreSQL"):
        conftest.require("no PostgreSQL")
