"""Field types shared by every input model: strict models, URLs, e-mails, dates, times.

Kept apart from :mod:`.config` so that the models of feed features in their own
modules (:mod:`.apps`) use the same rules without importing the show's
model: an absolute http(s) URL, an e-mail address, an ISO 639 language code, a
time-zone-aware date-time (RFC 2822-representable), a chapter-style timestamp.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, WithJsonSchema

from ..text import clean
from .dates import date_problem

STRICT = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
"""Every input model's ``model_config``: unknown keys are errors, values are frozen.
Field docstrings become the JSON Schema's descriptions when the schemas are made
(:func:`..schemas.render_schemas`), not when the models are (which every build pays)."""


def _control(value: str) -> str | None:
    """The first control, format or line-separator character in *value*, as ``U+XXXX``.

    Unicode general categories Cc, Cf, Zl and Zp: invisible or layout-changing
    characters (a zero-width space, a right-to-left override, U+0001) have no place
    in a URL, an e-mail address or an identifier, which are published as written.
    """
    for ch in value:
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            return f"U+{ord(ch):04X}"
    return None


_NOT_IN_URLS = re.compile(r"[\x00-\x20<>\"{}|\\^`\x7f]")
"""ASCII characters RFC 3986 §2 never allows in a URL (they must be percent-encoded)."""


def https_url(value: str) -> str:
    """An absolute http(s) URL (RFC 3986 §3; WHATWG URL "valid URL string")."""
    control = _control(value)
    if control:
        raise ValueError(f"expected an absolute http(s) URL, got {value!r} (it contains {control})")
    bad = _NOT_IN_URLS.search(value)
    if bad:
        char = bad.group(0)
        shown = (
            "a space" if char == " " else repr(char) if char.isprintable() else f"U+{ord(char):04X}"
        )
        raise ValueError(
            f"not a valid URL: {shown} cannot appear in a URL (percent-encode it as "
            f"%{ord(char):02X}), got '{value}'"
        )
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value):
        raise ValueError(f"expected an absolute http(s) URL, got '{value}'")
    return value


def _email(value: str) -> str:
    bad = _control(value)
    if bad:
        raise ValueError(f"expected an e-mail address, got {value!r} (it contains {bad})")
    if not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", value):
        raise ValueError(f"expected an e-mail address, got '{value}'")
    return value


def _token(value: str) -> str:
    bad = _control(value)
    if bad:
        raise ValueError(
            f"expected printable text, got {value!r} (it contains {bad}, which is published "
            "as it is)"
        )
    return value


def _visible(value: str) -> str:
    if not any(unicodedata.category(ch)[0] in "LNPS" for ch in value):
        raise ValueError(
            f"expected text, got {value!r}: only invisible characters (spaces, zero-width "
            "or format characters)"
        )
    return value


def _language(value: str) -> str:
    """A BCP 47 tag with an ISO 639 language (:mod:`.languages`)."""
    from ..languages import language_problem

    problem = language_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(date_problem(value.isoformat()) or "no time zone")
    if value.year < MIN_YEAR:
        raise ValueError(
            f"expected a date in {MIN_YEAR} or later, got the year {value.year} (RFC 2822 §3.3: "
            "feed dates have a four-digit year of 1900 or later)"
        )
    return value


MIN_YEAR = 1900
"""RFC 2822 §3.3 (https://www.rfc-editor.org/rfc/rfc2822#section-3.3): "year" is 1900 or later."""


def check_base_url(value: str) -> str:
    """*value* checked exactly as ``base_url`` in podcast.yaml is, with its trailing slash.

    For ``--base-url``: a ``javascript:`` or scheme-less value must never reach the
    feed's enclosures and the pages' links (issue #12).
    """
    value = https_url(value.strip())
    return value if value.endswith("/") else value + "/"


def _datetime_in(value: Any) -> Any:
    # YAML turns 2024-05-01 into a date, which pydantic would accept as midnight, and
    # 2024-05-01T09:00:00 into a datetime without a zone; an impossible date stays text
    # (:mod:`.dates` says what is wrong with it).
    if not isinstance(value, datetime | str) and hasattr(value, "isoformat"):
        raise ValueError(
            f"expected a date-time with a time zone, such as {value.isoformat()}T09:00:00+00:00,"
            f" got the bare date {value.isoformat()}"
        )
    if isinstance(value, str):
        problem = date_problem(value)
        if problem:
            raise ValueError(problem)
    return value


_TIME_RE = re.compile(r"^(?:(\d{1,7}):)?([0-5]?\d):([0-5]\d)(?:\.(\d{1,3}))?$")
MAX_SECONDS = 4_294_967
"""ID3 CHAP times are 32-bit milliseconds (ID3v2 chapter frame addendum §3): about 1193 hours."""


def _short(value: float) -> str:
    text = str(value) if isinstance(value, float) else f"{value}"
    return text if len(text) <= 20 else f"a {len(text)}-digit number"


def parse_timestamp_ms(value: Any) -> int:
    """Parse ``HH:MM:SS(.mmm)``, ``MM:SS`` or a number of seconds into milliseconds."""
    if isinstance(value, bool):
        raise ValueError(f"expected HH:MM:SS(.mmm), MM:SS or seconds, got {value!r}")
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"expected a time in seconds, got {value} (not a finite number)")
        if value < 0:
            raise ValueError(f"expected a time of zero or more, got {value}")
        if value > MAX_SECONDS:
            raise ValueError(f"expected a time of at most {MAX_SECONDS} s, got {_short(value)}")
        return round(value * 1000)
    if isinstance(value, str):
        m = _TIME_RE.match(value.strip())
        if m:
            h, mi, s, frac = m.groups()
            if int(h or 0) * 3600 > MAX_SECONDS:
                raise ValueError(
                    f"expected a time of at most {MAX_SECONDS // 3600} hours, got '{value}'"
                )
            return (int(h or 0) * 3600 + int(mi) * 60 + int(s)) * 1000 + int(
                (frac or "0").ljust(3, "0")
            )
    raise ValueError(f"expected HH:MM:SS(.mmm), MM:SS or seconds, got '{value}'")


