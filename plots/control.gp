# written by proptrend; edit freely and run: gnuplot THIS-FILE
set encoding utf8
set terminal pngcairo size 900,1340 noenhanced font "DejaVu Sans,10" background "#ffffff"
set grid lc rgb "#dddddd"
set border lc rgb "#444444"
set linetype 1 lc rgb "#0072B2" lw 2 dt 1 pt 7 ps 1
set linetype 2 lc rgb "#D55E00" lw 2 dt 2 pt 5 ps 1
set linetype 3 lc rgb "#009E73" lw 2 dt 3 pt 9 ps 1
set linetype 4 lc rgb "#CC79A7" lw 2 dt 4 pt 11 ps 1
set linetype 5 lc rgb "#E69F00" lw 2 dt 1 pt 13 ps 1
set linetype 6 lc rgb "#56B4E9" lw 2 dt 2 pt 15 ps 1
set linetype 7 lc rgb "#F0E442" lw 2 dt 3 pt 6 ps 1
set linetype 8 lc rgb "#000000" lw 2 dt 4 pt 4 ps 1
set output "\0056\0057control\0056png"
set multiplot layout 4,2 title "Control chart"
set xtics 1
set format x "%.0f"
set autoscale xfix
set offsets 0.4, 0.4, graph 0.05, graph 0.05
set yrange [0<*:*<100]
set key outside below horizontal font ",8" height 1
set xlabel "Year"
set ylabel "Percent"
$c0 << EOD_25c35d93b3f62118
2013 80.82191781 66.80310031 97.10458734 54.62847429 100 91.36486223 0
2014 91.29411765 66.78742045 97.12026719 54.60019464 100 86.0917386 0
2015 64.14565826 66.68717702 97.22051063 54.41939896 100 87.83160761 1
2016 91.43646409 66.69580465 97.21188299 54.43495948 100 86.05260157 0
EOD_25c35d93b3f62118
set title "Agencies and enterprises\0054 Recognised as safe in"."\n"."security and order"

plot $c0 using 1:3 with steps lc rgb "#999999" dt 2 title "95\0045 limits", $c0 using 1:4 with steps lc rgb "#999999" dt 2 notitle, \
     $c0 using 1:5 with steps lc rgb "#555555" dt 1 title "99\00568\0045 limits", $c0 using 1:6 with steps lc rgb "#555555" dt 1 notitle, \
     $c0 using 1:7 with points pt 1 ps 1.2 lc rgb "#009E73" title "Expected", \
     $c0 using 1:2 with linespoints lt 1 pt 7 title "Observed", \
     $c0 using 1:($8 == 1 ? $2 : NaN) with points pt 9 ps 2.2 lc rgb "#E69F00" title "Warning", \
     $c0 using 1:($8 == 2 ? $2 : NaN) with points pt 5 ps 2.2 lc rgb "#D55E00" title "Alarm"
unset key
$c1 << EOD_46b4c46a6778486b
2013 81.96347032 80.2556396 98.63291709 72.8719597 100 91.29763895 0
2014 93.64705882 80.2389049 98.64965179 72.84177757 100 88.40776002 0
2015 93.75 80.24803727 98.64051942 72.8582484 100 88.37974016 0
2016 90.5950096 80.34329436 98.54526233 73.03005087 100 89.15226778 0
2017 87.31343284 80.35631088 98.53224581 73.05352703 100 89.98694836 0
EOD_46b4c46a6778486b
set title "Agencies and enterprises\0054 Registered \0050pledged\0051"

plot $c1 using 1:3 with steps lc rgb "#999999" dt 2 title "95\0045 limits", $c1 using 1:4 with steps lc rgb "#999999" dt 2 notitle, \
     $c1 using 1:5 with steps lc rgb "#555555" dt 1 title "99\00568\0045 limits", $c1 using 1:6 with steps lc rgb "#555555" dt 1 notitle, \
     $c1 using 1:7 with points pt 1 ps 1.2 lc rgb "#009E73" title "Expected", \
     $c1 using 1:2 with linespoints lt 1 pt 7 title "Observed", \
     $c1 using 1:($8 == 1 ? $2 : NaN) with points pt 9 ps 2.2 lc rgb "#E69F00" title "Warning", \
     $c1 using 1:($8 == 2 ? $2 : NaN) with points pt 5 ps 2.2 lc rgb "#D55E00" title "Alarm"
