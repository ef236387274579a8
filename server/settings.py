"""Every setting of Jubilee, read once from `JUBILEE_*` environment variables.

With no secrets configured, Jubilee generates them once into `<data dir>/secrets.env` (mode 0600)
and says so in the log; production deployments set them in the environment instead
(see docs/configuration.md). A bad value stops start-up with a message naming the variable.
"""

from __future__ import annotations

import base64
import logging
import os
import secrets
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from server.disclosure import budget as dp_budget

log = logging.getLogger("jubilee.settings")

LANGUAGES = ("en", "es")
SECRETS_FILE = "secrets.env"


class SettingsError(Exception):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    secret_key: str = field(repr=False)
    # Encryption keys by id; `current_key_id` encrypts, all of them decrypt.
    encryption_keys: Mapping[str, bytes] = field(repr=False)
    current_key_id: str
    lookup_key: bytes = field(repr=False)
    suppression_k: int = 5
    default_language: str = "en"
    timezone: str = "UTC"
    base_url: str = "http://127.0.0.1:8000"
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_from: str = "Jubilee <jubilee@localhost>"
    smtp_tls: str = "starttls"
    max_body_bytes: int = 1_048_576
    session_idle_minutes: int = 240
    session_max_days: int = 14
    login_max_failures: int = 10
    address_max_failures: int = 50
    login_window_minutes: int = 15
    signup_max_per_address: int = 10
    name_checks_per_address: int = 30
    signup_window_minutes: int = 60
    lookups_per_address: int = 1000
    lookup_window_minutes: int = 15
    log_format: str = "text"
    log_level: str = "INFO"
    # proxies whose X-Forwarded-For/-Proto headers uvicorn believes (comma-separated, or "*")
    forwarded_allow_ips: str = "127.0.0.1"
    # processes that turn letters into PDFs; 0: one per CPU, at least two
    pdf_workers: int = 0
    # differential privacy of published figures (server/disclosure/budget.py, docs/configuration.md)
    dp_epsilon_year: float = dp_budget.DEFAULT_EPSILON_YEAR
    dp_epsilon_release: float = dp_budget.DEFAULT_EPSILON_RELEASE
    release_period: dp_budget.Period = dp_budget.DEFAULT_PERIOD
    dp_clip_dollars: int = dp_budget.DEFAULT_CLIP_DOLLARS
    # a pool's released sums: one member's contributions of one day, or one payout, count for at most this
    dp_pool_clip_dollars: int = 500

    @property
    def privacy_budget(self) -> dp_budget.Budget:
        """The ε of published figures, per year and per release, as the privacy page prints them."""
        return dp_budget.Budget(self.dp_epsilon_year, self.dp_epsilon_release, self.release_period)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low} and {high}, not {value}")
    return value


