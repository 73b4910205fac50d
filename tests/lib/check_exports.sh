#!/bin/sh
# tests/lib/check_exports.sh: libptforge.so carries its SONAME and exports only the public
# API: every dynamic symbol it defines starts with ptf_, and the internal ones (the
# transaction, the area map) stay inside; the default assertion handler can be replaced.
# Run by `make test-lib`.
set -eu
lib="$BUILD/libptforge.so"
status=0
soname=$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')
if [ "$soname" != "$SONAME" ]; then
	echo "FAIL soname: '$soname', want '$SONAME'"
	status=1
fi
# (under ASan, the compiler adds an ODR indicator, __odr_asan.NAME, beside each global)
defined=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -v '^__odr_asan\.ptf_')
stray=$(printf '%s\n' "$defined" | grep -v '^ptf_' || true)
if [ -n "$stray" ]; then
	echo "FAIL exported without the ptf_ prefix:"
	printf '  %s\n' $stray
	status=1
fi
for internal in ptf_tx_begin ptf_tx_reserve ptf_area_map_find; do
	if printf '%s\n' "$defined" | grep -qx "$internal"; then
		echo "FAIL internal symbol exported: $internal"
		status=1
	fi
done
for public in ptf_aspace_create ptf_format_find ptf_host_hal_create ptf_formats ptf_strerror; do
	if ! printf '%s\n' "$defined" | grep -qx "$public"; then
		echo "FAIL public symbol missing: $public"
		status=1
	fi
done
# an embedder's own ptf_assert_failed must take the default's place: the default is weak
if ! nm "$BUILD/libptforge.a" 2>/dev/null | grep -q ' W ptf_assert_failed$'; then
	echo "FAIL ptf_assert_failed is not a weak symbol in libptforge.a"
	status=1
fi
[ $status -eq 0 ] && echo "libptforge.so: soname $soname, $(printf '%s\n' "$defined" | wc -l) symbols, all ptf_"
exit $status
