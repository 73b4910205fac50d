#!/bin/sh
# tests/bench/smoke.sh: keeps `ptf bench` working. Runs it with --quick and checks the
# shape of what it prints and writes (table, targets, JSON, CSV, the plot as PNG, SVG and
# PDF), never the timings; and that an output it cannot write stops it before the run.
# Usage: PTF=build/ptf [BENCH_FORMATS=F,G] sh tests/bench/smoke.sh
# BENCH_FORMATS: the formats the full run takes (default: every one the build has).
# The plots need gnuplot (make test-bench-smoke installs it); without it, only that --plot
# is refused is checked.
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
compared_ops="fault_cold fault_warm fault_warm_prezeroed fault_warm_prezeroed_spread translate_4k translate_huge translate_4k_hot map_page_4k unmap_page_4k map_linear_huge unmap_huge map_linear_4k unmap_4k protect_4k"
floor_ops="translate_4k_hot_inline translate_floor fault_parallel_1 fault_parallel_2 dirty_log_start dirty_log_get_1pct protect_all age fault_huge_2m"
nops=$(echo $compared_ops $floor_ops | wc -w)
targets="translate_4k_hot generic / specialised|translate_huge generic / specialised|unmap_page_4k / map_page_4k|fault_warm_prezeroed / frame_pop|translate_4k_hot / translate_floor|translate_4k_hot_inline / translate_floor|fault_parallel_1 / fault_parallel_2|dirty_log_start / map_linear_4k|dirty_log_get_1pct / protect_all"
ntargets=9
num='[0-9]+(\.[0-9]+)?'

# The plots are drawn through a gnuplot that keeps a copy of the script it is given (ptf
# removes its own), and ptf's temporary files go to a folder of their own, to see it leaves
# none behind.
real_gnuplot=$(command -v gnuplot)
mkdir "$tmp/bin" "$tmp/fail-bin" "$tmp/no-terminal-bin" "$tmp/t"
# shellcheck disable=SC2016 # ($1 and $@ are the fake gnuplot's)
printf '#!/bin/sh\n[ "$1" = -e ] || cp "$1" "%s/plot.gp"\nexec "%s" "$@"\n' "$tmp" "$real_gnuplot" >"$tmp/bin/gnuplot"
# one that has every terminal but fails to draw; one that has none
# shellcheck disable=SC2016
printf '#!/bin/sh\n[ "$1" = -e ] && exit 0\necho "gnuplot: cannot draw" >&2\nexit 1\n' >"$tmp/fail-bin/gnuplot"
printf '#!/bin/sh\necho "unknown or ambiguous terminal type" >&2\nexit 1\n' >"$tmp/no-terminal-bin/gnuplot"
chmod +x "$tmp/bin/gnuplot" "$tmp/fail-bin/gnuplot" "$tmp/no-terminal-bin/gnuplot"
no_temporary_files() { [ -z "$(ls -A "$tmp/t")" ]; }
png_signature() { [ "$(od -An -tx1 -N8 "$1" | tr -d ' \n')" = 89504e470d0a1a0a ]; }

# (and the plot as PNG, when there is a gnuplot to draw it)
plot_png=""
[ -n "$real_gnuplot" ] && plot_png="--plot $tmp/b.png"
# shellcheck disable=SC2086 # one word per option
PATH="$tmp/bin:$PATH" TMPDIR="$tmp/t" "$PTF" bench --quick --seed 7 $format_args --json "$tmp/b.json" \
	--csv "$tmp/b.csv" $plot_png >"$tmp/out" 2>"$tmp/err"
check "bench --quick exits 0" [ $? -eq 0 ]
[ -n "$real_gnuplot" ] && mv "$tmp/plot.gp" "$tmp/png.gp"
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
check "targets: no other lines" [ "$(sed -n '/^targets /,$p' "$tmp/out" | grep -Evc "^targets |^[a-z0-9_]+ +($targets) += |^[a-z0-9_]+ +fault_warm_prezeroed(_spread)?: the pre-zeroed pool ")" -eq 0 ]
check "progress on stderr" grep -q '^ptf bench: clock ' "$tmp/err"
check "no progress on stdout" sh -c "! grep -q '^ptf bench' '$tmp/out'"

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
# (and the plot as SVG)
plot_svg=""
[ -n "$real_gnuplot" ] && plot_svg="--plot $tmp/b.svg"
# shellcheck disable=SC2086 # one word per option
PATH="$tmp/bin:$PATH" TMPDIR="$tmp/t" "$PTF" bench --quick --format "$one" --seed 7 $plot_svg >"$tmp/one" 2>/dev/null
check "--format picks one format: its $nops rows" [ "$(grep -Ec "^$one +[a-z_0-9]+ +[0-9]+ " "$tmp/one")" -eq "$nops" ]
check "--format picks one format: no other format" [ "$(grep -Ec '^[a-z0-9_]+ +fault_cold ' "$tmp/one")" -eq 1 ]
check "--format picks one format: its targets only" [ "$(grep -Ec "^[a-z0-9_]+ +($targets) += " "$tmp/one")" -eq $ntargets ]
"$PTF" bench --format no_such_format >/dev/null 2>"$tmp/bad"
check "unknown format is refused" [ $? -eq 2 ]
check "bench --help" sh -c "'$PTF' bench --help | grep -q '^usage: ptf bench'"