Url = Annotated[str, AfterValidator(https_url)]
Email = Annotated[str, AfterValidator(_email)]
Language = Annotated[str, AfterValidator(_language)]
AwareDatetime = Annotated[datetime, BeforeValidator(_datetime_in), AfterValidator(_aware)]
TimestampMs = Annotated[
    int,
    BeforeValidator(parse_timestamp_ms),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "pattern": r"^(\d+:)?[0-5]?\d:[0-5]\d(\.\d{1,3})?$"},
            ]
        }
    ),
]
NonEmpty = Annotated[str, Field(min_length=1), AfterValidator(_visible)]
"""A non-empty value with something visible (file names, labels of the show's own)."""


def _clean_visible(value: str) -> str:
    return _visible(clean(value))


Text = Annotated[str, AfterValidator(clean)]
"""Human text, cleaned for every output once, here (:func:`..text.clean`: XML 1.0 §2.2
``Char``, NFC; docs/sources.md). No writer cleans a config value again."""
NonEmptyText = Annotated[str, Field(min_length=1), AfterValidator(_clean_visible)]
"""Human text that must show something once cleaned (a title, a name)."""
Text128 = Annotated[str, Field(min_length=1, max_length=128), AfterValidator(clean)]
"""Short human text (Podcasting 2.0 node values: at most 128 characters), cleaned once."""
Text32 = Annotated[str, Field(min_length=1, max_length=32), AfterValidator(clean)]
"""Very short human text (``podcast:episode display``: at most 32 characters), cleaned once."""
Token = Annotated[str, Field(min_length=1), AfterValidator(_token)]
"""An identifier published exactly as written (a guid, a licence identifier): no controls."""
