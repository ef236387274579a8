"""Settings from `JUBILEE_*` variables: a bad value stops start-up and says which variable is wrong."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from server import cli, settings
from server.settings import SECRETS_FILE, SettingsError, load_settings
from tests.conftest import b64key

SECRET_NAMES = ("JUBILEE_SECRET_KEY", "JUBILEE_ENCRYPTION_KEYS", "JUBILEE_LOOKUP_KEY")


def valid_env(tmp_path: Path) -> dict[str, str]:
    return {
        "JUBILEE_DATA_DIR": str(tmp_path),
        "JUBILEE_SECRET_KEY": "k" * 40,
        "JUBILEE_ENCRYPTION_KEYS": f"new:{b64key()},old:{b64key()}",
        "JUBILEE_LOOKUP_KEY": b64key(),
    }


pytestmark = pytest.mark.usefixtures("keep_logging")


def test_a_complete_configuration_is_read(tmp_path: Path) -> None:
    env = valid_env(tmp_path) | {"JUBILEE_SUPPRESSION_K": "7", "JUBILEE_DEFAULT_LANGUAGE": "es", "JUBILEE_PDF_WORKERS": "3",
                                 "JUBILEE_TIMEZONE": "America/Chicago", "JUBILEE_BASE_URL": "https://jubilee.example/"}

    loaded = load_settings(env)

    assert loaded.current_key_id == "new"
    assert set(loaded.encryption_keys) == {"new", "old"}
    assert (loaded.suppression_k, loaded.default_language, loaded.timezone) == (7, "es", "America/Chicago")
    assert loaded.base_url == "https://jubilee.example"
    assert loaded.pdf_workers == 3
    assert loaded.database_url == f"sqlite:///{tmp_path / 'jubilee.sqlite3'}"
    assert not (tmp_path / SECRETS_FILE).exists(), "secrets were generated although all three were given"


BAD_VALUES = [
    ("JUBILEE_DATABASE_URL", "mysql://root@localhost/jubilee"),
    ("JUBILEE_DATABASE_URL", "jubilee.sqlite3"),
    ("JUBILEE_SECRET_KEY", "too short"),
    ("JUBILEE_ENCRYPTION_KEYS", "no-key-id-here"),
    ("JUBILEE_ENCRYPTION_KEYS", "k1:c2hvcnQ="),
    ("JUBILEE_ENCRYPTION_KEYS", "k1:" + "A" * 43 + ",k1:" + "B" * 43),
    ("JUBILEE_ENCRYPTION_KEYS", "bad id:" + "A" * 43),
    ("JUBILEE_ENCRYPTION_KEYS", ",,"),
    ("JUBILEE_LOOKUP_KEY", "not a key"),
    ("JUBILEE_SUPPRESSION_K", "1"),
    ("JUBILEE_SUPPRESSION_K", "five"),
    ("JUBILEE_DEFAULT_LANGUAGE", "fr"),
    ("JUBILEE_TIMEZONE", "Mars/Olympus_Mons"),
    ("JUBILEE_TIMEZONE", "../../etc/passwd"),
    ("JUBILEE_SMTP_PORT", "70000"),
    ("JUBILEE_PDF_WORKERS", "-1"),
    ("JUBILEE_PDF_WORKERS", "many"),
    ("JUBILEE_SMTP_TLS", "sometimes"),
    ("JUBILEE_MAX_BODY_BYTES", "1kb"),
    ("JUBILEE_MAX_BODY_BYTES", "100"),
    ("JUBILEE_SESSION_IDLE_MINUTES", "0"),
    ("JUBILEE_SESSION_MAX_DAYS", "3650"),
    ("JUBILEE_LOGIN_MAX_FAILURES", "1"),
    ("JUBILEE_ADDRESS_MAX_FAILURES", "-1"),
    ("JUBILEE_LOGIN_WINDOW_MINUTES", "1.5"),
    ("JUBILEE_LOG_FORMAT", "xml"),
    ("JUBILEE_LOG_LEVEL", "LOUD"),
]


@pytest.mark.parametrize(("name", "value"), BAD_VALUES, ids=[f"{n}={v[:20]}" for n, v in BAD_VALUES])
def test_a_bad_value_stops_start_up_naming_the_variable(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(SettingsError) as refused:
        load_settings(valid_env(tmp_path) | {name: value})

    assert name in str(refused.value)


def test_a_refused_secret_is_never_repeated_in_the_message(tmp_path: Path) -> None:
    leaked_key = b64key()[:40]  # a real-looking key, cut too short
    env = valid_env(tmp_path)
    for name, value in [("JUBILEE_ENCRYPTION_KEYS", f"k1:{leaked_key}"), ("JUBILEE_LOOKUP_KEY", leaked_key),
                        ("JUBILEE_SECRET_KEY", leaked_key[:20])]:
        with pytest.raises(SettingsError) as refused:
            load_settings(env | {name: value})
        assert name in str(refused.value)
        assert leaked_key[:12] not in str(refused.value)


def test_without_secrets_they_are_generated_once_privately_and_reused(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data_dir = tmp_path / "var"
    env = {"JUBILEE_DATA_DIR": str(data_dir)}
    old_umask = os.umask(0)  # a careless umask must not make the file readable by others
    try:
        with caplog.at_level(logging.WARNING, logger="jubilee.settings"):
            first = load_settings(env)
    finally:
        os.umask(old_umask)
    second = load_settings(env)

    secrets_file = data_dir / SECRETS_FILE
    assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
    assert [p.name for p in data_dir.iterdir()] == [SECRETS_FILE]
    assert str(secrets_file) in caplog.text
    assert (second.secret_key, second.lookup_key) == (first.secret_key, first.lookup_key)
    assert second.encryption_keys == first.encryption_keys
    assert second.current_key_id == first.current_key_id
    assert len(first.secret_key) >= 32 and len(first.lookup_key) == 32


def test_secrets_generated_by_another_worker_meanwhile_are_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workers start together on a fresh install: the one that loses the race uses the winner's file."""
    env = {"JUBILEE_DATA_DIR": str(tmp_path)}
    theirs = valid_env(tmp_path)
    real_token = settings.secrets.token_urlsafe

    def another_worker_writes_first(nbytes: int) -> str:
        if not (tmp_path / SECRETS_FILE).exists():
            (tmp_path / SECRETS_FILE).write_text("".join(f"{n}={theirs[n]}\n" for n in SECRET_NAMES))
        return real_token(nbytes)

    monkeypatch.setattr(settings.secrets, "token_urlsafe", another_worker_writes_first)

    mine = load_settings(env)

    assert mine.secret_key == theirs["JUBILEE_SECRET_KEY"]
    assert load_settings(env).encryption_keys == mine.encryption_keys


