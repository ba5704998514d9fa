"""The timeline's bars: events per day, week, month or year, by type, on an even axis.

Event dates are periods (date, date_precision, date_end; see docs/dates.md). A
period goes in the bucket holding its middle day when it is no longer than the
bucket (a week event counts in the month that holds most of it); a coarser one
(a year-dated event on a month chart) is not drawn but counted in `coarser`,
so no bar claims a precision the text did not give. The axis is even (empty
buckets included); it covers the shortest run of buckets holding 95% of the
drawn events (SHARE), at most MOST_BARS long (else the window of that many
buckets holding the most events), and counts the events left out in `outside`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict

from ..periods import PRECISIONS, last_day, midpoint

# Bars drawn at most: about a year of days, three years of weeks, twenty of months.
MOST_BARS = {"day": 366, "week": 157, "month": 240, "year": 200}
# The axis covers the shortest run of buckets that holds this share of the drawn events, so
# a few background events years away ("in 2001") do not squeeze the period the corpus covers.
SHARE = 0.95


def bucket_number(day: str, bucket: str) -> int:
    """Return the ordinal of the bucket holding a YYYY-MM-DD day (consecutive buckets differ by 1)."""
    date = dt.date.fromisoformat(day)
    if bucket == "year":
        return date.year
    if bucket == "month":
        return date.year * 12 + date.month - 1
    if bucket == "week":
        return (date.toordinal() - 1) // 7  # ordinal 1 (0001-01-01) is a Monday
    return date.toordinal()


def bucket_period(number: int, bucket: str) -> tuple:
    """Return (label, first day, last day) of a bucket ordinal; the label is the first day,
    YYYY-MM for a month and YYYY for a year."""
    if bucket == "year":
        first = dt.date(number, 1, 1)
        return str(number), first.isoformat(), last_day(first, "year").isoformat()
    if bucket == "month":
        first = dt.date(number // 12, number % 12 + 1, 1)
        return first.isoformat()[:7], first.isoformat(), last_day(first, "month").isoformat()
    first = dt.date.fromordinal(number * 7 + 1) if bucket == "week" else dt.date.fromordinal(number)
    end = last_day(first, bucket)
    return first.isoformat(), first.isoformat(), end.isoformat()


def count_buckets(rows, bucket: str) -> tuple:
    """Return ({type: Counter(bucket ordinal -> events)}, Counter(precision -> events too coarse to draw))
    from rows of (date, date_end, date_precision, type, count)."""
    fine = PRECISIONS[:PRECISIONS.index(bucket) + 1]
    counts, coarser = defaultdict(Counter), Counter()
    for date, end, precision, etype, n in rows:
        if precision not in fine:
            coarser[precision or "unknown"] += n
            continue
        counts[etype][bucket_number(midpoint(date, end or date), bucket)] += n
    return counts, coarser


def core_window(totals: Counter, share: float = SHARE) -> tuple:
    """Return (first, last) bucket ordinals of the shortest run of buckets holding at least
    `share` of the events (the newest such run on a tie)."""
    numbers = sorted(totals)
    need = math.ceil(share * sum(totals.values()))
    best, low, running = (numbers[0], numbers[-1]), 0, 0
    for number in numbers:
        running += totals[number]
        while running - totals[numbers[low]] >= need:  # drop the oldest while enough is left
            running -= totals[numbers[low]]
            low += 1
        if running >= need and number - numbers[low] <= best[1] - best[0]:
            best = (numbers[low], number)
    return best


def densest_window(totals: Counter, most: int) -> tuple:
    """Return (first, last) bucket ordinals of the window of at most `most` buckets holding the
    most events (the newest such window on a tie)."""
    numbers = sorted(totals)
    if numbers[-1] - numbers[0] < most:
        return numbers[0], numbers[-1]
    best, best_sum, low, running = None, -1, 0, 0
    for number in numbers:
        running += totals[number]
        while number - numbers[low] >= most:
            running -= totals[numbers[low]]
            low += 1
        if running >= best_sum:
            best, best_sum = (numbers[low], number), running
    return best


def axis(totals: Counter, bucket: str) -> tuple:
    """Return (first, last) bucket ordinals of the chart: the core run of buckets (SHARE of the
    events), or the densest MOST_BARS buckets when the core is longer."""
    first, last = core_window(totals)
    if last - first < MOST_BARS[bucket]:
        return first, last
    return densest_window(totals, MOST_BARS[bucket])


def timeline(rows, bucket: str) -> dict:
    """Return the timeline of dated event rows (see count_buckets): bucket labels, each one's
    [since, until] for the events list, the counts per type, and what was not drawn."""
    counts, coarser = count_buckets(rows, bucket)
    totals = Counter()
    for per_type in counts.values():
        totals.update(per_type)
    out = {"bucket": bucket, "buckets": [], "ranges": [], "series": {},
           "coarser": dict(sorted(coarser.items())), "outside": 0}
    if not totals:
        return out
    first, last = axis(totals, bucket)
    numbers = range(first, last + 1)
    for number in numbers:
        label, since, until = bucket_period(number, bucket)
        out["buckets"].append(label)
        out["ranges"].append([since, until])
    out["series"] = {t: [c.get(n, 0) for n in numbers] for t, c in sorted(counts.items())}
    out["outside"] = sum(v for n, v in totals.items() if not first <= n <= last)
    return out
