#!/usr/bin/python3
"""bigcount-mpmath.py - 60-digit reference limits where the limit is tiny.

Issue 18, item 4: Clopper-Pearson, Jeffreys and mid-p limits for x <= 3 (and
n - x <= 3) with n from 10^8 to 2^53, where R's qbeta itself is unsure.  The
binomial tails are finite sums here (x <= 3 terms), so the exact limits are
solved from them at 60 significant digits, never through a beta quantile:

  Clopper-Pearson upper:  P(X <= x; p) = alpha/2,   lower: P(X >= x; p) = alpha/2
  mid-p upper:  P(X < x) + P(X = x)/2 = alpha/2,    lower symmetric
  Jeffreys: I_p(x + 1/2, n - x + 1/2) = alpha/2 (lower), 1 - I_p = alpha/2
  (upper), with I from mpmath.betainc at 60 digits; checked below against
  the finite binomial sum for integer parameters, I_p(x+1, n-x) = P(X > x).

alpha/2 is the double (1 - level)/2, exactly as the C library and R compute
it.  Limits near 1 (x close to n) are 1 minus the mirrored limit.

Run from the top of the source tree:
  python3 tests/reference/bigcount-mpmath.py > tests/reference/fixtures/ci-bign-mpmath.csv
Needs python3-mpmath (Debian).  Deterministic.
"""
import sys

from mpmath import mp, mpf, binomial, betainc, log, findroot, exp, log1p, expm1

mp.dps = 60

NS = [10**8, 3 * 10**8, 10**9, 10**10, 10**11, 10**12, 2**40, 10**13, 10**14,
      10**15, 2**52, 2**53 - 1, 2**53]
LEVELS = [0.90, 0.95, 0.99]


def pmf_terms(x, n, p):
    """P(X = k) for k = 0..x, X ~ Bin(n, p), at 60 digits."""
    lq = n * log1p(-p)
    return [binomial(n, k) * p**k * exp(lq - k * log1p(-p)) for k in range(x + 1)]


def solve(f, p0):
    """Root of the log-scale equation f near p0, solved in u = log p so that
    no secant step leaves p > 0."""
    u0 = log(mpf(p0))
    u = findroot(lambda u: f(exp(u)), (u0 - mpf(10)**-7, u0 + mpf(10)**-7), solver="secant",
                 tol=mpf(10)**-50, maxsteps=200)
    if abs(f(exp(u))) > mpf(10)**-40:
        raise SystemExit(f"no convergence near {p0}")
    return exp(u)


def gamma_start(a, n, t, upper):
    """Double-precision start: quantile of Gamma(a)/n (the beta near 0)."""
    from mpmath import gammainc
    f = (lambda u: log(gammainc(a, u, mp.inf, regularized=True)) - log(t)) if upper else \
        (lambda u: log(gammainc(a, 0, u, regularized=True)) - log(t))
    # a bisection in log u: robust and cheap at these sizes
    lo, hi = mpf(10)**-8, mpf(60)
    for _ in range(60):
        mid = (lo * hi) ** 0.5
        if (f(mid) > 0) == upper:
            lo = mid
        else:
            hi = mid
    return (lo * hi) ** 0.5 / n


def cp(x, n, al2):
    lo = hi = None
    if x == 0:
        lo = mpf(0)
    else:
        # P(X >= x) = 1 - sum_{k<x} = al2, increasing in p
        g = lambda p: log(1 - sum(pmf_terms(x - 1, n, p))) - log(al2)
        lo = solve(g, gamma_start(x, n, al2, False))
    g = lambda p: log(sum(pmf_terms(x, n, p))) - log(al2)
    hi = solve(g, gamma_start(x + 1, n, al2, True))
    return lo, hi


def midp(x, n, al):
    t = al / 2
    if x == 0:
        return mpf(0), -expm1(log(al) / n)
    def gl(p):
        pm = pmf_terms(x, n, p)
        return log(1 - sum(pm[:x]) - pm[x] / 2) - log(t)
    def gu(p):
        pm = pmf_terms(x, n, p)
        return log(sum(pm[:x]) + pm[x] / 2) - log(t)
    lo = solve(gl, gamma_start(x + 0.5, n, t, False))
    hi = solve(gu, gamma_start(x + 0.5, n, t, True))
    return lo, hi


def jeffreys(x, n, al2):
    a, b = mpf(x) + mpf(1) / 2, mpf(n - x) + mpf(1) / 2
    lo = mpf(0)
    if x > 0:
        g = lambda p: log(betainc(a, b, 0, p, regularized=True)) - log(al2)
        lo = solve(g, gamma_start(a, n, al2, False))
    g = lambda p: log(betainc(a, b, p, 1, regularized=True)) - log(al2)
    hi = solve(g, gamma_start(a, n, al2, True))
    return lo, hi


def check_betainc():
    """mpmath's betainc against the finite binomial sum: I_p(x+1, n-x) = P(X > x)."""
    for n in (10**9, 2**53):
        for x in range(4):
            p = mpf(2.5) / n
            s = 1 - sum(pmf_terms(x, n, p))
            i = betainc(x + 1, n - x, 0, p, regularized=True)
            if abs(i - s) > mpf(10)**-40 * abs(s):
                raise SystemExit(f"betainc disagrees with the binomial sum at x={x} n={n}")


def fmt(v):
    return repr(float(v))


def main():
    check_betainc()
    out = sys.stdout
    out.write("method,x,n,level,lower,upper\n")
    for level in LEVELS:
        al = mpf(1.0 - level)
        al2 = mpf((1.0 - level) / 2.0)
        for n in NS:
            for x in range(4):
                rows = [("clopper-pearson", cp(x, n, al2)), ("jeffreys", jeffreys(x, n, al2)),
                        ("mid-p", midp(x, n, al))]
                for name, (lo, hi) in rows:
                    out.write(f"{name},{x},{n},{level!r},{fmt(lo)},{fmt(hi)}\n")
                    # mirrored: n - x events, limits 1 - hi, 1 - lo
                    out.write(f"{name},{n - x},{n},{level!r},{fmt(1 - hi)},{fmt(1 - lo)}\n")


if __name__ == "__main__":
    main()
