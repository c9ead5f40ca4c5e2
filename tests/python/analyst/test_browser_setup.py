"""The browser checks need root only to install Chromium: without root (or apt), and
without Chromium, they skip and say how to enable them."""

from __future__ import annotations

import pytest

from tests.python.analyst import browser


@pytest.mark.parametrize("euid, apt", [(1000, "/usr/bin/apt-get"), (0, None)])
def test_without_chromium_and_a_way_to_install_it_the_checks_skip(monkeypatch, euid, apt):
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setattr(browser.os, "geteuid", lambda: euid)
    monkeypatch.setattr(browser.shutil, "which", lambda name: apt if name == "apt-get" else None)
    monkeypatch.setattr(browser.subprocess, "run", _no_install)
    with pytest.raises(pytest.skip.Exception, match="install Chromium .* or set CHROMIUM"):
        browser.ensure_chromium()


def test_chromium_named_by_the_environment_is_used(monkeypatch, tmp_path):
    fake = tmp_path / "my-chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("CHROMIUM", str(fake))
    assert browser.ensure_chromium() == str(fake)


def _no_install(*args, **kwargs):
    raise AssertionError(f"tried to install: {args}")