$c2 << EOD_bf5af218287b925b
2013 83.64779874 71.7752846 100 60.21338275 100 87.00209644 0
2014 84.27672956 71.7752846 100 60.21338275 100 86.79245283 0
2015 89.93710692 71.7752846 100 60.21338275 100 84.90566038 0
2016 86.79245283 71.7752846 100 60.21338275 100 85.95387841 0
EOD_bf5af218287b925b
set title "Communes\0054 wards and townships\0054 Recognised as safe in"."\n"."security and order"

plot $c2 using 1:3 with steps lc rgb "#999999" dt 2 title "95\0045 limits", $c2 using 1:4 with steps lc rgb "#999999" dt 2 notitle, \
     $c2 using 1:5 with steps lc rgb "#555555" dt 1 title "99\00568\0045 limits", $c2 using 1:6 with steps lc rgb "#555555" dt 1 notitle, \
     $c2 using 1:7 with points pt 1 ps 1.2 lc rgb "#009E73" title "Expected", \
     $c2 using 1:2 with linespoints lt 1 pt 7 title "Observed", \
     $c2 using 1:($8 == 1 ? $2 : NaN) with points pt 9 ps 2.2 lc rgb "#E69F00" title "Warning", \
     $c2 using 1:($8 == 2 ? $2 : NaN) with points pt 5 ps 2.2 lc rgb "#D55E00" title "Alarm"
$c3 << EOD_ae7ff625c7390014
2013 100 NaN NaN NaN NaN 100 0
2014 100 NaN NaN NaN NaN 100 0
2015 100 NaN NaN NaN NaN 100 0
EOD_ae7ff625c7390014
set title "Communes\0054 wards and townships\0054 Registered \0050pledged\0051"

plot $c3 using 1:3 with steps lc rgb "#999999" dt 2 title "95\0045 limits", $c3 using 1:4 with steps lc rgb "#999999" dt 2 notitle, \
     $c3 using 1:5 with steps lc rgb "#555555" dt 1 title "99\00568\0045 limits", $c3 using 1:6 with steps lc rgb "#555555" dt 1 notitle, \
     $c3 using 1:7 with points pt 1 ps 1.2 lc rgb "#009E73" title "Expected", \
     $c3 using 1:2 with linespoints lt 1 pt 7 title "Observed", \
     $c3 using 1:($8 == 1 ? $2 : NaN) with points pt 9 ps 2.2 lc rgb "#E69F00" title "Warning", \
     $c3 using 1:($8 == 2 ? $2 : NaN) with points pt 5 ps 2.2 lc rgb "#D55E00" title "Alarm"
$c4 << EOD_22ae39b25c23f1e6
2013 87.82403771 78.87623232 100 69.71014504 100 91.10263345 0
2014 94.34406913 78.87623232 100 69.71014504 100 88.92931737 0
2015 87.91208791 78.87634145 100 69.71034187 100 91.07330392 0
2016 91.05180534 78.87634145 100 69.71034187 100 90.02671809 0
EOD_22ae39b25c23f1e6
set title "Residential areas\0054 Recognised as safe in security"."\n"."and order"

plot $c4 using 1:3 with steps lc rgb "#999999" dt 2 title "95\0045 limits", $c4 using 1:4 with steps lc rgb "#999999" dt 2 notitle, \
     $c4 using 1:5 with steps lc rgb "#555555" dt 1 title "99\00568\0045 limits", $c4 using 1:6 with steps lc rgb "#555555" dt 1 notitle, \
     $c4 using 1:7 with points pt 1 ps 1.2 lc rgb "#009E73" title "Expected", \
     $c4 using 1:2 with linespoints lt 1 pt 7 title "Observed", \
     $c4 using 1:($8 == 1 ? $2 : NaN) with points pt 9 ps 2.2 lc rgb "#E69F00" title "Warning", \
     $c4 using 1:($8 == 2 ? $2 : NaN) with points pt 5 ps 2.2 lc rgb "#D55E00" title "Alarm"
