"""The browser checks use a Chromium they find and never install one: without it they
skip, saying why and how to enable them, even as root with apt-get at hand."""

from __future__ import annotations

import pytest

from tests.python import browser


def test_without_chromium_the_checks_skip_and_install_nothing(monkeypatch):
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setattr(browser.os, "geteuid", lambda: 0)
    monkeypatch.setattr(
        browser.shutil, "which", lambda name: "/usr/bin/apt-get" if name == "apt-get" else None
    )
    monkeypatch.setattr(browser.subprocess, "run", _no_install)
    with pytest.raises(pytest.skip.Exception, match="make install-browser or set CHROMIUM"):
        browser.ensure_chromium()


def test_chromium_named_by_the_environment_is_used(monkeypatch, tmp_path):
    fake = tmp_path / "my-chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("CHROMIUM", str(fake))
    assert browser.ensure_chromium() == str(fake)


def _no_install(*args, **kwargs):
    raise AssertionError(f"tried to install: {args}")
