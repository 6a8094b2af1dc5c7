"""Settings, each with a documented default and an environment override."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from geo.model import STALE_AFTER_DAYS

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
SEEDS_DIR = PROJECT_ROOT / "seeds"
REFERENCE_DIR = DATA_DIR / "reference"
DEFAULT_SQLITE_PATH = DATA_DIR / "borderwatch.db"
#: Shortest session secret accepted: 32 random characters are well over 128 bits.
MIN_SESSION_SECRET_LENGTH = 32
#: Earliest report date accepted unless ``BORDERWATCH_EARLIEST_DAY`` says otherwise.
DEFAULT_EARLIEST_REPORT_DAY = date(1900, 1, 1)
#: A web origin: a scheme, a host and perhaps a port, and nothing after them.
_ORIGIN = re.compile(r"https?://[a-z0-9.-]+(:[0-9]{1,5})?|https?://\[[0-9a-f:.]+\](:[0-9]{1,5})?")


@dataclass(frozen=True)
class UploadLimits:
    """What one upload may be, the same on the upload page and for ``geo import``.

    Attributes
    ----------
    max_bytes
        Largest upload accepted, refused before it is read (``BORDERWATCH_UPLOAD_MAX_MB``,
        default 250 MB: about 1.5 million report rows).
    max_rows
        Most data rows one upload may hold (``BORDERWATCH_UPLOAD_MAX_ROWS``, default 2,000,000).
    max_columns
        Most columns an upload's header may have, refused before the header is checked
        (``BORDERWATCH_UPLOAD_MAX_COLUMNS``, default 200).
    earliest_day
        Earliest date a report may carry (``BORDERWATCH_EARLIEST_DAY``, YYYY-MM-DD, default
        1900-01-01); the latest is a year after today. A typo such as 3021 is refused, not stored.
    """

    max_bytes: int = 250_000_000
    max_rows: int = 2_000_000
    max_columns: int = 200
    earliest_day: date = DEFAULT_EARLIEST_REPORT_DAY


@dataclass(frozen=True)
class Settings:
    """Runtime settings.

    Attributes
    ----------
    database_url
        SQLAlchemy URL (``DATABASE_URL``). Unset: a SQLite file under ``data/``.
    stale_after_days
        A crossing's state is *stale* when its latest report is more than this many
        days before the date asked about (``BORDERWATCH_STALE_AFTER_DAYS``, default 30).
    upload
        What one upload may be (:class:`UploadLimits`): its size, rows and header columns, and
        the earliest day a report may carry.
    refresh_seconds
        Longest an app instance keeps showing data after another instance (or the CLI)
        has written to the shared database (``BORDERWATCH_REFRESH_SECONDS``, default 30).
    session_hours
        How long an editor stays signed in, across reloads, tabs and restarts
        (``BORDERWATCH_SESSION_HOURS``, default 12).
    session_secret
        Signs editors' session cookies (``BORDERWATCH_SESSION_SECRET``, at least 32
        characters). Unset: the secret generated in the database at ``init``, which every
        instance on that database shares.
    trust_forwarded_for
        Whether the client address for the sign-in throttle is the last entry of the
        X-Forwarded-For header (``BORDERWATCH_TRUST_FORWARDED_FOR=1``): set it only behind a
        proxy of your own that appends it, else any client could pick its address.
    review
        Whether an upload waits for a second editor's review before it is public
        (``BORDERWATCH_REVIEW``: 1 or 0). Unset (None): required when more than one editor
        is configured, so a single-editor install publishes at once as it always did.
    api_origins
        The web origins whose pages may read the API and the feeds from a browser (CORS), e.g.
        ``https://news.example.org`` (``BORDERWATCH_API_ORIGINS``, separated by commas; ``*`` for
        any). Unset: none, and a browser keeps other sites' scripts from reading the answers.
    embed_origins
        The web origins whose pages may show ``/embed`` in a frame (CSP ``frame-ancestors``;
        ``BORDERWATCH_EMBED_ORIGINS``, separated by commas; ``*`` for any). Unset: none.
    webhook_url
        Where the alerts a write raises are POSTed as JSON, after the write (``BORDERWATCH_WEBHOOK_URL``,
        http or https). Unset: none are sent.
    expiring_within_days
        An authorisation ending within this many days is an alert (``BORDERWATCH_ALERT_EXPIRY_DAYS``,
        default 14).
    """

    database_url: str
    stale_after_days: int = STALE_AFTER_DAYS
    upload: UploadLimits = field(default_factory=UploadLimits)
    refresh_seconds: float = 30.0
    session_hours: float = 12.0
    session_secret: str | None = field(default=None, repr=False)
    trust_forwarded_for: bool = False
    review: bool | None = None
    api_origins: tuple[str, ...] = ()
    embed_origins: tuple[str, ...] = ()
    webhook_url: str | None = None
    expiring_within_days: int = 14


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Read settings from the environment (or from ``environ`` when given)."""
    env = os.environ if environ is None else environ
    url = env.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}"
    stale = int(env.get("BORDERWATCH_STALE_AFTER_DAYS", str(STALE_AFTER_DAYS)))
    if stale < 0:
        raise ValueError(f"BORDERWATCH_STALE_AFTER_DAYS must be >= 0, got {stale}")
    refresh = float(env.get("BORDERWATCH_REFRESH_SECONDS", "30"))
    if refresh <= 0:
        raise ValueError(f"BORDERWATCH_REFRESH_SECONDS must be positive, got {refresh:g}")
    session_hours = float(env.get("BORDERWATCH_SESSION_HOURS", "12"))
    if not session_hours > 0:
        raise ValueError(f"BORDERWATCH_SESSION_HOURS must be positive, got {session_hours:g}")
    session_secret = env.get("BORDERWATCH_SESSION_SECRET") or None
    if session_secret is not None and len(session_secret) < MIN_SESSION_SECRET_LENGTH:
        # Refused rather than used: a short secret lets anyone forge an editor's cookie.
        raise ValueError(f"BORDERWATCH_SESSION_SECRET must be at least {MIN_SESSION_SECRET_LENGTH} characters")
    return Settings(
        database_url=url,
        stale_after_days=stale,
        upload=upload_limits(env),
        refresh_seconds=refresh,
        session_hours=session_hours,
        session_secret=session_secret,
        trust_forwarded_for=_flag("BORDERWATCH_TRUST_FORWARDED_FOR", env.get("BORDERWATCH_TRUST_FORWARDED_FOR", "")),
        review=_flag("BORDERWATCH_REVIEW", env["BORDERWATCH_REVIEW"]) if env.get("BORDERWATCH_REVIEW") else None,
        api_origins=web_origins("BORDERWATCH_API_ORIGINS", env.get("BORDERWATCH_API_ORIGINS", "")),
        embed_origins=web_origins("BORDERWATCH_EMBED_ORIGINS", env.get("BORDERWATCH_EMBED_ORIGINS", "")),
        webhook_url=_web_address("BORDERWATCH_WEBHOOK_URL", env.get("BORDERWATCH_WEBHOOK_URL", "")),
        expiring_within_days=_days("BORDERWATCH_ALERT_EXPIRY_DAYS", env.get("BORDERWATCH_ALERT_EXPIRY_DAYS", "14")),
    )


