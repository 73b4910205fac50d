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
