#!/usr/bin/python3
"""rates_pandas.py - the peer of `proptrend rates --method clopper-pearson -f csv`:
pandas reads the tidy table, statsmodels computes the exact (Clopper-Pearson)
intervals vectorised, pandas writes the CSV.  Timed end to end by bench/rates.sh.
  rates_pandas.py IN.csv OUT.csv"""
import sys

import pandas as pd
from statsmodels.stats.proportion import proportion_confint

d = pd.read_csv(sys.argv[1])
d["p"] = d["count"] / d["total"]
d["lower"], d["upper"] = proportion_confint(d["count"], d["total"], alpha=0.05, method="beta")
d["method"] = "clopper-pearson"
d["level"] = 0.95
d.to_csv(sys.argv[2], index=False)