def _web_address(name: str, value: str) -> str | None:
    text = value.strip()
    if not text:
        return None
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text):
        raise ValueError(f"{name} must be an http or https address, got {text!r}")
    return text


def _days(name: str, value: str) -> int:
    text = value.strip()
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"{name} must be a whole number of days, got {text!r}")
    return int(text)


def web_origins(name: str, value: str) -> tuple[str, ...]:
    """A list of web origins (``scheme://host[:port]``, or ``*`` for any), separated by commas.

    >>> web_origins("X", "https://News.example.org, http://localhost:8080")
    ('https://news.example.org', 'http://localhost:8080')
    """
    origins = tuple(part.strip().lower().rstrip("/") for part in value.split(",") if part.strip())
    for origin in origins:
        if origin != "*" and _ORIGIN.fullmatch(origin) is None:
            raise ValueError(f"{name} must list origins such as https://example.org, got {origin!r}")
    return origins


def upload_limits(environ: Mapping[str, str] | None = None) -> UploadLimits:
    """The upload limits from the environment (or ``environ``); each one unset keeps its default."""
    env = os.environ if environ is None else environ
    default = UploadLimits()
    max_mb = float(env.get("BORDERWATCH_UPLOAD_MAX_MB") or default.max_bytes / 1_000_000)
    max_rows = int(env.get("BORDERWATCH_UPLOAD_MAX_ROWS") or default.max_rows)
    if max_mb <= 0 or max_rows <= 0:
        raise ValueError("BORDERWATCH_UPLOAD_MAX_MB and BORDERWATCH_UPLOAD_MAX_ROWS must be positive")
    max_columns = int(env.get("BORDERWATCH_UPLOAD_MAX_COLUMNS") or default.max_columns)
    if max_columns <= 0:
        raise ValueError(f"BORDERWATCH_UPLOAD_MAX_COLUMNS must be positive, got {max_columns}")
    return UploadLimits(
        max_bytes=int(max_mb * 1_000_000),
        max_rows=max_rows,
        max_columns=max_columns,
        earliest_day=earliest_report_day(env),
    )


def _flag(name: str, value: str) -> bool:
    text = value.strip().lower()
    if text not in ("", "0", "1", "false", "true", "no", "yes"):
        raise ValueError(f"{name} must be 1 or 0, got {text!r}")
    return text in ("1", "true", "yes")


def earliest_report_day(environ: Mapping[str, str] | None = None) -> date:
    """The earliest report date accepted (``BORDERWATCH_EARLIEST_DAY``), read on its own for checks of files."""
    env = os.environ if environ is None else environ
    text = env.get("BORDERWATCH_EARLIEST_DAY", "").strip()
    if not text:
        return DEFAULT_EARLIEST_REPORT_DAY
    message = f"BORDERWATCH_EARLIEST_DAY must be a date written YYYY-MM-DD, got {text!r}"
    if len(text) != 10:
        raise ValueError(message)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(message) from None
