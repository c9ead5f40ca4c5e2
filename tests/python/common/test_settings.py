"""Connection settings (loader/common/settings.py) come from the environment and keep
the password out of sight."""

from __future__ import annotations

from loader.common.settings import settings_from_env


def test_connection_settings_never_show_the_password():
    settings = settings_from_env(environ={"PGHOST": "db.example", "PGPASSWORD": "s3cret"})
    assert "s3cret" not in repr(settings) and "s3cret" not in settings.display_url()
    assert settings.connect_kwargs()["password"] == "s3cret"