$c5 << EOD_0204ace686f5aff9
2013 95.20816968 94.03478697 100 90.82649489 100 98.73232898 0
2014 97.64336214 94.03478697 100 90.82649489 100 98.12337633 0
2015 97.28892332 94.0360254 100 90.82872849 100 98.21215181 0
2016 100 94.03315321 100 90.8235483 100 97.53457155 0
2017 100 94.03315321 100 90.8235483 100 97.53457155 0
EOD_0204ace686f5aff9
set title "Residential areas\0054 Registered \0050pledged\0051"

plot $c5 using 1:3 with steps lc rgb "#999999" dt 2 title "95\0045 limits", $c5 using 1:4 with steps lc rgb "#999999" dt 2 notitle, \
     $c5 using 1:5 with steps lc rgb "#555555" dt 1 title "99\00568\0045 limits", $c5 using 1:6 with steps lc rgb "#555555" dt 1 notitle, \
     $c5 using 1:7 with points pt 1 ps 1.2 lc rgb "#009E73" title "Expected", \
     $c5 using 1:2 with linespoints lt 1 pt 7 title "Observed", \
     $c5 using 1:($8 == 1 ? $2 : NaN) with points pt 9 ps 2.2 lc rgb "#E69F00" title "Warning", \
     $c5 using 1:($8 == 2 ? $2 : NaN) with points pt 5 ps 2.2 lc rgb "#D55E00" title "Alarm"
$c6 << EOD_9192e5d1e751a44c
2013 94.44444444 84.84227489 100 77.42655377 100 93.94652039 0
2014 92.23300971 84.85870011 100 77.45617775 100 94.68488711 0
2015 94.48051948 84.85796813 100 77.45485756 100 93.93390308 0
2016 95.13043478 84.84185495 100 77.42579638 100 93.71842348 0
EOD_9192e5d1e751a44c
set title "Schools\0054 Recognised as safe in security and order"

plot $c6 using 1:3 with steps lc rgb "#999999" dt 2 title "95\0045 limits", $c6 using 1:4 with steps lc rgb "#999999" dt 2 notitle, \
     $c6 using 1:5 with steps lc rgb "#555555" dt 1 title "99\00568\0045 limits", $c6 using 1:6 with steps lc rgb "#555555" dt 1 notitle, \
     $c6 using 1:7 with points pt 1 ps 1.2 lc rgb "#009E73" title "Expected", \
     $c6 using 1:2 with linespoints lt 1 pt 7 title "Observed", \
     $c6 using 1:($8 == 1 ? $2 : NaN) with points pt 9 ps 2.2 lc rgb "#E69F00" title "Warning", \
     $c6 using 1:($8 == 2 ? $2 : NaN) with points pt 5 ps 2.2 lc rgb "#D55E00" title "Alarm"
$c7 << EOD_cadc3b64543c74bb
2013 95.65972222 88.75085126 100 83.64224836 100 94.97124539 0
2014 95.46925566 88.7710383 100 83.67865702 100 95.0178545 0
2015 97.72727273 88.77013806 100 83.67703339 100 94.45256628 0
2016 93.34415584 88.77013806 100 83.67703339 100 95.54992959 0
2017 93.34415584 88.77013806 100 83.67703339 100 95.54992959 0
EOD_cadc3b64543c74bb
set title "Schools\0054 Registered \0050pledged\0051"

plot $c7 using 1:3 with steps lc rgb "#999999" dt 2 title "95\0045 limits", $c7 using 1:4 with steps lc rgb "#999999" dt 2 notitle, \
     $c7 using 1:5 with steps lc rgb "#555555" dt 1 title "99\00568\0045 limits", $c7 using 1:6 with steps lc rgb "#555555" dt 1 notitle, \
     $c7 using 1:7 with points pt 1 ps 1.2 lc rgb "#009E73" title "Expected", \
     $c7 using 1:2 with linespoints lt 1 pt 7 title "Observed", \
     $c7 using 1:($8 == 1 ? $2 : NaN) with points pt 9 ps 2.2 lc rgb "#E69F00" title "Warning", \
     $c7 using 1:($8 == 2 ? $2 : NaN) with points pt 5 ps 2.2 lc rgb "#D55E00" title "Alarm"
unset multiplot
