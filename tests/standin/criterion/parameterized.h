/* tests/standin/criterion/parameterized.h: Criterion's parameterized tests, for the
 * builds without Criterion (see criterion.h). */
#ifndef STANDIN_CRITERION_PARAMETERIZED_H
#define STANDIN_CRITERION_PARAMETERIZED_H

#include "criterion.h"

#define cr_make_param_array(type, array, n) ((struct crs_params){ (array), sizeof(type), (n) })

#define ParameterizedTestParameters(suite, name) struct crs_params suite##_##name##_params(void)

#define ParameterizedTest(param, suite, name)                                                        \
	struct crs_params suite##_##name##_params(void);                                               \
	static void suite##_##name##_impl(param);                                                      \
	static void suite##_##name##_any(void *p) { suite##_##name##_impl(p); }                        \
	static struct crs_test suite##_##name##_entry = { #suite, #name, NULL, suite##_##name##_any, \
		                                          suite##_##name##_params, NULL };           \
	__attribute__((constructor)) static void suite##_##name##_reg(void)                            \
	{                                                                                              \
		crs_register(&suite##_##name##_entry);                                                 \
	}                                                                                              \
	static void suite##_##name##_impl(param)

#endif
