#!/bin/sh
# tests/bench/smoke.sh: keeps `ptf bench` working. Runs it with --quick and checks the
# shape of what it prints and writes (table, targets, JSON, CSV, plot), never the timings.
# Usage: PTF=build/ptf [BENCH_FORMATS=F,G] sh tests/bench/smoke.sh
# BENCH_FORMATS: the formats the full run takes (default: every one the build has).
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

if [ -n "$BENCH_FORMATS" ]; then
	formats=$(echo "$BENCH_FORMATS" | tr ',' '\n')
else
	formats=$("$PTF" formats | cut -d' ' -f1)
fi
nformats=$(echo "$formats" | wc -l)
format_args=$(for f in $formats; do printf -- '--format %s ' "$f"; done)
# ops with a generic baseline, then the per-format floor (specialised only)
compared_ops="fault_cold fault_warm fault_warm_prezeroed translate_4k translate_huge translate_4k_hot map_page_4k unmap_page_4k map_linear_huge unmap_huge map_linear_4k unmap_4k protect_4k"
floor_ops="translate_4k_hot_inline translate_floor fault_parallel_1 fault_parallel_2 dirty_log_start dirty_log_get_1pct protect_all age fault_huge_2m"
nops=$(echo $compared_ops $floor_ops | wc -w)
targets="translate_4k_hot generic / specialised|translate_huge generic / specialised|unmap_page_4k / map_page_4k|fault_warm_prezeroed / frame_pop|translate_4k_hot / translate_floor|translate_4k_hot_inline / translate_floor|fault_parallel_1 / fault_parallel_2|dirty_log_start / map_linear_4k|dirty_log_get_1pct / protect_all"
ntargets=9
num='[0-9]+(\.[0-9]+)?'

# shellcheck disable=SC2086 # one word per option
"$PTF" bench --quick --seed 7 $format_args --json "$tmp/b.json" --csv "$tmp/b.csv" >"$tmp/out" 2>"$tmp/err"
check "bench --quick exits 0" [ $? -eq 0 ]
check "table header" grep -q '^format  *op  *n  *p50_ns  *p90_ns  *p99_ns  *p99.9_ns  *max_ns  *mean_ns  *generic_p50  *ratio$' "$tmp/out"
check "floor rows" sh -c "grep -q '^floor  *zero_4k ' '$tmp/out' && grep -q '^floor  *frame_pop ' '$tmp/out'"
check "targets header" grep -q '^targets ' "$tmp/out"
for f in $formats; do
	for op in $compared_ops; do
		check "row $f $op" grep -Eq "^$f +$op +[0-9]+( +$num){6} +$num +${num}x$" "$tmp/out"
	done
	for op in $floor_ops; do
		# (nan: a phase the format cannot run, fault_huge_2m on a 64 KiB granule)
		check "row $f $op" grep -Eq "^$f +$op +[0-9]+( +($num|nan)){6} +- +-$" "$tmp/out"
	done
	check "floor ratio line $f" grep -q "^$f  *fault_warm p50 / floor = [0-9.]*x" "$tmp/out"
	check "targets: one line per target for $f" [ "$(grep -Ec "^$f +($targets) += +($num|nan|inf)x  \(target (>=|<=) ${num}x\)  (met|missed|unmeasured)$" "$tmp/out")" -eq $ntargets ]
done
check "targets: no other lines" [ "$(sed -n '/^targets /,$p' "$tmp/out" | grep -Evc "^targets |^[a-z0-9_]+ +($targets) += |^[a-z0-9_]+ +fault_warm_prezeroed: the pre-zeroed pool ")" -eq 0 ]
check "progress on stderr" grep -q '^ptf bench: clock ' "$tmp/err"

records=$(grep -c '"format": ' "$tmp/b.json")
check "json has a record per format and op" [ "$records" -eq $((nformats * nops + 2)) ]
check "json is an array" sh -c "head -1 '$tmp/b.json' | grep -qx '\[' && tail -1 '$tmp/b.json' | grep -qx '\]'"
check "json records carry the stable keys" sh -c "! grep '\"format\": ' '$tmp/b.json' | grep -v '\"op\": .*\"p50_ns\": .*\"p99_ns\": .*\"mean_ns\": .*\"generic_p50_ns\": '"
keys="format op n p50_ns p90_ns p99_ns p999_ns max_ns mean_ns generic_p50_ns ratio clock seed quick"
expected=$(for f in $formats; do for op in $compared_ops $floor_ops; do echo "$f $op"; done; done; echo "floor zero_4k"; echo "floor frame_pop")
if command -v python3 >/dev/null 2>&1; then
	check "json parses: every record has every key, one per format and op" python3 -c '
import json, sys
records = json.load(open(sys.argv[1]))
keys = sys.argv[2].split()
expected = set(tuple(line.split()) for line in sys.argv[3].splitlines())
assert isinstance(records, list)
assert all(isinstance(r, dict) and all(k in r for k in keys) for r in records)
got = [(r["format"], r["op"]) for r in records]
assert len(got) == len(set(got)) and set(got) == expected
' "$tmp/b.json" "$keys" "$expected"
elif command -v jq >/dev/null 2>&1; then
	check "json parses: every record has every key" jq -e --arg keys "$keys" \
		'type == "array" and all(.[]; . as $r | all($keys | split(" ")[]; $r | has(.)))' "$tmp/b.json"
else
	echo "skip json parse (neither python3 nor jq)"
fi
check "csv header" grep -qx 'format,op,n,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,mean_ns,generic_p50_ns,ratio' "$tmp/b.csv"
check "csv rows" [ "$(wc -l <"$tmp/b.csv")" -eq $((nformats * nops + 3)) ]

one=$(echo "$formats" | head -1)
"$PTF" bench --quick --format "$one" --seed 7 >"$tmp/one" 2>/dev/null
check "--format picks one format: its $nops rows" [ "$(grep -Ec "^$one +[a-z_0-9]+ +[0-9]+ " "$tmp/one")" -eq "$nops" ]
check "--format picks one format: no other format" [ "$(grep -Ec '^[a-z0-9_]+ +fault_cold ' "$tmp/one")" -eq 1 ]
check "--format picks one format: its targets only" [ "$(grep -Ec "^[a-z0-9_]+ +($targets) += " "$tmp/one")" -eq $ntargets ]
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
