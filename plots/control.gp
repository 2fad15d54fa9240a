# written by proptrend; edit freely and run: gnuplot THIS-FILE
set encoding utf8
set terminal pngcairo size 900,1280 noenhanced font "DejaVu Sans,10" background "#ffffff"
set output "\0056\0057control\0056png"
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
set multiplot layout 4,2 title "Control chart"
set xtics 1
set format x "%.0f"
set autoscale xfix
set offsets 0.4, 0.4, 1, 1
set key outside below horizontal font ",8"
set ylabel "Percent"
$c0 << EOD_b858d22665987050
2013 80.82191781 78.7266009 85.87516902 76.66538953 87.93638038 91.35959339 2
2014 91.29411765 78.67234713 85.92942278 76.5798488 88.02192111 91.43646409 0
2015 64.14565826 78.34182561 86.2599443 76.05872276 88.54304715 87.59183673 2
2016 91.43646409 78.36926225 86.23250766 76.10198151 88.4997884 91.29411765 0
EOD_b858d22665987050
set title "Agencies and enterprises\0054 Recognised as safe in security and order"
plot $c0 using 1:3 with steps lc rgb "#999999" dt 2 title "95\0045 limits", $c0 using 1:4 with steps lc rgb "#999999" dt 2 notitle, \
     $c0 using 1:5 with steps lc rgb "#555555" dt 1 title "99\00568\0045 limits", $c0 using 1:6 with steps lc rgb "#555555" dt 1 notitle, \
     $c0 using 1:7 with points pt 1 ps 1.2 lc rgb "#009E73" title "Expected", \
     $c0 using 1:2 with linespoints lt 1 pt 7 title "Observed", \
     $c0 using 1:($8 == 1 ? $2 : NaN) with points pt 9 ps 2.2 lc rgb "#E69F00" title "Warning", \
     $c0 using 1:($8 == 2 ? $2 : NaN) with points pt 5 ps 2.2 lc rgb "#D55E00" title "Alarm"
$c1 << EOD_88f9541bdc9d7bf1
2013 81.96347032 86.48432462 92.25717198 84.81978728 93.92170932 91.06583072 2
2014 93.64705882 86.44051183 92.30098477 84.75070861 93.99078799 93.75 0
2015 93.75 86.46434913 92.27714747 84.78829236 93.95320424 93.64705882 0
2016 90.5950096 86.72420946 92.01728714 85.19800845 93.54348815 93.69894982 1
2017 87.31343284 86.76150403 91.97999257 85.25680998 93.48468662 92.52539913 2
EOD_88f9541bdc9d7bf1
set title "Agencies and enterprises\0054 Registered \0050pledged\0051"
plot $c1 using 1:3 with steps lc rgb "#999999" dt 2 title "95\0045 limits", $c1 using 1:4 with steps lc rgb "#999999" dt 2 notitle, \
     $c1 using 1:5 with steps lc rgb "#555555" dt 1 title "99\00568\0045 limits", $c1 using 1:6 with steps lc rgb "#555555" dt 1 notitle, \
     $c1 using 1:7 with points pt 1 ps 1.2 lc rgb "#009E73" title "Expected", \
     $c1 using 1:2 with linespoints lt 1 pt 7 title "Observed", \
     $c1 using 1:($8 == 1 ? $2 : NaN) with points pt 9 ps 2.2 lc rgb "#E69F00" title "Warning", \
     $c1 using 1:($8 == 2 ? $2 : NaN) with points pt 5 ps 2.2 lc rgb "#D55E00" title "Alarm"
$c2 << EOD_3e805f4750a3cf24
2013 83.64779874 80.79661552 91.5304285 77.70163804 94.62540598 87.00209644 0
2014 84.27672956 80.79661552 91.5304285 77.70163804 94.62540598 86.79245283 0
2015 89.93710692 80.79661552 91.5304285 77.70163804 94.62540598 84.90566038 0
2016 86.79245283 80.79661552 91.5304285 77.70163804 94.62540598 85.95387841 0
EOD_3e805f4750a3cf24
set title "Communes\0054 wards and townships\0054 Recognised as safe in security and order"
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
$c4 << EOD_23805d352b1fb454
2013 87.82403771 88.65560422 91.90976681 87.71730205 92.84806897 87.91208791 0
2014 94.34406913 88.65560422 91.90976681 87.71730205 92.84806897 88.92959958 2
2015 87.91208791 88.65624291 91.90912811 87.71830907 92.84706195 87.82403771 0
2016 91.05180534 88.65624291 91.90912811 87.71830907 92.84706195 87.86808009 1
EOD_23805d352b1fb454
set title "Residential areas\0054 Recognised as safe in security and order"
plot $c4 using 1:3 with steps lc rgb "#999999" dt 2 title "95\0045 limits", $c4 using 1:4 with steps lc rgb "#999999" dt 2 notitle, \
     $c4 using 1:5 with steps lc rgb "#555555" dt 1 title "99\00568\0045 limits", $c4 using 1:6 with steps lc rgb "#555555" dt 1 notitle, \
     $c4 using 1:7 with points pt 1 ps 1.2 lc rgb "#009E73" title "Expected", \
     $c4 using 1:2 with linespoints lt 1 pt 7 title "Observed", \
     $c4 using 1:($8 == 1 ? $2 : NaN) with points pt 9 ps 2.2 lc rgb "#E69F00" title "Warning", \
     $c4 using 1:($8 == 2 ? $2 : NaN) with points pt 5 ps 2.2 lc rgb "#D55E00" title "Alarm"
