# gen_tidy.awk - a seeded tidy table of ROWS rows (default 1,000,000):
# 12,500 districts x 4 groups x 2 stages x 10 years, totals 50-5049.
#   awk -v ROWS=1000000 -f bench/gen_tidy.awk > tidy.csv
BEGIN {
  srand(7); rows = ROWS ? ROWS : 1000000
  print "area,group,stage,period,count,total"
  for (i = 0; i < rows; i++) {
    n = 50 + int(rand() * 5000); x = int(rand() * (n + 1))
    printf "D%05d,group%d,%s,%d,%d,%d\n", int(i / 80), int(i / 20) % 4,
      (int(i / 10) % 2 ? "recognized" : "registered"), 2010 + i % 10, x, n
  }
}
