#!/bin/sh
# tests/socs/run_bad_socs.sh: `make SOC=FILE` on every malformed SoC file in
# tests/socs/bad/ must fail with one line on stderr, the one in the file's "-- expect: "
# line (which names the file and the field), and build nothing: the build folder it
# would have used is never created. Run from the top of the tree by make test-soc.
set -eu
MAKE=${MAKE:-make}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ptforge-bad-soc.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

failed=0
n=0
for soc in tests/socs/bad/*.lua; do
	n=$((n + 1))
	want=$(sed -n 's/^-- expect: //p' "$soc")
	build="$tmp/build-$(basename "$soc" .lua)"
	status=0
	# (a make of its own, outside any -j of the caller's: its stderr is the one line)
	env -u MAKEFLAGS -u MFLAGS $MAKE --no-print-directory SOC="$soc" BUILD="$build" all >/dev/null 2>"$tmp/stderr" ||
		status=$?
	lines=$(wc -l <"$tmp/stderr")
	# make prints its own "Makefile:N: *** " before the message and ".  Stop." after it
	got=$(sed 's/^[^ ]*: \*\*\* //; s/\.  Stop\.$//' "$tmp/stderr")
	if [ "$status" -eq 0 ] || [ "$lines" -ne 1 ] || [ "$got" != "$want" ] || [ -e "$build" ]; then
		echo "FAIL $soc: exit $status, $lines line(s) on stderr, build folder $([ -e "$build" ] && echo made || echo absent)" >&2
		echo "  want: $want" >&2
		sed 's/^/  got:  /' "$tmp/stderr" >&2
		failed=$((failed + 1))
	fi
done
echo "bad SoC files: $((n - failed)) of $n refused with their one line, nothing built"
[ "$failed" -eq 0 ]
