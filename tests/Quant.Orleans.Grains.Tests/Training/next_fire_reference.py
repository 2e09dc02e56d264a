#!/usr/bin/python3
"""Reference instants for TrainingCalendarTests: the next local market time after a UTC instant, computed with
Python's zoneinfo (IANA tz database, PEP 495 fold = 0: an ambiguous wall time is its first occurrence, a
nonexistent one is read with the offset before the gap). Run: /usr/bin/python3 next_fire_reference.py"""
from datetime import datetime, timedelta, timezone, time
from zoneinfo import ZoneInfo

WEEKDAYS = {0, 1, 2, 3, 4}  # Monday..Friday (Python's weekday())
ALL = set(range(7))


def next_fire(after_utc, local_time, zone, days):
    tz = ZoneInfo(zone)
    start = after_utc.astimezone(tz).date() - timedelta(days=1)
    for i in range(9):
        d = start + timedelta(days=i)
        if d.weekday() not in days:
            continue
        local = datetime.combine(d, local_time, tzinfo=tz)  # fold = 0
        utc = local.astimezone(timezone.utc)
        if utc > after_utc:
            return utc
    raise AssertionError("no day found")


CASES = [
    # (name, after UTC, local time, zone, days)
    ("friday-after-close-into-dst", datetime(2026, 3, 6, 23, 0, tzinfo=timezone.utc), time(17, 30), "America/New_York", WEEKDAYS),
    ("saturday-daily-onto-dst-day", datetime(2026, 3, 7, 23, 0, tzinfo=timezone.utc), time(17, 30), "America/New_York", ALL),
    ("saturday-daily-onto-fallback-day", datetime(2026, 10, 31, 23, 0, tzinfo=timezone.utc), time(17, 30), "America/New_York", ALL),
    ("friday-after-close-out-of-dst", datetime(2026, 10, 30, 22, 0, tzinfo=timezone.utc), time(17, 30), "America/New_York", WEEKDAYS),
    ("before-close-same-day", datetime(2026, 12, 7, 15, 0, tzinfo=timezone.utc), time(17, 30), "America/New_York", WEEKDAYS),
    ("exactly-at-fire-is-next-day", datetime(2026, 12, 7, 22, 30, tzinfo=timezone.utc), time(17, 30), "America/New_York", WEEKDAYS),
    ("nonexistent-spring-gap", datetime(2026, 3, 8, 0, 0, tzinfo=timezone.utc), time(2, 30), "America/New_York", ALL),
    ("ambiguous-fallback-first", datetime(2026, 11, 1, 0, 0, tzinfo=timezone.utc), time(1, 30), "America/New_York", ALL),
    ("london-gmt-before-bst", datetime(2026, 3, 27, 17, 0, tzinfo=timezone.utc), time(17, 30), "Europe/London", WEEKDAYS),
    ("east-of-utc-tokyo", datetime(2026, 12, 6, 20, 0, tzinfo=timezone.utc), time(6, 0), "Asia/Tokyo", WEEKDAYS),
]

for name, after, lt, zone, days in CASES:
    print(f"{name}\t{after:%Y-%m-%dT%H:%M:%SZ}\t{lt:%H:%M}\t{zone}\t{next_fire(after, lt, zone, days):%Y-%m-%dT%H:%M:%SZ}")
