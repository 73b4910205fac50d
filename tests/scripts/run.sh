#!/bin/sh
# tests/scripts/run.sh: the scenario-script and `ptf` command-line test suite
# (docs/scenario-language.md). Run from the top of the tree:
#   PTF=build/ptf sh tests/scripts/run.sh          (what `make test-scripts` does)
#
#   golden/*.ptf   must pass: `ptf run --quiet FILE` exits 0 with nothing on stderr.
#   bad/*.ptf      must not parse: exit 2, nothing run (stdout empty even with
#                  --echo), stderr exactly the file's `# expect: ` lines.
#   failing/*.ptf  parse but fail when run: exit status as in the file's
#                  `# status: N` line, stderr exactly its `# expect: ` lines.
#   then checks of the command line itself (--help, formats, walk, run -, demo).
#
# Prints `ok   NAME` or `FAIL NAME: ...` per case and ends with `N passed, M failed`;
# exits 1 if any case failed.

PTF=${PTF:-build/ptf}
dir=tests/scripts

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ptf-scripts.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

passed=0
failed=0

pass() {
	passed=$((passed + 1))
	printf 'ok   %s\n' "$1"
}

# fail NAME WHAT: one FAIL line; any details follow it, indented.
fail() {
	failed=$((failed + 1))
	printf 'FAIL %s: %s\n' "$1" "$2"
}

# show LABEL FILE: the file's lines, indented and labelled (its bytes as they are).
show() {
	if [ -s "$2" ]; then
		sed "s/^/    $1: /" "$2"
		# a last line without a newline
		[ -z "$(tail -c 1 "$2" | tr -d '\n')" ] || echo
	else
		printf '    %s: (nothing)\n' "$1"
	fi
}

# directive FILE KEY: the values of the `# KEY: VALUE` lines of a script, one per
# line (NUL bytes and CRs dropped, so that scripts testing them can carry them).
directive() {
	tr -d '\000\r' <"$1" | sed -n "s/^# $2: //p"
}

# check_stderr NAME: stderr ($tmp/err) must equal the expected lines ($tmp/want);
# returns 1 (after printing FAIL) if not.
check_stderr() {
	cmp -s "$tmp/want" "$tmp/err" && return 0
	fail "$1" "standard error differs"
	show expected "$tmp/want"
	show got "$tmp/err"
	return 1
}

# check_status NAME WANT GOT
check_status() {
	[ "$2" = "$3" ] && return 0
	fail "$1" "exit status: expected $2, got $3"
	show stderr "$tmp/err"
	return 1
}

