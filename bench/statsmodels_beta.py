#!/usr/bin/python3
"""Time statsmodels' proportion_confint(method='beta') (Clopper-Pearson) on the
inputs bench_ci dumped, vectorised as statsmodels users call it."""
import sys
import time

import numpy as np
from statsmodels.stats.proportion import proportion_confint

data = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
x, n = data[:, 0], data[:, 1]
t0 = time.perf_counter()
lo, hi = proportion_confint(x, n, alpha=0.05, method="beta")
t1 = time.perf_counter()
lo2, hi2 = proportion_confint(x, n, alpha=0.05, method="jeffreys")
t2 = time.perf_counter()
print(f"statsmodels n={len(x)} beta (clopper-pearson) {t1 - t0:.3f} s, jeffreys {t2 - t1:.3f} s, "
      f"total {t2 - t0:.3f} s")
