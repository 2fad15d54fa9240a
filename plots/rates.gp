# written by proptrend; edit freely and run: gnuplot THIS-FILE
set encoding utf8
set terminal pngcairo size 900,700 noenhanced font "DejaVu Sans,10" background "#ffffff"
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
set output "\0056\0057rates\0056png"
set multiplot layout 2,2 title "Rates with 95\0045 confidence intervals"
set xlabel "Year"
set ylabel "Percent"
set key outside below horizontal font ",9" height 1
set xtics 1
set format x "%.0f"
set autoscale xfix
set offsets 0.4, 0.4, 0, 0
set title "Agencies and enterprises"
set yrange [0<*:*<100]
$s0 << EOD_9654c5d8ac4ce260
2013 80.82191781 76.87319817 84.2346935
2014 91.29411765 88.23044084 93.61798887
2015 64.14565826 59.04460746 68.94552437
2016 91.43646409 88.10114693 93.90158752
EOD_9654c5d8ac4ce260
$s1 << EOD_5e7ac0d9790ac47e
2013 81.96347032 78.08971707 85.28142984
2014 93.64705882 90.91468119 95.59747671
2015 93.75 91.0593799 95.6694047
2016 90.5950096 87.78300052 92.81276662
2017 87.31343284 84.22783616 89.86799206
EOD_5e7ac0d9790ac47e
plot $s0 using 1:2:3:4 with yerrorbars lt 1 dt 1 notitle, $s0 using 1:2 with linespoints lt 1 title "Recognised as safe in security and order", \
     $s1 using 1:2:3:4 with yerrorbars lt 2 dt 1 notitle, $s1 using 1:2 with linespoints lt 2 title "Registered \0050pledged\0051"
unset key
set title "Communes\0054 wards and townships"
set yrange [0<*:*<100]
$s2 << EOD_8db7fdfb644b80a9
2013 83.64779874 77.11842444 88.589658
2014 84.27672956 77.81894923 89.11732166
2015 89.93710692 84.27933348 93.71063352
2016 86.79245283 80.65240613 91.19661859
EOD_8db7fdfb644b80a9
$s3 << EOD_0faf218d97801f96
2013 100 97.64098231 100
2014 100 97.64098231 100
2015 100 97.64098231 100
EOD_0faf218d97801f96
plot $s2 using 1:2:3:4 with yerrorbars lt 1 dt 1 notitle, $s2 using 1:2 with linespoints lt 1 title "Recognised as safe in security and order", \
     $s3 using 1:2:3:4 with yerrorbars lt 2 dt 1 notitle, $s3 using 1:2 with linespoints lt 2 title "Registered \0050pledged\0051"
set title "Residential areas"
set yrange [0<*:*<100]
$s4 << EOD_c2ae424d83a03f3f
2013 87.82403771 85.91298445 89.50749891
2014 94.34406913 92.93661677 95.48469758
2015 87.91208791 86.00713642 89.58909606
2016 91.05180534 89.35851065 92.49827939
EOD_c2ae424d83a03f3f
$s5 << EOD_939fbbc79d63e06a
2013 95.20816968 93.8927216 96.25159445
2014 97.64336214 96.65572166 98.34432644
2015 97.28892332 96.25298254 98.04427614
2016 100 99.69362484 100
2017 100 99.69362484 100
EOD_939fbbc79d63e06a
plot $s4 using 1:2:3:4 with yerrorbars lt 1 dt 1 notitle, $s4 using 1:2 with linespoints lt 1 title "Recognised as safe in security and order", \
     $s5 using 1:2:3:4 with yerrorbars lt 2 dt 1 notitle, $s5 using 1:2 with linespoints lt 2 title "Registered \0050pledged\0051"
set title "Schools"
set yrange [0<*:*<100]
$s6 << EOD_1d774ca5d8bd51c3
2013 94.44444444 92.2624648 96.03753379
2014 92.23300971 89.85232558 94.09190049
2015 94.48051948 92.38609466 96.0236095
2016 95.13043478 93.0521637 96.60969312
EOD_1d774ca5d8bd51c3
$s7 << EOD_17832d1f35b8e06f
2013 95.65972222 93.67136024 97.04309144
2014 95.46925566 93.52975924 96.84697457
2015 97.72727273 96.22152537 98.64144186
2016 93.34415584 91.09498587 95.05607622
2017 93.34415584 91.09498587 95.05607622
EOD_17832d1f35b8e06f
plot $s6 using 1:2:3:4 with yerrorbars lt 1 dt 1 notitle, $s6 using 1:2 with linespoints lt 1 title "Recognised as safe in security and order", \
     $s7 using 1:2:3:4 with yerrorbars lt 2 dt 1 notitle, $s7 using 1:2 with linespoints lt 2 title "Registered \0050pledged\0051"
unset multiplot