# ---- golden scripts: must pass ----
for f in "$dir"/golden/*.ptf; do
	[ -f "$f" ] || continue # no golden scripts (yet)
	name=${f#"$dir"/}
	"$PTF" run --quiet "$f" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	: >"$tmp/want"
	check_status "$name" 0 "$rc" && check_stderr "$name" && pass "$name"
done

# ---- bad scripts: a syntax error on every bad line, nothing runs ----
for f in "$dir"/bad/*.ptf; do
	[ -f "$f" ] || continue
	name=${f#"$dir"/}
	directive "$f" expect >"$tmp/want"
	if [ ! -s "$tmp/want" ]; then
		fail "$name" "no '# expect: ' line in the script"
		continue
	fi
	# --echo: if any command ran, it shows on stdout
	"$PTF" run --echo "$f" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check_status "$name" 2 "$rc" || continue
	check_stderr "$name" || continue
	if [ -s "$tmp/out" ]; then
		fail "$name" "standard output not empty (something ran)"
		show stdout "$tmp/out"
		continue
	fi
	pass "$name"
done

# ---- failing scripts: parse, then fail at run time ----
for f in "$dir"/failing/*.ptf; do
	[ -f "$f" ] || continue
	name=${f#"$dir"/}
	directive "$f" expect >"$tmp/want"
	status=$(directive "$f" status | head -n 1)
	case $status in
	'' | *[!0-9]*)
		fail "$name" "no '# status: N' line in the script"
		continue
		;;
	esac
	if [ ! -s "$tmp/want" ]; then
		fail "$name" "no '# expect: ' line in the script"
		continue
	fi
	"$PTF" run --quiet "$f" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check_status "$name" "$status" "$rc" && check_stderr "$name" && pass "$name"
done

# ---- the command line ----

# help NAME ARGS...: exit 0 and a line starting with usage: on standard output
help() {
	name=$1
	shift
	"$PTF" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check_status "$name" 0 "$rc" || return
	if ! grep -q '^usage:' "$tmp/out"; then
		fail "$name" "no line starting with 'usage:' on standard output"
		show stdout "$tmp/out"
		return
	fi
	pass "$name"
}
help "ptf --help" --help
help "ptf run --help" run --help
help "ptf formats --help" formats --help
help "ptf walk --help" walk --help
help "ptf demo --help" demo --help
help "ptf bench --help" bench --help

# The manual (docs/ptf.1, installed by make install) and --help agree: every option a
# command's --help lists is in its section of the manual and the other way round, and
# every command is in both. Options are read from the text each gives, not from a list
# here, so a new option missing from one of them fails.
man_page=docs/ptf.1
# options_of_help CMD: the long options of `ptf CMD --help`, sorted
options_of_help() {
	"$PTF" "$1" --help | grep -o -- '--[a-z][a-z-]*' | sort -u
}
# options_of_man CMD: the long options in the manual's `.SS ptf CMD` section, sorted
options_of_man() {
	sed -n "/^\.SS ptf $1\( \|\$\)/,/^\.S[SH] /p" "$man_page" | sed 's/\\-/-/g' | grep -o -- '--[a-z][a-z-]*' | sort -u
}
for cmd in run formats walk demo bench; do
	name="ptf $cmd --help and ptf.1 list the same options"
	options_of_help "$cmd" >"$tmp/help-opts"
	options_of_man "$cmd" >"$tmp/man-opts"
	if ! grep -q -- '--help' "$tmp/help-opts"; then
		fail "$name" "--help does not list --help"
	elif cmp -s "$tmp/help-opts" "$tmp/man-opts"; then
		pass "$name"
	else
		fail "$name" "they differ"
		show "--help" "$tmp/help-opts"
		show "ptf.1" "$tmp/man-opts"
	fi
done
name="ptf --help and ptf.1 list the same commands"
"$PTF" --help | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p' | sort >"$tmp/help-cmds"
sed -n 's/^\.SS ptf \([a-z]*\).*/\1/p' "$man_page" | sort >"$tmp/man-cmds"
if cmp -s "$tmp/help-cmds" "$tmp/man-cmds" && [ -s "$tmp/help-cmds" ]; then
	pass "$name"
else
	fail "$name" "they differ"
	show "--help" "$tmp/help-cmds"
	show "ptf.1" "$tmp/man-cmds"
fi
name="ptf.1 is of this version"
if grep -q "^\.TH PTF 1 [0-9-]* \"ptforge $("$PTF" --version | cut -d' ' -f2)\"" "$man_page"; then
	pass "$name"
else
	fail "$name" "its .TH line does not name ptforge $("$PTF" --version)"
fi
if command -v groff >/dev/null 2>&1; then
	name="ptf.1 renders without a warning"
	LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$man_page" >"$tmp/err" 2>&1
	rc=$?
	: >"$tmp/want"
	check_status "$name" 0 "$rc" && check_stderr "$name" && pass "$name"
fi

name="ptf bogus"
"$PTF" bogus >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -ne 0 ]; then
	pass "$name"
else
	fail "$name" "exit status: expected non-zero, got 0"
fi

