#!/bin/sh
# tests/package/check.sh: what a user of a release gets. Run from the top of the tree by
# `make test-package` (BUILD, MAKE, CC and SANFLAGS come from the Makefile; the rest is
# read from the sources, not from the Makefile under test):
#   install   make install PREFIX=/usr DESTDIR=tmp: exactly the expected files, the
#             SONAME and symlinks, the .pc file; docs/examples/embed.c and formats.c built
#             out of the tree with pkg-config alone (shared and static) and run for every
#             format; the GNU directory overrides; make uninstall leaves nothing behind
#             but what was there before;
#   dist      make dist, unpacked and built with `lua5.4`, `re2c`, `apt-get` and `sudo`
#             shims that fail (and LUA=false): the library and ptf, from gen-prebuilt/,
#             every format in `ptf formats`, the golden scripts through the prebuilt scanner.
# Prints one line per step; exits 1 at the first failure, with the log that explains it.
set -eu

BUILD=${BUILD:-build}
MAKE=${MAKE:-make}
CC=${CC:-cc}
SANFLAGS=${SANFLAGS:-}
top=$(pwd)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ptforge-package.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

fail() {
	echo "FAIL test-package: $*" >&2
	exit 1
}
# run LOG CMD...: CMD with its output in LOG, shown if it fails
run() {
	log=$1
	shift
	if ! "$@" >"$log" 2>&1; then
		sed 's/^/    /' "$log" >&2
		fail "$*"
	fi
}
ok() {
	echo "ok   package: $*"
}

# ---- the version, from the umbrella header ----
hdr=runtime/include/ptforge/ptforge.h
version=$(sed -n 's/^#define PTF_VERSION "\([^"]*\)".*/\1/p' "$hdr")
major=$(sed -n 's/^#define PTF_VERSION_MAJOR \([0-9]*\).*/\1/p' "$hdr")
minor=$(sed -n 's/^#define PTF_VERSION_MINOR \([0-9]*\).*/\1/p' "$hdr")
patch=$(sed -n 's/^#define PTF_VERSION_PATCH \([0-9]*\).*/\1/p' "$hdr")
[ -n "$version" ] || fail "$hdr: no PTF_VERSION"
[ "$version" = "$major.$minor.$patch" ] ||
	fail "$hdr: PTF_VERSION \"$version\" but MAJOR.MINOR.PATCH $major.$minor.$patch"