def _epsilon(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number such as 0.5, not {raw!r}") from None
    if not 0.01 <= value <= 10:
        raise SettingsError(f"{name} must be between 0.01 and 10, not {raw}")
    return value


def _period(env: Mapping[str, str]) -> dp_budget.Period:
    value = env.get("JUBILEE_RELEASE_PERIOD") or dp_budget.DEFAULT_PERIOD
    for period in dp_budget.PERIODS:
        if value == period:
            return period
    raise SettingsError(f"JUBILEE_RELEASE_PERIOD must be one of {', '.join(dp_budget.PERIODS)}, not {value!r}")


def _choice(env: Mapping[str, str], name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env.get(name) or default
    if value not in choices:
        raise SettingsError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def _decode_key(name: str, text: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.encode() + b"=" * (-len(text) % 4))
    except (ValueError, TypeError):
        raise SettingsError(f"{name} holds a key that is not base64") from None
    if len(key) != 32:
        raise SettingsError(f"{name} keys must be 32 bytes (44 base64 characters)")
    return key


def parse_encryption_keys(name: str, raw: str) -> tuple[dict[str, bytes], str]:
    """`id1:key1,id2:key2`: the first key encrypts; every key decrypts."""
    keys: dict[str, bytes] = {}
    for part in (p.strip() for p in raw.split(",")):
        if not part:
            continue
        key_id, sep, text = part.partition(":")
        if not sep or not key_id.isalnum() or len(key_id) > 16:
            raise SettingsError(f"{name} must look like 'id:base64key,...' with short alphanumeric ids")
        if key_id in keys:
            raise SettingsError(f"{name} names key id {key_id!r} twice")
        keys[key_id] = _decode_key(name, text)
    if not keys:
        raise SettingsError(f"{name} holds no key")
    return keys, next(iter(keys))


def new_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def _generated_secrets(data_dir: Path) -> dict[str, str]:
    """Read, or create once, the local secrets file used when none are configured."""
    path = data_dir / SECRETS_FILE
    if not path.exists():
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        lines = [
            "# Generated by Jubilee on first start. Keep private; back it up with the database.",
            f"JUBILEE_SECRET_KEY={secrets.token_urlsafe(48)}",
            f"JUBILEE_ENCRYPTION_KEYS=k1:{new_key()}",
            f"JUBILEE_LOOKUP_KEY={new_key()}",
        ]
        # Written aside, then linked into place: a worker starting at the same moment either sees
        # no file or a complete one, and the loser of the race uses the winner's secrets.
        draft = data_dir / f".{SECRETS_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
        try:
            with os.fdopen(fd, "w") as out:
                out.write("\n".join(lines) + "\n")
            os.link(draft, path)
            log.warning("No secrets configured: generated them into %s (readable only by its owner)", path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    values: dict[str, str] = {}
    for line in path.read_text().splitlines():
        name, sep, value = line.partition("=")
        if sep and not name.startswith("#"):
            values[name.strip()] = value.strip()
    return values


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    env = dict(os.environ if environ is None else environ)
    data_dir = Path(env.get("JUBILEE_DATA_DIR") or "var")
    database_url = env.get("JUBILEE_DATABASE_URL") or f"sqlite:///{data_dir / 'jubilee.sqlite3'}"
    if not database_url.startswith(("sqlite:///", "postgresql://", "postgresql+asyncpg://")):
        raise SettingsError(
            "JUBILEE_DATABASE_URL must start with sqlite:/// or postgresql://, "
            f"not {database_url.split(':', 1)[0]!r}"
        )
    secret_names = ("JUBILEE_SECRET_KEY", "JUBILEE_ENCRYPTION_KEYS", "JUBILEE_LOOKUP_KEY")
    if not any(env.get(n) for n in secret_names):
        env = {**_generated_secrets(data_dir), **env}
    for name in secret_names:
        if not env.get(name):
            raise SettingsError(f"{name} is not set (set all three secrets, or none to generate them)")
    if len(env["JUBILEE_SECRET_KEY"]) < 32:
        raise SettingsError("JUBILEE_SECRET_KEY must be at least 32 characters")
    keys, current = parse_encryption_keys("JUBILEE_ENCRYPTION_KEYS", env["JUBILEE_ENCRYPTION_KEYS"])
    smtp_tls = _choice(env, "JUBILEE_SMTP_TLS", "starttls", ("starttls", "ssl", "none"))
    return Settings(
        database_url=database_url,
        data_dir=data_dir,
        secret_key=env["JUBILEE_SECRET_KEY"],
        encryption_keys=keys,
        current_key_id=current,
        lookup_key=_decode_key("JUBILEE_LOOKUP_KEY", env["JUBILEE_LOOKUP_KEY"]),
        suppression_k=_int(env, "JUBILEE_SUPPRESSION_K", 5, 2, 1000),
        default_language=_choice(env, "JUBILEE_DEFAULT_LANGUAGE", "en", LANGUAGES),
        timezone=_timezone(env.get("JUBILEE_TIMEZONE") or "UTC"),
        base_url=_base_url(env.get("JUBILEE_BASE_URL") or "http://127.0.0.1:8000"),
        smtp_host=env.get("JUBILEE_SMTP_HOST", ""),
        smtp_port=_int(env, "JUBILEE_SMTP_PORT", 587, 1, 65535),
        smtp_user=env.get("JUBILEE_SMTP_USER", ""),
        smtp_password=env.get("JUBILEE_SMTP_PASSWORD", ""),
        smtp_from=env.get("JUBILEE_SMTP_FROM") or "Jubilee <jubilee@localhost>",
        smtp_tls=smtp_tls,
        max_body_bytes=_int(env, "JUBILEE_MAX_BODY_BYTES", 1_048_576, 4096, 100 * 1_048_576),
        session_idle_minutes=_int(env, "JUBILEE_SESSION_IDLE_MINUTES", 240, 5, 60 * 24 * 30),
        session_max_days=_int(env, "JUBILEE_SESSION_MAX_DAYS", 14, 1, 365),
        login_max_failures=_int(env, "JUBILEE_LOGIN_MAX_FAILURES", 10, 3, 1000),
        address_max_failures=_int(env, "JUBILEE_ADDRESS_MAX_FAILURES", 50, 3, 100_000),
        login_window_minutes=_int(env, "JUBILEE_LOGIN_WINDOW_MINUTES", 15, 1, 24 * 60),
        signup_max_per_address=_int(env, "JUBILEE_SIGNUP_MAX_PER_ADDRESS", 10, 1, 100_000),
        name_checks_per_address=_int(env, "JUBILEE_NAME_CHECKS_PER_ADDRESS", 30, 1, 100_000),
        signup_window_minutes=_int(env, "JUBILEE_SIGNUP_WINDOW_MINUTES", 60, 1, 7 * 24 * 60),
        lookups_per_address=_int(env, "JUBILEE_LOOKUPS_PER_ADDRESS", 1000, 1, 1_000_000),
        lookup_window_minutes=_int(env, "JUBILEE_LOOKUP_WINDOW_MINUTES", 15, 1, 24 * 60),
        log_format=_choice(env, "JUBILEE_LOG_FORMAT", "text", ("text", "json")),
        log_level=_choice(env, "JUBILEE_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR")),
        forwarded_allow_ips=env.get("JUBILEE_FORWARDED_ALLOW_IPS") or "127.0.0.1",
        pdf_workers=_int(env, "JUBILEE_PDF_WORKERS", 0, 0, 64),
        dp_epsilon_year=_epsilon(env, "JUBILEE_DP_EPSILON_YEAR", dp_budget.DEFAULT_EPSILON_YEAR),
        dp_epsilon_release=_epsilon(env, "JUBILEE_DP_EPSILON_RELEASE", dp_budget.DEFAULT_EPSILON_RELEASE),
        release_period=_period(env),
        dp_clip_dollars=_int(env, "JUBILEE_DP_CLIP_DOLLARS", dp_budget.DEFAULT_CLIP_DOLLARS, 100, 10_000_000),
        dp_pool_clip_dollars=_int(env, "JUBILEE_DP_POOL_CLIP_DOLLARS", 500, 10, 1_000_000),
    )


def _base_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise SettingsError(f"JUBILEE_BASE_URL must be an address such as https://jubilee.example.org, not {value!r}")
    return value.rstrip("/")


def _timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"JUBILEE_TIMEZONE must be an IANA time zone such as America/Chicago, not {name!r}") from None
    return name