@pytest.mark.parametrize("given", [(n,) for n in SECRET_NAMES] + [tuple(n for n in SECRET_NAMES if n != m)
                                                                    for m in SECRET_NAMES])
def test_some_secrets_without_the_others_are_refused(tmp_path: Path, given: tuple[str, ...]) -> None:
    full = valid_env(tmp_path)
    env = {"JUBILEE_DATA_DIR": str(tmp_path)} | {name: full[name] for name in given}

    with pytest.raises(SettingsError) as refused:
        load_settings(env)

    missing = [name for name in SECRET_NAMES if name not in given]
    assert any(name in str(refused.value) for name in missing)
    assert not (tmp_path / SECRETS_FILE).exists(), "generated secrets would hide the mistake"


def test_the_command_line_stops_with_code_2_and_names_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in [n for n in os.environ if n.startswith("JUBILEE_")]:
        monkeypatch.delenv(name)
    for name, value in (valid_env(tmp_path) | {"JUBILEE_SMTP_PORT": "smtp"}).items():
        monkeypatch.setenv(name, value)

    with pytest.raises(SystemExit) as stopped:
        cli.main(["migrate"])

    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert "JUBILEE_SMTP_PORT" in error
    assert "Traceback" not in error
    assert not (tmp_path / "jubilee.sqlite3").exists(), "the command went on despite the bad setting"
