# gen_district.awk - a deterministic district table for the benchmarks:
# areas x 4 groups x 2 stages x 10 years (awk -v areas=N; -v audit=1 adds a
# printed percentage, a few missing figures and a few typos, for the audit).
BEGIN {
  srand(20261201);
  split("school commune residential_area agency_enterprise", g, " ");
  print audit ? "area,group,stage,period,count,total,reported" : "area,group,stage,period,count,total";
  for (a = 1; a <= areas; a++)
    for (k = 1; k <= 4; k++) {
      base = 50 + int(rand() * 1500);
      for (y = 2015; y <= 2024; y++) {
        n = base + int(rand() * 20) - 10;
        reg = int(n * (0.8 + 0.2 * rand()));
        rec = int(reg * (0.7 + 0.3 * rand()));
        if (!audit) {
          printf "d%05d,%s,registered,%d,%d,%d\n", a, g[k], y, reg, n;
          printf "d%05d,%s,recognized,%d,%d,%d\n", a, g[k], y, rec, n;
          continue;
        }
        if (rand() < 0.005) continue;            # a missing figure
        p = sprintf("%.1f", 100 * reg / n);
        if (rand() < 0.01) p = sprintf("%.1f", 100 * reg / n + 0.3);   # a typo
        printf "d%05d,%s,registered,%d,%d,%d,%s\n", a, g[k], y, reg, n, p;
        printf "d%05d,%s,recognized,%d,%d,%d,%.1f\n", a, g[k], y, rec, n, 100 * rec / n;
      }
    }
}
