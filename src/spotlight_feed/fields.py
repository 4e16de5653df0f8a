"""Field types shared by every input model: strict models, URLs, e-mails, dates, times.

Kept apart from :mod:`.config` so that the models of feed features in their own
modules (:mod:`.feedapps.config`) use the same rules without importing the show's
model: an absolute http(s) URL, an e-mail address, an ISO 639 language code, a
time-zone-aware date-time (RFC 2822-representable), a chapter-style timestamp.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, WithJsonSchema

from .dates import date_problem

STRICT = ConfigDict(
    extra="forbid", frozen=True, use_attribute_docstrings=True, str_strip_whitespace=True
)
"""Every input model's ``model_config``: unknown keys are errors, values are frozen,
field docstrings become the JSON Schema's descriptions."""


_NOT_IN_URLS = re.compile(r"[\x00-\x20<>\"{}|\\^`\x7f]")
"""ASCII characters RFC 3986 §2 never allows in a URL (they must be percent-encoded)."""


def https_url(value: str) -> str:
    """An absolute http(s) URL (RFC 3986 §3; WHATWG URL "valid URL string")."""
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
        raise ValueError(f"not a valid URL: expected an absolute http(s) URL, got '{value}'")
    return value


def _email(value: str) -> str:
    if not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", value):
        raise ValueError(f"expected an e-mail address, got '{value}'")
    return value


def _language(value: str) -> str:
    """A BCP 47 tag with an ISO 639 language (:mod:`.languages`)."""
    from .languages import language_problem

    problem = language_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(date_problem(value.isoformat()) or "no time zone")
    return value


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


_TIME_RE = re.compile(r"^(?:(\d+):)?([0-5]?\d):([0-5]\d)(?:\.(\d{1,3}))?$")


def parse_timestamp_ms(value: Any) -> int:
    """Parse ``HH:MM:SS(.mmm)``, ``MM:SS`` or a number of seconds into milliseconds."""
    if isinstance(value, bool):
        raise ValueError(f"expected HH:MM:SS(.mmm), MM:SS or seconds, got {value!r}")
    if isinstance(value, int | float):
        if value < 0:
            raise ValueError(f"expected a time of zero or more, got {value}")
        return round(value * 1000)
    if isinstance(value, str):
        m = _TIME_RE.match(value.strip())
        if m:
            h, mi, s, frac = m.groups()
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
NonEmpty = Annotated[str, Field(min_length=1)]