if [ -n "$real_gnuplot" ]; then
	check "--plot .png draws a PNG" png_signature "$tmp/b.png"
	check "--plot .png: gnuplot's pngcairo terminal" grep -q '^set terminal pngcairo ' "$tmp/png.gp"
	check "--plot: names as they are (noenhanced)" grep -q '^set terminal .* noenhanced' "$tmp/png.gp"
	check "--plot: panel titles noenhanced too" [ "$(grep -c "^set title '[a-z0-9_]*' noenhanced$" "$tmp/png.gp")" -eq 6 ]
	check "--plot: key noenhanced" grep -q '^set key .*noenhanced' "$tmp/png.gp"
	colours=$(grep '^plot ' "$tmp/png.gp" | grep -Eo "lc rgb '#[0-9a-f]{6}'" | sort -u | wc -l)
	check "--plot: a colour per format (ten at most)" [ "$colours" -eq $((nformats < 10 ? nformats : 10)) ]
	if [ "$nformats" -gt 10 ]; then
		check "--plot: past ten formats, points too" grep -q ' with points pt [0-9]' "$tmp/png.gp"
	fi
	check "--plot: x axis in ns" grep -q "^set xlabel 'latency (ns" "$tmp/png.gp"
	check "--plot: y axis a CDF" grep -q "^set ylabel 'fraction of operations (CDF)'" "$tmp/png.gp"
	check "--plot .svg draws an SVG" grep -q '<svg' "$tmp/b.svg"
	check "--plot .svg: names as they are, no subscripts" \
		sh -c "grep -q '<text>fault_warm_prezeroed</text>' '$tmp/b.svg' && grep -q '<text>$one</text>' '$tmp/b.svg'"
	PATH="$tmp/bin:$PATH" TMPDIR="$tmp/t" "$PTF" bench --quick --format "$one" --plot "$tmp/b.pdf" >/dev/null 2>&1
	check "--plot .pdf draws a PDF" [ "$(head -c 4 "$tmp/b.pdf")" = '%PDF' ]
	check "--plot .pdf: gnuplot's pdfcairo terminal" grep -q '^set terminal pdfcairo ' "$tmp/plot.gp"
	check "--plot: no temporary file left" no_temporary_files
fi
PATH="$tmp/fail-bin:$PATH" TMPDIR="$tmp/t" "$PTF" bench --quick --format "$one" --plot "$tmp/f.svg" >/dev/null 2>"$tmp/fail"
check "gnuplot failing: exit 2" [ $? -eq 2 ]
check "gnuplot failing: said" grep -q "^ptf bench: --plot $tmp/f.svg: gnuplot failed to draw it$" "$tmp/fail"
check "gnuplot failing: no temporary file left" no_temporary_files

# Refused before the run: exit 2 within 2 s (the run is a full one, which takes minutes:
# no benchmark ran), one line on stderr that is no progress line, nothing on stdout, no
# file made. Each in a folder of its own.
ptf_path=$(cd "$(dirname "$PTF")" && pwd)/$(basename "$PTF")
timeout=$(command -v timeout) # (found here: some runs below have a PATH without it)
refused() { # WHAT PATTERN-OF-WHY [NAME=VALUE...] (and $bench_args)
	what=$1 why=$2
	shift 2
	mkdir "$tmp/r"
	# shellcheck disable=SC2086 # one word per option
	(cd "$tmp/r" && env TMPDIR="$tmp/t" "$@" "$timeout" 2 "$ptf_path" bench --format "$one" $bench_args) \
		>"$tmp/r.out" 2>"$tmp/r.err"
	check "$what: exit 2 at once" [ $? -eq 2 ]
	check "$what: nothing on stdout" [ ! -s "$tmp/r.out" ]
	check "$what: one line on stderr" [ "$(wc -l <"$tmp/r.err")" -eq 1 ]
	check "$what: no progress line" sh -c "! grep -Eq '^ptf bench: (clock |floors|[a-z0-9_]+: )' '$tmp/r.err'"
	check "$what: says why" grep -Eq "^ptf bench: --(json|csv|plot) [^ ]+: $why$" "$tmp/r.err"
	check "$what: no file made" sh -c "[ -z \"\$(ls -A '$tmp/r')\" ] && [ -z \"\$(ls -A '$tmp/t')\" ]"
	rm -rf "$tmp/r"
}
bench_args="--plot x.gif"
refused "--plot x.gif" "the plot's file name must end in \.svg, \.png or \.pdf \(the format drawn\)" PATH="$tmp/bin:$PATH"
bench_args="--json $tmp/r/nodir/x.json"
refused "--json in a missing folder" "folder $tmp/r/nodir does not exist"
bench_args="--csv $tmp/r"
refused "--csv a folder" "is a directory"
bench_args="--json x.json --plot x.svg"
refused "--plot without gnuplot" \
	"needs gnuplot, which is not installed \(apt-get install gnuplot-nox, or make bench, installs it\)" \
	PATH=/nonexistent-dir
bench_args="--plot x.png"
refused "--plot with a gnuplot lacking the terminal" \
	"the installed gnuplot cannot draw \.png \(it has no pngcairo terminal\)" PATH="$tmp/no-terminal-bin"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
