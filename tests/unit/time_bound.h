/* time_bound.h: CPU-time bounds in unit tests catch quadratic behaviour,
 * not slow machines. Under valgrind (scripts/valgrind.sh sets
 * PD_TEST_TIME_SCALE) code runs 20-100x slower, so the bounds scale. */
#ifndef PD_TEST_TIME_BOUND_H
#define PD_TEST_TIME_BOUND_H

#include <stdlib.h>

static inline double pd_test_time_scale(void)
{
	const char *s = getenv("PD_TEST_TIME_SCALE");
	double v = s ? atof(s) : 1.0;
	return v > 1.0 ? v : 1.0;
}

#endif
