#!/bin/sh
# tests/fuzz/planted_bug.sh: shows that the platform fuzzer is guided. It plants a
# generator bug in a throwaway copy of gen/ (gen/rules/root.lua reads out.levels without
# the check that the levels rule accepted them), seeds the fuzzer with the good platform
# files only (none of which reaches the bug), and gives it FUZZ_SECONDS (default 60) to
# find a platform file that crashes the generator. Prints how long it took; exit 0 when
# found, 1 when not. Run from the top of the tree after make build/fuzz/fuzz_platform:
#   sh tests/fuzz/planted_bug.sh            (what `make fuzz-planted` does)
set -u
FUZZER=${FUZZER:-$(pwd)/build/fuzz/fuzz_platform}
seconds=${FUZZ_SECONDS:-60}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ptf-planted.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM
cp -r gen templates platforms "$tmp"/
guard='  if not (out.levels and out.granule_shift and out.pte_bytes) then return end'
if ! grep -qxF "$guard" "$tmp/gen/rules/root.lua"; then
	echo "planted_bug: gen/rules/root.lua no longer has the guard this plants a bug by removing" >&2
	exit 2
fi
grep -vxF "$guard" "$tmp/gen/rules/root.lua" >"$tmp/root.lua" && mv "$tmp/root.lua" "$tmp/gen/rules/root.lua"
mkdir "$tmp/corpus" "$tmp/seeds"
cp platforms/*.lua "$tmp/seeds"/
start=$(date +%s)
(cd "$tmp" && "$FUZZER" -max_total_time="$seconds" -max_len=8192 -timeout=10 -artifact_prefix="$tmp/" \
	corpus seeds >"$tmp/log" 2>&1)
took=$(($(date +%s) - start))
if grep -q 'the generator failed instead of reporting' "$tmp/log"; then
	echo "planted_bug: found in ${took} s: $(grep -m1 'the generator failed' "$tmp/log")"
	exit 0
fi
echo "planted_bug: not found in ${seconds} s"
grep -E '^#[0-9]+ .*(DONE|pulse)' "$tmp/log" | tail -n 2
exit 1
