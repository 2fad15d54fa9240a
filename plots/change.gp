# written by proptrend; edit freely and run: gnuplot THIS-FILE
set encoding utf8
set terminal pngcairo size 900,780 noenhanced font "DejaVu Sans,10" background "#ffffff"
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
set output "\0056\0057change\0056png"
set title "Year\0055over\0055year change"
set xlabel "Difference \0050percentage points\0051"
set ytics nomirror
set grid xtics
unset key
set arrow 1 from 0, graph 0 to 0, graph 1 nohead lc rgb "#444444" dt 2
$d << EOD_e0b3788426065232
29 10.47219984 5.886008227 15.05398598
28 -27.14845938 -32.7539118 -21.4541789
27 27.29080583 21.44588879 32.95627605
26 11.6835885 7.385362948 16.02064905
25 0.1029411765 -3.220245017 3.442103038
24 -3.154990403 -6.559620989 0.3318251544
23 -3.281576761 -7.081491634 0.5175241681
21 0.6289308176 -7.502790999 8.75691093
20 5.660377358 -1.785543151 13.13984458
19 -3.144654088 -10.35157274 4.025218737
18 0 -2.35901769 2.35901769
17 0 -2.35901769 2.35901769
15 6.520031422 4.325728854 8.745600516
14 -6.431981216 -8.652313048 -4.242625491
13 3.139717425 0.7565256088 5.53160525
12 2.435192459 0.9984708564 3.925747593
11 -0.3544388214 -1.605248253 0.8889402873
10 2.711076685 1.895954832 3.747017456
9 0 -0.3063751636 0.3063751636
7 -2.211434736 -5.075974944 0.6550108178
6 2.247509772 -0.5528634675 5.084547617
5 0.6499153021 -1.938585715 3.214056592
4 -0.1904665588 -2.572767286 2.228560675
3 2.258017064 0.2170897042 4.402160616
2 -4.383116883 -6.810970009 -2.103216347
1 0 -2.826559207 2.826559207
EOD_e0b3788426065232
unset label
set yrange [0.3:30.7]
set ytics ("Recognised safe 2013→2014" 29, "Recognised safe 2014→2015" 28, "Recognised safe 2015→2016" 27, "Registered 2013→2014" 26, "Registered 2014→2015" 25, "Registered 2015→2016" 24, "Registered 2016→2017" 23, "Recognised safe 2013→2014" 21, "Recognised safe 2014→2015" 20, "Recognised safe 2015→2016" 19, "Registered 2013→2014" 18, "Registered 2014→2015" 17, "Recognised safe 2013→2014" 15, "Recognised safe 2014→2015" 14, "Recognised safe 2015→2016" 13, "Registered 2013→2014" 12, "Registered 2014→2015" 11, "Registered 2015→2016" 10, "Registered 2016→2017" 9, "Recognised safe 2013→2014" 7, "Recognised safe 2014→2015" 6, "Recognised safe 2015→2016" 5, "Registered 2013→2014" 4, "Registered 2014→2015" 3, "Registered 2015→2016" 2, "Registered 2016→2017" 1)
set label 1 "Agencies and enterprises" at screen 0.01, first 30 left font "DejaVu Sans:Bold,10"
set label 2 "Communes\0054 wards and townships" at screen 0.01, first 22 left font "DejaVu Sans:Bold,10"
set label 3 "Residential areas" at screen 0.01, first 16 left font "DejaVu Sans:Bold,10"
set label 4 "Schools" at screen 0.01, first 8 left font "DejaVu Sans:Bold,10"
set lmargin 28
plot $d using 2:1:3:4 with xerrorbars lt 1 pt 7 notitle
