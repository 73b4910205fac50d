#!/bin/sh
# tests/bench/smoke.sh: keeps `ptf bench` working. Runs it with --quick and checks the
# shape of what it prints and writes (table, JSON, CSV, plot), never the timings.
# Usage: PTF=build/ptf sh tests/bench/smoke.sh
PTF=${PTF:-build/ptf}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
check() { # NAME CONDITION...
	name=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
		echo "ok   $name"
	else
		failed=$((failed + 1))
		echo "FAIL $name"
	fi
}

formats=$("$PTF" formats | cut -d' ' -f1)
nformats=$(echo "$formats" | wc -l)
ops="fault_cold fault_warm translate_4k translate_huge translate_4k_hot map_linear_huge unmap_huge map_linear_4k unmap_4k protect_4k"

"$PTF" bench --quick --seed 7 --json "$tmp/b.json" --csv "$tmp/b.csv" >"$tmp/out" 2>"$tmp/err"
check "bench --quick exits 0" [ $? -eq 0 ]
check "table header" grep -q '^format  *op  *n  *p50_ns  *p90_ns  *p99_ns  *p99.9_ns  *max_ns  *mean_ns  *generic_p50  *ratio$' "$tmp/out"
check "floor rows" grep -q '^floor  *zero_4k ' "$tmp/out"
for f in $formats; do
	for op in $ops; do
		check "row $f $op" grep -Eq "^$f +$op +[0-9]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+x$" "$tmp/out"
	done
	check "floor ratio line $f" grep -q "^$f  *fault_warm p50 / floor = [0-9.]*x" "$tmp/out"
done
check "progress on stderr" grep -q '^ptf bench: clock ' "$tmp/err"
records=$(grep -c '"format": ' "$tmp/b.json")
check "json has a record per format and op" [ "$records" -eq $((nformats * 10 + 2)) ]
check "json is an array" sh -c "head -1 '$tmp/b.json' | grep -qx '\[' && tail -1 '$tmp/b.json' | grep -qx '\]'"
check "json records carry the stable keys" sh -c "! grep '\"format\": ' '$tmp/b.json' | grep -v '\"op\": .*\"p50_ns\": .*\"p99_ns\": .*\"mean_ns\": .*\"generic_p50_ns\": '"
check "csv header" grep -qx 'format,op,n,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,mean_ns,generic_p50_ns,ratio' "$tmp/b.csv"
check "csv rows" [ "$(wc -l <"$tmp/b.csv")" -eq $((nformats * 10 + 3)) ]

one=$(echo "$formats" | head -1)
"$PTF" bench --quick --format "$one" --seed 7 >"$tmp/one" 2>/dev/null
check "--format picks one format: its 10 rows" [ "$(grep -Ec "^$one +[a-z_0-9]+ +[0-9]+ " "$tmp/one")" -eq 10 ]
check "--format picks one format: no other format" [ "$(grep -Ec '^[a-z0-9_]+ +fault_cold ' "$tmp/one")" -eq 1 ]
"$PTF" bench --format no_such_format >/dev/null 2>"$tmp/bad"
check "unknown format is refused" [ $? -eq 2 ]
check "bench --help" sh -c "'$PTF' bench --help | grep -q '^usage: ptf bench'"
if command -v gnuplot >/dev/null 2>&1; then
	"$PTF" bench --quick --format "$one" --plot "$tmp/b.svg" >/dev/null 2>&1
	check "--plot draws an SVG" grep -q '<svg' "$tmp/b.svg"
else
	"$PTF" bench --quick --format "$one" --plot "$tmp/b.svg" >/dev/null 2>"$tmp/plot"
	check "--plot says gnuplot is missing" grep -q 'gnuplot, which is not installed' "$tmp/plot"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