soname=libptforge.so.$major
formats=$(for f in platforms/*.lua; do basename "$f" .lua; done | sort)
[ -n "$formats" ] || fail "no platforms/*.lua"
nformats=$(printf '%s\n' "$formats" | wc -l | tr -d ' ')

# ---- install ----
dest=$tmp/root
mkdir -p "$dest/usr/lib/pkgconfig" "$dest/usr/include"
# someone else's files, which uninstall must leave alone
echo 'Name: other' >"$dest/usr/lib/pkgconfig/other.pc"
echo '/* other */' >"$dest/usr/include/other.h"
run "$tmp/install.log" "$MAKE" --no-print-directory install PREFIX=/usr DESTDIR="$dest"

{
	(cd runtime/include && find ptforge -name '*.h') | sed 's|^|usr/include/|'
	for f in $formats; do
		echo "usr/include/ptforge/formats/ptf_$f.h"
		echo "usr/include/ptforge/formats/ptf_${f}_layer.h"
	done
	echo usr/include/ptforge/formats/ptf_formats.h
	echo usr/lib/libptforge.a
	echo "usr/lib/libptforge.so.$version"
	echo "usr/lib/$soname"
	echo usr/lib/libptforge.so
	echo usr/lib/pkgconfig/ptforge.pc
	echo usr/bin/ptf
	echo usr/share/man/man1/ptf.1
	find platforms -name '*.lua' | sed 's|^|usr/share/ptforge/|'
	echo usr/lib/pkgconfig/other.pc
	echo usr/include/other.h
} | sort >"$tmp/expected"
(cd "$dest" && find . -type f -o -type l) | sed 's|^\./||' | sort >"$tmp/installed"
if ! diff -u "$tmp/expected" "$tmp/installed" >"$tmp/files.diff"; then
	sed 's/^/    /' "$tmp/files.diff" >&2
	fail "make install: the installed files differ from the expected ones (-: expected, +: installed)"
fi
ok "make install: $(wc -l <"$tmp/installed" | tr -d ' ') files as expected ($nformats formats)"

lib=$dest/usr/lib
got=$(readelf -d "$lib/libptforge.so.$version" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')
[ "$got" = "$soname" ] || fail "libptforge.so.$version: SONAME '$got', want '$soname'"
if ! [ -L "$lib/$soname" ] || [ "$(readlink "$lib/$soname")" != "libptforge.so.$version" ]; then
	fail "$soname should be a symlink to libptforge.so.$version"
fi
if ! [ -L "$lib/libptforge.so" ] || [ "$(readlink "$lib/libptforge.so")" != "$soname" ]; then
	fail "libptforge.so should be a symlink to $soname"
fi
[ -x "$dest/usr/bin/ptf" ] || fail "usr/bin/ptf is not executable"
"$dest/usr/bin/ptf" formats | awk '{print $1}' | sort >"$tmp/ptf-formats"
[ "$(cat "$tmp/ptf-formats")" = "$formats" ] || fail "installed ptf formats: $(cat "$tmp/ptf-formats")"
if command -v man >/dev/null 2>&1; then
	# the installed page, as man finds it under the prefix (warnings of groff are errors)
	MANWIDTH=80 man -l "$dest/usr/share/man/man1/ptf.1" 2>"$tmp/man.err" | grep -q 'ptf run' ||
		fail "man -l usr/share/man/man1/ptf.1 does not render: $(cat "$tmp/man.err")"
fi
ok "SONAME $soname, symlinks, ptf, ptf.1"

export PKG_CONFIG_PATH="$lib/pkgconfig"
got=$(pkg-config --modversion ptforge) || fail "pkg-config cannot read ptforge.pc"
[ "$got" = "$version" ] || fail "ptforge.pc: Version $got, want $version"
for v in libdir=/usr/lib includedir=/usr/include platformsdir=/usr/share/ptforge/platforms; do
	got=$(pkg-config --variable="${v%%=*}" ptforge)
	[ "$got" = "${v#*=}" ] || fail "ptforge.pc: ${v%%=*} is '$got', want '${v#*=}'"
done
# the installed tree, as if at /usr: -I and -L under DESTDIR
export PKG_CONFIG_SYSROOT_DIR="$dest"
cflags=$(pkg-config --cflags ptforge)
libs=$(pkg-config --libs ptforge)
static_libs=$(pkg-config --static --libs ptforge)
ok "ptforge.pc: Version $version; cflags '$cflags', libs '$libs'"

# ---- an embedder's program, out of the tree ----
mkdir "$tmp/app"
cp docs/examples/embed.c tests/package/formats.c "$tmp/app/"
cd "$tmp/app"
ccflags="-std=c11 -Wall -Wextra -Werror -O1 $SANFLAGS"
# every ptforge header it reads is an installed one
# shellcheck disable=SC2086
run "$tmp/deps.log" $CC $ccflags $cflags -M embed.c formats.c
tr ' ' '\n' <"$tmp/deps.log" | grep '/ptforge/.*\.h$' | sort -u >"$tmp/headers"
[ -s "$tmp/headers" ] || fail "embed.c: no ptforge header among its dependencies"
if grep -v "^$dest/usr/include/ptforge/" "$tmp/headers" >"$tmp/stray"; then
	sed 's/^/    /' "$tmp/stray" >&2
	fail "headers read from outside the installed tree"
fi
# shellcheck disable=SC2086
run "$tmp/cc.log" $CC $ccflags $cflags embed.c -o embed-shared $libs
# shellcheck disable=SC2086
run "$tmp/cc.log" $CC $ccflags $cflags formats.c -o formats-shared $libs
# shellcheck disable=SC2086
run "$tmp/cc.log" $CC $ccflags $cflags embed.c -o embed-static -Wl,-Bstatic $static_libs -Wl,-Bdynamic
readelf -d embed-shared | grep -q "NEEDED.*\[$soname\]" || fail "embed-shared does not need $soname"
if readelf -d embed-static | grep -q 'NEEDED.*libptforge'; then
	fail "embed-static needs libptforge.so"
fi
LD_LIBRARY_PATH=$lib ldd ./embed-shared | grep -q "$soname => $lib/$soname" ||
	fail "embed-shared does not load $lib/$soname"
for f in $formats; do
	run "$tmp/run.log" env LD_LIBRARY_PATH="$lib" ./embed-shared "$f"
	run "$tmp/run.log" ./embed-static "$f"
done
run "$tmp/run.log" env LD_LIBRARY_PATH="$lib" ./embed-shared
cat "$tmp/run.log"
run "$tmp/formats.log" env LD_LIBRARY_PATH="$lib" ./formats-shared
[ "$(grep -c ': ok$' "$tmp/formats.log")" -eq "$nformats" ] || fail "formats-shared: $(cat "$tmp/formats.log")"
cd "$top"
ok "docs/examples/embed.c (shared and static) and tests/package/formats.c against the installed tree, every format"

# ---- the directory overrides ----
dest2=$tmp/root2
dirs="PREFIX=/opt/ptf LIBDIR=/opt/ptf/lib64 INCLUDEDIR=/opt/inc BINDIR=/opt/ptf/sbin DATADIR=/opt/data MANDIR=/opt/man"
# shellcheck disable=SC2086
run "$tmp/install2.log" "$MAKE" --no-print-directory install DESTDIR="$dest2" $dirs
for f in opt/ptf/lib64/libptforge.a "opt/ptf/lib64/$soname" opt/ptf/lib64/pkgconfig/ptforge.pc opt/ptf/sbin/ptf \
	opt/inc/ptforge/ptforge.h opt/inc/ptforge/walker/query.h opt/inc/ptforge/formats/ptf_formats.h \
	opt/data/ptforge/platforms/x86_ept4.lua opt/man/man1/ptf.1; do
	[ -e "$dest2/$f" ] || fail "install $dirs: no $f"
done
pc2=$dest2/opt/ptf/lib64/pkgconfig/ptforge.pc
# shellcheck disable=SC2016
if ! grep -qx 'libdir=${prefix}/lib64' "$pc2" || ! grep -qx 'includedir=/opt/inc' "$pc2"; then
	fail "install $dirs: ptforge.pc has $(grep dir= "$pc2")"
fi
# shellcheck disable=SC2086
run "$tmp/uninstall2.log" "$MAKE" --no-print-directory uninstall DESTDIR="$dest2" $dirs
left=$(cd "$dest2" && find . -type f -o -type l -o -name '*ptforge*')
[ -z "$left" ] || fail "uninstall $dirs left: $left"
ok "LIBDIR, INCLUDEDIR, BINDIR, DATADIR, MANDIR: install and uninstall"

# ---- uninstall ----
run "$tmp/uninstall.log" "$MAKE" --no-print-directory uninstall PREFIX=/usr DESTDIR="$dest"
left=$(cd "$dest" && find . -type f -o -type l -o -name '*ptforge*' | sed 's|^\./||' | sort | tr '\n' ' ')
[ "$left" = "usr/include/other.h usr/lib/pkgconfig/other.pc " ] ||
	fail "make uninstall left (or took) files: $left"
ok "make uninstall: nothing left, other files kept"

# ---- the release tarball, built without Lua or re2c ----
run "$tmp/dist.log" "$MAKE" --no-print-directory dist
tarball=$BUILD/ptforge-$version.tar.gz
[ -f "$tarball" ] || fail "make dist wrote no $tarball"
tar -tzf "$tarball" >"$tmp/dist.list"
grep -v "^ptforge-$version/" "$tmp/dist.list" >"$tmp/stray" && fail "$tarball: entries outside ptforge-$version/: $(head -3 "$tmp/stray")"
for f in Makefile scripts/make/package.mk "$hdr" docs/examples/embed.c gen-prebuilt/script_lexer.c \
	gen-prebuilt/ptf_formats.c gen-prebuilt/ptf_formats.h; do
	grep -qx "ptforge-$version/$f" "$tmp/dist.list" || fail "$tarball: no $f"
done
for f in $formats; do
	for s in .c .h _layer.h; do
		grep -qx "ptforge-$version/gen-prebuilt/ptf_$f$s" "$tmp/dist.list" || fail "$tarball: no gen-prebuilt/ptf_$f$s"
	done
done
grep -q "^ptforge-$version/build/" "$tmp/dist.list" && fail "$tarball: carries build/"
ok "make dist: $tarball, $(wc -l <"$tmp/dist.list" | tr -d ' ') entries"

mkdir "$tmp/dist" "$tmp/shims"
tar -xzf "$tarball" -C "$tmp/dist"
for t in lua5.4 lua re2c apt-get sudo; do
	printf '#!/bin/sh\necho "%s $*" >>"%s"\necho "%s: not available here (test-package)" >&2\nexit 1\n' \
		"$t" "$tmp/shims.log" "$t" >"$tmp/shims/$t"
	chmod +x "$tmp/shims/$t"
done
src=$tmp/dist/ptforge-$version
# a make of its own: nothing of this one's command line or jobs
(
	unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES SAN SOC PLATFORMS BUILD OPT PREGEN UNIT_SRC
	cd "$src"
	PATH="$tmp/shims:$PATH"
	run "$tmp/dist-build.log" make -j2 LUA=false
	run "$tmp/dist-install.log" make install LUA=false PREFIX=/usr DESTDIR="$tmp/root3"
)
if [ -s "$tmp/shims.log" ]; then
	sed 's/^/    called: /' "$tmp/shims.log" >&2
	fail "building the tarball called Lua, re2c or the package manager"
fi
[ ! -e "$src/build/.deps-ok" ] || fail "building the tarball ran scripts/install-deps"
for f in libptforge.a "libptforge.so.$version" "$soname" libptforge.so ptf; do
	[ -e "$src/build/$f" ] || fail "the tarball's build made no build/$f"
done
cmp -s "$src/build/gen/ptf_formats.c" "$src/gen-prebuilt/ptf_formats.c" ||
	fail "the tarball's build did not take build/gen/ from gen-prebuilt/"
"$src/build/ptf" formats | awk '{print $1}' | sort >"$tmp/dist-formats"
[ "$(cat "$tmp/dist-formats")" = "$formats" ] ||
	fail "the tarball's ptf formats lists [$(tr '\n' ' ' <"$tmp/dist-formats")], want [$(printf '%s\n' "$formats" | tr '\n' ' ')]"
(cd "$src" && run "$tmp/dist-golden.log" build/ptf run --quiet tests/scripts/golden/*.ptf)
for f in usr/include/ptforge/formats/ptf_formats.h usr/lib/pkgconfig/ptforge.pc usr/lib/libptforge.a; do
	[ -f "$tmp/root3/$f" ] || fail "make install from the tarball's build: no $f"
done
ok "the tarball builds with a C compiler alone: libptforge.a, .so, ptf with $nformats formats, golden scripts pass"