$c5 << EOD_d796992824444337
2013 95.20816968 97.24481721 98.77853769 96.8025857 99.2207692 98.7164297 2
2014 97.64336214 97.24481721 98.77853769 96.8025857 99.2207692 100 2
2015 97.28892332 97.25018202 98.77317288 96.81104428 99.21231062 99.20487676 2
2016 100 97.23779426 98.78556064 96.79151276 99.23184214 100 0
2017 100 97.23779426 98.78556064 96.79151276 99.23184214 100 0
EOD_d796992824444337
set title "Residential areas\0054 Registered \0050pledged\0051"
plot $c5 using 1:3 with steps lc rgb "#999999" dt 2 title "95\0045 limits", $c5 using 1:4 with steps lc rgb "#999999" dt 2 notitle, \
     $c5 using 1:5 with steps lc rgb "#555555" dt 1 title "99\00568\0045 limits", $c5 using 1:6 with steps lc rgb "#555555" dt 1 notitle, \
     $c5 using 1:7 with points pt 1 ps 1.2 lc rgb "#009E73" title "Expected", \
     $c5 using 1:2 with linespoints lt 1 pt 7 title "Observed", \
     $c5 using 1:($8 == 1 ? $2 : NaN) with points pt 9 ps 2.2 lc rgb "#E69F00" title "Warning", \
     $c5 using 1:($8 == 2 ? $2 : NaN) with points pt 5 ps 2.2 lc rgb "#D55E00" title "Alarm"
$c6 << EOD_80b3775d53738cc8
2013 94.44444444 92.113676 95.97856718 90.99927694 97.09296625 94.79429051 0
2014 92.23300971 92.18049691 95.91174628 91.104632 96.98761119 94.68024901 1
2015 94.48051948 92.17747075 95.91477243 91.09986072 96.99238246 94.78714162 0
2016 95.13043478 92.11199635 95.98024684 90.99662866 97.09561453 94.46308725 0
EOD_80b3775d53738cc8
set title "Schools\0054 Recognised as safe in security and order"
plot $c6 using 1:3 with steps lc rgb "#999999" dt 2 title "95\0045 limits", $c6 using 1:4 with steps lc rgb "#999999" dt 2 notitle, \
     $c6 using 1:5 with steps lc rgb "#555555" dt 1 title "99\00568\0045 limits", $c6 using 1:6 with steps lc rgb "#555555" dt 1 notitle, \
     $c6 using 1:7 with points pt 1 ps 1.2 lc rgb "#009E73" title "Expected", \
     $c6 using 1:2 with linespoints lt 1 pt 7 title "Observed", \
     $c6 using 1:($8 == 1 ? $2 : NaN) with points pt 9 ps 2.2 lc rgb "#E69F00" title "Warning", \
     $c6 using 1:($8 == 2 ? $2 : NaN) with points pt 5 ps 2.2 lc rgb "#D55E00" title "Alarm"
$c7 << EOD_3f17d9ed3c2bdc96
2013 95.65972222 93.33934225 96.86447103 92.32290996 97.88090332 94.05405405 0
2014 95.46925566 93.40028894 96.80352434 92.41900326 97.78481002 94.08185841 0
2015 97.72727273 93.39752881 96.80628447 92.41465143 97.78916185 94.43528442 2
2016 93.34415584 93.39752881 96.80628447 92.41465143 97.78916185 94.80662983 0
2017 93.34415584 93.39752881 96.80628447 92.41465143 97.78916185 94.80662983 0
EOD_3f17d9ed3c2bdc96
set title "Schools\0054 Registered \0050pledged\0051"
plot $c7 using 1:3 with steps lc rgb "#999999" dt 2 title "95\0045 limits", $c7 using 1:4 with steps lc rgb "#999999" dt 2 notitle, \
     $c7 using 1:5 with steps lc rgb "#555555" dt 1 title "99\00568\0045 limits", $c7 using 1:6 with steps lc rgb "#555555" dt 1 notitle, \
     $c7 using 1:7 with points pt 1 ps 1.2 lc rgb "#009E73" title "Expected", \
     $c7 using 1:2 with linespoints lt 1 pt 7 title "Observed", \
     $c7 using 1:($8 == 1 ? $2 : NaN) with points pt 9 ps 2.2 lc rgb "#E69F00" title "Warning", \
     $c7 using 1:($8 == 2 ? $2 : NaN) with points pt 5 ps 2.2 lc rgb "#D55E00" title "Alarm"
unset multiplot
