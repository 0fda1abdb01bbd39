#!/bin/bash
# ab.sh N FORMAT FILE[,FILE2] BIN_A BIN_B [ENV_A] [ENV_B]: alternate runs of two builds on
# fresh databases; prints each run's CPU (user+sys) and wall, then min CPU.
n=$1 fmt=$2 files=$3 A=$4 B=$5
ea=${6:-X_NONE=1} eb=${7:-X_NONE=1}
cd "$(dirname "$0")/out"
declare -A best bestw
for i in $(seq "$n"); do
  for w in A B; do
    bin=${!w}; e=$ea; [ $w = B ] && e=$eb
    rm -f ab.db ab.db-wal ab.db-shm ab.db-journal
    $bin --db ab.db init --org B >/dev/null
    tot=0 wt=0
    for f in ${files//,/ }; do
      env $e /usr/bin/time -f "%e %U %S" -o ab.time $bin --db ab.db import $fmt $f >/dev/null
      read -r wall u s < ab.time
      tot=$(echo "$tot + $u + $s" | bc)
      wt=$(echo "$wt + $wall" | bc)
    done
    echo "$w run $i: cpu $tot wall $wt"
    b=${best[$w]:-999999}
    if (( $(echo "$tot < $b" | bc) )); then best[$w]=$tot; fi
    b=${bestw[$w]:-999999}
    if (( $(echo "$wt < $b" | bc) )); then bestw[$w]=$wt; fi
  done
done
echo "min cpu: A ${best[A]}  B ${best[B]};  min wall: A ${bestw[A]}  B ${bestw[B]}"
