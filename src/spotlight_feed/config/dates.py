"""Publication dates as people write them, and messages that say what is wrong.

``published`` is an ISO 8601 / RFC 3339 date-time with a time zone
(https://www.rfc-editor.org/rfc/rfc3339#section-5.6): RSS 2.0 ``<pubDate>`` is an
RFC 822 date, which always carries a zone, so a date-time without one has no
single meaning. Instead of "invalid datetime" the messages name the part that is
wrong and show what was given: "no time zone", "month 13 is not a month".
"""

from __future__ import annotations

import calendar
import re
from datetime import datetime

EXAMPLE = "2024-05-01T09:00:00+00:00"

_SHAPE = re.compile(
    r"^(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[Tt ](?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<tz>[Zz]|[+-]\d{2}:?\d{2})?)?$"
)


def date_problem(text: str) -> str | None:
    """What is wrong with *text* as a date-time with a time zone, or ``None``."""
    m = _SHAPE.match(text.strip())
    if m is None:
        return f"'{text}' is not a date-time; write it like {EXAMPLE}"
    year, month, day = int(m["y"]), int(m["mo"]), int(m["d"])
    if not 1 <= month <= 12:
        return f"'{text}': month {month} is not a month (1-12)"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return f"'{text}': day {day} is not in {calendar.month_name[month]} {year} (1-{last})"
    if m["h"] is None:
        return (
            f"'{text}' is a date without a time and time zone; "
            f"write it like {text.strip()}T09:00:00+00:00"
        )
    hour, minute, second = int(m["h"]), int(m["mi"]), int(m["s"] or 0)
    if hour > 23:
        return f"'{text}': hour {hour} is not an hour (0-23)"
    if minute > 59:
        return f"'{text}': minute {minute} is not a minute (0-59)"
    if second > 59:
        return f"'{text}': second {second} is not a second (0-59)"
    if m["tz"] is None:
        example = f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}+00:00"
        return f"'{text}' has no time zone; add one, e.g. {example}"
    tz = m["tz"].replace(":", "")
    if tz not in "Zz" and (int(tz[1:3]) > 23 or int(tz[3:5]) > 59):
        return f"'{text}': time zone {m['tz']} is not a UTC offset (-23:59 to +23:59)"
    return None


def parse_aware(text: str) -> tuple[datetime | None, str | None]:
    """*text* as an aware datetime, or ``None`` and :func:`date_problem`'s message."""
    problem = date_problem(text)
    if problem is not None:
        return None, problem
    value = text.strip().replace("z", "Z")
    try:
        return datetime.fromisoformat(value), None
    except ValueError:
        return None, f"'{text}' is not a date-time; write it like {EXAMPLE}"
