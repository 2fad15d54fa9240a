#!/usr/bin/env python3
"""audit-fixtures.py - exact references for the audit's total and count ranges.

For a count c and a printed percentage (mantissa m, s decimals), the totals
n >= c that print 100 c / n as m / 10^s under each rounding convention
(half-up, half-even, truncation, rounding up), and under all four; and for a
total n the counts that do.  Exact rational arithmetic (fractions.Fraction)
and a scan over every candidate, independent of the C code's integer
formulas and binary searches.  Writes tests/reference/fixtures/audit-ranges.csv:

  kind,count_or_total,mant,scale,mask,lo,hi      (lo,hi empty: none)

kind "totals": pt_pct_totals(c, {m, s}, mask); kind "counts": the count range
of a total under one convention (what impossible-percentage reports).
"""
import random
from fractions import Fraction
from math import floor, ceil

HALF_UP, HALF_EVEN, TRUNC, CEIL = 1, 2, 4, 8


def printed(v, conv):
    """v: exact Fraction of the value in units of the last printed digit."""
    f = floor(v)
    r = v - f
    if conv == HALF_UP:
        return f + (1 if r >= Fraction(1, 2) else 0)
    if conv == HALF_EVEN:
        if r > Fraction(1, 2):
            return f + 1
        if r == Fraction(1, 2):
            return f + (f % 2)
        return f
    if conv == TRUNC:
        return f
    return ceil(v)


def fits(c, n, m, s, mask):
    v = Fraction(100 * c * 10 ** s, n)
    return any(mask & k and printed(v, k) == m for k in (HALF_UP, HALF_EVEN, TRUNC, CEIL))


def span(values):
    values = list(values)
    return (min(values), max(values)) if values else (None, None)


def main():
    rnd = random.Random(20261201)
    rows = []
    for _ in range(400):
        c = rnd.randint(1, 400)
        s = rnd.randint(0, 2)
        n0 = c + rnd.randint(0, 3 * c + 10)
        conv = rnd.choice((HALF_UP, HALF_EVEN, TRUNC, CEIL))
        m = printed(Fraction(100 * c * 10 ** s, n0), conv) + rnd.choice((0, 0, 0, 1, -1))
        if m < 2 * 10 ** s:        # at most 2 %: the ranges run to huge totals
            continue
        bound = 100 * c * 10 ** s // (m - 1) + 2
        for mask in (HALF_UP, HALF_EVEN, TRUNC, CEIL, 15):
            lo, hi = span(n for n in range(c, bound + 1) if fits(c, n, m, s, mask))
            rows.append(("totals", c, m, s, mask, lo, hi))
        n = n0
        for mask in (HALF_UP, HALF_EVEN, TRUNC, CEIL):
            lo, hi = span(k for k in range(0, n + 1) if fits(k, n, m, s, mask))
            rows.append(("counts", n, m, s, mask, lo, hi))
    with open("tests/reference/fixtures/audit-ranges.csv", "w") as f:
        f.write("kind,count_or_total,mant,scale,mask,lo,hi\n")
        for r in rows:
            f.write(",".join("" if v is None else str(v) for v in r) + "\n")


if __name__ == "__main__":
    main()