name="ptf formats"
"$PTF" formats >"$tmp/out" 2>"$tmp/err"
rc=$?
if check_status "$name" 0 "$rc"; then
	want='x86_ept4 levels 4 input 48 output 52 pages 4K,2M,1G root 4096 align 4096 register EPTP'
	line_re='^[A-Za-z0-9_]+ levels [0-9]+ input [0-9]+ output [0-9]+ pages [0-9]+[KMGTPE]?(,[0-9]+[KMGTPE]?)* root [0-9]+ align [0-9]+ register [A-Za-z0-9_]+$'
	n_lines=$(wc -l <"$tmp/out")
	n_names=$(cut -d ' ' -f 1 "$tmp/out" | sort -u | wc -l)
	n_built=0
	for p in platforms/*.lua; do
		[ -f "$p" ] && n_built=$((n_built + 1))
	done
	if grep -Evq "$line_re" "$tmp/out"; then
		fail "$name" "a line not of the form NAME levels N input BITS output BITS pages SIZE,... root BYTES align BYTES register NAME"
		grep -Ev "$line_re" "$tmp/out" >"$tmp/bad"
		show got "$tmp/bad"
	elif [ "$n_lines" -ne "$n_names" ]; then
		fail "$name" "a format is listed more than once"
		show got "$tmp/out"
	elif [ "$n_built" -ne 0 ] && [ "$n_lines" -ne "$n_built" ]; then
		fail "$name" "expected one line per platforms/*.lua ($((n_built)) lines), got $((n_lines))"
		show got "$tmp/out"
	elif ! grep -Fxq "$want" "$tmp/out"; then
		fail "$name" "no line '$want'"
		show got "$tmp/out"
	else
		pass "$name"
	fi
fi

name="ptf walk x86_ept4 0x1_2345_6000"
"$PTF" walk x86_ept4 0x1_2345_6000 >"$tmp/out" 2>"$tmp/err"
rc=$?
if check_status "$name" 0 "$rc"; then
	want='  depth 3 index 86 entry 0x0000000123456033 leaf 4K'
	if grep -Fxq "$want" "$tmp/out"; then
		pass "$name"
	else
		fail "$name" "no line '$want'"
		show got "$tmp/out"
	fi
fi

# ptf walk refuses bad arguments with one line naming the argument, and exit status 2
walk_refuses() { # NAME EXPECTED_STDERR ARGS...
	name=$1
	want=$2
	shift 2
	"$PTF" walk "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if check_status "$name" 2 "$rc"; then
		if [ "$(cat "$tmp/err")" = "$want" ] && [ ! -s "$tmp/out" ]; then
			pass "$name"
		else
			fail "$name" "expected '$want' and no output"
			show got "$tmp/err"
		fi
	fi
}
walk_refuses "ptf walk: comment in GPA" "ptf walk: bad GPA '0x1#'" x86_ept4 '0x1#'
walk_refuses "ptf walk: bad GPA" "ptf walk: bad GPA '12Q'" x86_ept4 12Q
walk_refuses "ptf walk: bad PERMS" "ptf walk: bad PERMS 'rwz' (e.g. rw- or r-x)" x86_ept4 0x1000 0x1000 4K rwz
walk_refuses "ptf walk: unknown format" "ptf walk: unknown format 'x86_ept9' (ptf formats lists them)" x86_ept9 0

# the walk's own mapping refused: said in the command line's terms, no script line
walk_refuses "ptf walk: unaligned GPA" "ptf walk: GPA 0x1001 is not a multiple of 4 KiB (EALIGN)" x86_ept4 0x1001
walk_refuses "ptf walk: unaligned SIZE" "ptf walk: SIZE 0x1800 is not a multiple of 4 KiB (EALIGN)" x86_ept4 0 0 0x1800
walk_refuses "ptf walk: GPA beyond the format" \
	"ptf walk: GPA 0x1000000000000 is outside the address space 0x0..0xffffffffffff (ERANGE)" x86_ept4 0x1_0000_0000_0000

# refuses NAME STATUS ARGS...: exit STATUS, exactly one line on stderr, nothing on stdout
refuses() {
	name=$1
	want_status=$2
	shift 2
	"$PTF" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check_status "$name" "$want_status" "$rc" || return
	if [ "$(wc -l <"$tmp/err")" -ne 1 ]; then
		fail "$name" "expected one line on standard error"
		show stderr "$tmp/err"
	elif [ -s "$tmp/out" ]; then
		fail "$name" "expected nothing on standard output"
		show stdout "$tmp/out"
	else
		pass "$name"
	fi
}
refuses "ptf run DIR" 2 run "$dir"
if [ "$(cat "$tmp/err")" != "ptf run: $dir: is a directory, not a file" ]; then
	fail "ptf run DIR: the message" "names the directory"
	show stderr "$tmp/err"
fi
refuses "ptf run MISSING" 2 run "$tmp/no-such.ptf"
refuses "ptf run --quiet DIR" 2 run --quiet "$dir/golden"
refuses "ptf demo DIR" 2 demo "$dir"
refuses "ptf run --arena 12Q" 2 run --arena 12Q "$dir/golden/x86_ept4.ptf"
refuses "ptf run --arena 1000 (not whole 64K frames)" 2 run --arena 1000 "$dir/golden/x86_ept4.ptf"
refuses "ptf bench --json DIR (before the run)" 2 bench --quick --format x86_ept4 --json "$tmp"
refuses "ptf bench --csv in a missing folder (before the run)" 2 bench --quick --format x86_ept4 --csv "$tmp/none/b.csv"

# ptf run FILE...: every file runs; the last line says how many passed; the worst status
name="ptf run: several files, how many passed"
"$PTF" run --quiet "$dir/golden/x86_ept4.ptf" "$dir/failing/frames.ptf" "$dir/golden/riscv_sv39x4.ptf" \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
if check_status "$name" 1 "$rc"; then
	if [ "$(cat "$tmp/out")" = "ptf run: 2 of 3 scripts passed" ] && grep -q '^tests/scripts/failing/frames.ptf:' "$tmp/err"; then
		pass "$name"
	else
		fail "$name" "expected 'ptf run: 2 of 3 scripts passed' and the failing script's messages"
		show stdout "$tmp/out"
		show stderr "$tmp/err"
	fi
fi
name="ptf run: a bad file among several: status 2, the others still run"
"$PTF" run --quiet "$dir/bad/extra-argument.ptf" "$dir/golden/x86_ept4.ptf" "$dir" >"$tmp/out" 2>"$tmp/err"
rc=$?
if check_status "$name" 2 "$rc"; then
	if [ "$(cat "$tmp/out")" = "ptf run: 1 of 3 scripts passed" ]; then
		pass "$name"
	else
		fail "$name" "expected 'ptf run: 1 of 3 scripts passed'"
		show stdout "$tmp/out"
	fi
fi

# the scripts' host memory: --arena, overridden by an `arena` line; ENOMEM says how much.
# 2 MiB populated on EPT: one 2 MiB frame (512 of 4 KiB) under a PD, a PDPT and the root.
printf 'format x86_ept4\nmap alloc 0 2M rw- populate\nexpect frames 515\n' >"$tmp/populate.ptf"
printf 'arena 4M\nformat x86_ept4\nmap alloc 0 2M rw- populate\nexpect frames 515\n' >"$tmp/populate-arena.ptf"
name="ptf run: 2 MiB populated in the default 1 GiB arena"
"$PTF" run --quiet "$tmp/populate.ptf" >"$tmp/out" 2>"$tmp/err"
rc=$?
: >"$tmp/want"
check_status "$name" 0 "$rc" && check_stderr "$name" && pass "$name"
name="ptf run --arena 1M: ENOMEM says how much there was"
"$PTF" run --quiet --arena 1M "$tmp/populate.ptf" >"$tmp/out" 2>"$tmp/err"
rc=$?
echo "$tmp/populate.ptf:2:1: map alloc: out of host memory: 1020 KiB of the script's 1 MiB arena was free; an 'arena SIZE' line or --arena gives more (ENOMEM)" >"$tmp/want"
check_status "$name" 1 "$rc" && check_stderr "$name" && pass "$name"
name="ptf run --arena 1M: an arena line in the script overrides it"
"$PTF" run --quiet --arena 1M "$tmp/populate-arena.ptf" >"$tmp/out" 2>"$tmp/err"
rc=$?
: >"$tmp/want"
check_status "$name" 0 "$rc" && check_stderr "$name" && pass "$name"

# bounded output: 400,000 bad lines, a 5 MB token
# bounded NAME STATUS FILE LAST: `ptf run FILE` exits STATUS with 20 messages, then LAST
bounded() {
	name=$1
	"$PTF" run "$3" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check_status "$name" "$2" "$rc" || return
	if [ "$(wc -l <"$tmp/err")" -eq 21 ] && [ "$(tail -n 1 "$tmp/err")" = "$4" ]; then
		pass "$name"
	else
		fail "$name" "expected 20 messages, then '$4'"
		tail -n 3 "$tmp/err" >"$tmp/tail"
		show "stderr (end)" "$tmp/tail"
	fi
}
{
	echo "format x86_ept4"
	yes "mapp 1" | head -n 400000
} >"$tmp/many.ptf"
bounded "ptf run: 400,000 bad lines give 20 messages and a count" 2 "$tmp/many.ptf" \
	"$tmp/many.ptf: 399980 more errors not shown"
{
	echo "format x86_ept4"
	yes "expect frames 7" | head -n 1000
} >"$tmp/expects.ptf"
bounded "ptf run: 1,000 failed expectations give 20 messages and a count" 1 "$tmp/expects.ptf" \
	"$tmp/expects.ptf: 980 more failures not shown"
name="ptf run: a 5 MB bad token is cut in its message"
{
	echo "format x86_ept4"
	printf 'map linear 0x'
	head -c 5000000 /dev/zero | tr '\000' 'z'
	echo ' 0 4K rw-'
} >"$tmp/token.ptf"
"$PTF" run "$tmp/token.ptf" >"$tmp/out" 2>"$tmp/err"
rc=$?
if check_status "$name" 2 "$rc"; then
	if [ "$(wc -c <"$tmp/err")" -lt 200 ] && grep -q "^$tmp/token.ptf:2:12: bad number '0xz*\.\.\.' for GPA\$" "$tmp/err"; then
		pass "$name"
	else
		fail "$name" "expected one short message ending in '...' for GPA"
		head -c 300 "$tmp/err" >"$tmp/head"
		show "stderr (start)" "$tmp/head"
	fi
fi

# ptf demo BODY_FILE: messages name the body file's own lines
printf '# a body\nmap linear 0 0 0x1800 rw-\n' >"$tmp/body.ptf"
name="ptf demo BODY_FILE: a failure at the body's own line"
"$PTF" demo "$tmp/body.ptf" >"$tmp/out" 2>"$tmp/err"
rc=$?
if check_status "$name" 1 "$rc"; then
	if grep -Fxq "$tmp/body.ptf:2:16: map linear: size 0x1800 is not a multiple of 4 KiB (EALIGN)" "$tmp/err"; then
		pass "$name"
	else
		fail "$name" "no line '$tmp/body.ptf:2:16: map linear: size 0x1800 is not a multiple of 4 KiB (EALIGN)'"
		show stderr "$tmp/err"
	fi
fi
printf 'mapp 1\n' >"$tmp/body-bad.ptf"
refuses "ptf demo BODY_FILE: a bad body is said once" 2 demo "$tmp/body-bad.ptf"

name="ptf run - (standard input)"
printf 'format x86_ept4\nmap linear 0 0 4K rw-\nexpect translate 0 0\n' |
	"$PTF" run - >"$tmp/out" 2>"$tmp/err"
rc=$?
: >"$tmp/want"
check_status "$name" 0 "$rc" && check_stderr "$name" && pass "$name"

name="ptf demo"
"$PTF" demo >"$tmp/out" 2>"$tmp/err"
rc=$?
: >"$tmp/want"
if check_status "$name" 0 "$rc" && check_stderr "$name"; then
	# the demo runs once per format, echoing its commands
	if grep -Fxq '> format x86_ept4' "$tmp/out"; then
		pass "$name"
	else
		fail "$name" "no line '> format x86_ept4' on standard output"
	fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
