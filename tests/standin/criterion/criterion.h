/* tests/standin/criterion/criterion.h: the part of Criterion's API the unit suites use,
 * for the builds where Criterion is not there to link: ThreadSanitizer, because
 * Criterion cannot start under it (BoxFort maps its inheritable arena at fixed addresses
 * that the sanitizer's shadow memory takes, Snaipe/Criterion#274, open since 2018), and
 * the cross builds (make test-cross), for whose targets Debian's Criterion is not
 * installed. runner.c registers the tests at load
 * time and runs each (with each parameter) in a child process of its own, as Criterion
 * does; a failed cr_assert ends the test, a failed cr_expect marks it and goes on. */
#ifndef STANDIN_CRITERION_H
#define STANDIN_CRITERION_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

struct crs_params {
	void *items;
	size_t size, count;
};

struct crs_test {
	const char *suite, *name;
	void (*run)(void);                 /* Test() */
	void (*run_param)(void *param);    /* ParameterizedTest() */
	struct crs_params (*params)(void);
	struct crs_test *next;
};

void crs_register(struct crs_test *t);
/* fatal: a cr_assert; fmt is the message after a space (just a space: none) */
void crs_check(bool ok, bool fatal, const char *file, int line, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
void crs_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#define Test(suite, name)                                                                     \
	static void suite##_##name##_impl(void);                                                \
	static struct crs_test suite##_##name##_entry = { #suite, #name, suite##_##name##_impl, \
		                                          NULL, NULL, NULL };                 \
	__attribute__((constructor)) static void suite##_##name##_reg(void)                     \
	{                                                                                       \
		crs_register(&suite##_##name##_entry);                                          \
	}                                                                                       \
	static void suite##_##name##_impl(void)

#define CRS_CHECK(fatal, ok, what, ...) crs_check((ok), (fatal), __FILE__, __LINE__, (what), " " __VA_ARGS__)

#define cr_assert(c, ...) CRS_CHECK(true, (c), #c, __VA_ARGS__)
#define cr_expect(c, ...) CRS_CHECK(false, (c), #c, __VA_ARGS__)
#define cr_assert_not(c, ...) CRS_CHECK(true, !(c), "!(" #c ")", __VA_ARGS__)
#define cr_assert_eq(a, b, ...) CRS_CHECK(true, (a) == (b), #a " == " #b, __VA_ARGS__)
#define cr_expect_eq(a, b, ...) CRS_CHECK(false, (a) == (b), #a " == " #b, __VA_ARGS__)
#define cr_assert_neq(a, b, ...) CRS_CHECK(true, (a) != (b), #a " != " #b, __VA_ARGS__)
#define cr_expect_neq(a, b, ...) CRS_CHECK(false, (a) != (b), #a " != " #b, __VA_ARGS__)
#define cr_assert_lt(a, b, ...) CRS_CHECK(true, (a) < (b), #a " < " #b, __VA_ARGS__)
#define cr_expect_lt(a, b, ...) CRS_CHECK(false, (a) < (b), #a " < " #b, __VA_ARGS__)
#define cr_assert_gt(a, b, ...) CRS_CHECK(true, (a) > (b), #a " > " #b, __VA_ARGS__)
#define cr_expect_gt(a, b, ...) CRS_CHECK(false, (a) > (b), #a " > " #b, __VA_ARGS__)
#define cr_assert_leq(a, b, ...) CRS_CHECK(true, (a) <= (b), #a " <= " #b, __VA_ARGS__)
#define cr_expect_leq(a, b, ...) CRS_CHECK(false, (a) <= (b), #a " <= " #b, __VA_ARGS__)
#define cr_assert_geq(a, b, ...) CRS_CHECK(true, (a) >= (b), #a " >= " #b, __VA_ARGS__)
#define cr_expect_geq(a, b, ...) CRS_CHECK(false, (a) >= (b), #a " >= " #b, __VA_ARGS__)
#define cr_assert_null(p, ...) CRS_CHECK(true, (p) == NULL, #p " == NULL", __VA_ARGS__)
#define cr_expect_null(p, ...) CRS_CHECK(false, (p) == NULL, #p " == NULL", __VA_ARGS__)
#define cr_assert_not_null(p, ...) CRS_CHECK(true, (p) != NULL, #p " != NULL", __VA_ARGS__)
#define cr_expect_not_null(p, ...) CRS_CHECK(false, (p) != NULL, #p " != NULL", __VA_ARGS__)
#define cr_assert_str_eq(a, b, ...) CRS_CHECK(true, !strcmp((a), (b)), #a " equals " #b, __VA_ARGS__)
#define cr_expect_str_eq(a, b, ...) CRS_CHECK(false, !strcmp((a), (b)), #a " equals " #b, __VA_ARGS__)
#define cr_expect_str_neq(a, b, ...) CRS_CHECK(false, strcmp((a), (b)), #a " differs from " #b, __VA_ARGS__)
#define cr_expect_arr_eq(a, b, n, ...) CRS_CHECK(false, !memcmp((a), (b), (n)), #a " equals " #b, __VA_ARGS__)
#define cr_assert_fail(...) CRS_CHECK(true, false, "cr_assert_fail", __VA_ARGS__)
#define cr_expect_fail(...) CRS_CHECK(false, false, "cr_expect_fail", __VA_ARGS__)
#define cr_skip_test(...) crs_skip(" " __VA_ARGS__)

#endif
