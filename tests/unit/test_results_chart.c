/* test_results_chart.c — the geometry of a result's chart
 * (web/results_chart.h): scaling values and dates into the plot, one point,
 * equal values, negative and huge values, refusing what is not finite, and
 * never a coordinate outside the plot. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "web/results_chart.h"

/* Every coordinate inside the plot, and the axis finite and increasing. */
static void assert_inside(const chart_geometry *g)
{
	assert_true(isfinite(g->axis_min));
	assert_true(isfinite(g->axis_max));
	assert_true(g->axis_min < g->axis_max);
	for (size_t i = 0; i < g->n; i++) {
		assert_in_range(g->x[i], CHART_LEFT, CHART_RIGHT);
		assert_in_range(g->y[i], CHART_TOP, CHART_BOTTOM);
	}
	if (g->band) {
		assert_in_range(g->band_top, CHART_TOP, CHART_BOTTOM);
		assert_in_range(g->band_bottom, CHART_TOP, CHART_BOTTOM);
		assert_true(g->band_top <= g->band_bottom);
	}
}

static void scales_time_and_value(void **state)
{
	(void)state;
	chart_point pts[] = {{100, 10}, {150, 20}, {200, 15}};
	chart_geometry g;
	assert_true(results_chart_layout(pts, 3, NULL, NULL, &g));
	assert_int_equal(g.n, 3);
	assert_inside(&g);
	/* Time is proportional: first at the left, last at the right, the middle halfway. */
	assert_int_equal(g.x[0], CHART_LEFT);
	assert_int_equal(g.x[2], CHART_RIGHT);
	assert_int_equal(g.x[1], (CHART_LEFT + CHART_RIGHT) / 2);
	/* Higher values are higher up (smaller y); the margin keeps them off the frame. */
	assert_true(g.y[1] < g.y[2]);
	assert_true(g.y[2] < g.y[0]);
	assert_true(g.y[1] > CHART_TOP);
	assert_true(g.y[0] < CHART_BOTTOM);
	/* The margin is a tenth of the span each way. */
	assert_true(fabs(g.axis_min - 9) < 1e-9);
	assert_true(fabs(g.axis_max - 21) < 1e-9);
	/* 15 is halfway between 9 and 21. */
	assert_int_equal(g.y[2], (CHART_TOP + CHART_BOTTOM) / 2);
	assert_false(g.band);
}

static void one_point_is_centred(void **state)
{
	(void)state;
	chart_point p = {20000, 14.1};
	chart_geometry g;
	assert_true(results_chart_layout(&p, 1, NULL, NULL, &g));
	assert_int_equal(g.n, 1);
	assert_inside(&g);
	assert_int_equal(g.x[0], (CHART_LEFT + CHART_RIGHT) / 2);
	assert_int_equal(g.y[0], (CHART_TOP + CHART_BOTTOM) / 2);
}

static void equal_values_and_one_day(void **state)
{
	(void)state;
	chart_point same[] = {{100, 5}, {200, 5}, {300, 5}};
	chart_geometry g;
	assert_true(results_chart_layout(same, 3, NULL, NULL, &g));
	assert_inside(&g);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(g.y[i], (CHART_TOP + CHART_BOTTOM) / 2);
	/* Zero everywhere: still a span, no division by zero. */
	chart_point zeros[] = {{100, 0}, {101, 0}};
	assert_true(results_chart_layout(zeros, 2, NULL, NULL, &g));
	assert_inside(&g);
	assert_int_equal(g.y[0], g.y[1]);
	/* Several on one day are spread evenly. */
	chart_point day[] = {{100, 1}, {100, 2}, {100, 3}};
	assert_true(results_chart_layout(day, 3, NULL, NULL, &g));
	assert_inside(&g);
	assert_int_equal(g.x[0], CHART_LEFT);
	assert_int_equal(g.x[1], (CHART_LEFT + CHART_RIGHT) / 2);
	assert_int_equal(g.x[2], CHART_RIGHT);
}

static void negative_and_huge_values(void **state)
{
	(void)state;
	chart_point neg[] = {{1, -40}, {2, -10}, {3, -25}};
	chart_geometry g;
	assert_true(results_chart_layout(neg, 3, NULL, NULL, &g));
	assert_inside(&g);
	assert_true(g.y[1] < g.y[2] && g.y[2] < g.y[0]);
	chart_point huge[] = {{1, -DBL_MAX}, {2, DBL_MAX}, {3, 0}, {4, 1e308}, {5, -1e-308}};
	assert_true(results_chart_layout(huge, 5, NULL, NULL, &g));
	assert_inside(&g);
	assert_int_equal(g.y[0], CHART_BOTTOM);
	assert_int_equal(g.y[1], CHART_TOP);
	assert_in_range(g.y[2], (CHART_TOP + CHART_BOTTOM) / 2 - 1, (CHART_TOP + CHART_BOTTOM) / 2 + 1);
	chart_point big[] = {{1, 1e9}, {2, 1e9 + 1}};
	assert_true(results_chart_layout(big, 2, NULL, NULL, &g));
	assert_inside(&g);
	assert_true(g.y[1] < g.y[0]);
	/* Far-apart dates (a century, and more than int32 days). */
	chart_point far[] = {{-3000000000LL, 1}, {3000000000LL, 2}};
	assert_true(results_chart_layout(far, 2, NULL, NULL, &g));
	assert_inside(&g);
	assert_int_equal(g.x[0], CHART_LEFT);
	assert_int_equal(g.x[1], CHART_RIGHT);
}

static void reference_band(void **state)
{
	(void)state;
	chart_point pts[] = {{1, 14.1}, {2, 13.1}, {3, 13.8}, {4, 14.6}};
	double low = 13.4, high = 17.0;
	chart_geometry g;
	assert_true(results_chart_layout(pts, 4, &low, &high, &g));
	assert_inside(&g);
	assert_true(g.band);
	/* The band is in the scale: 17.0 is the highest thing drawn. */
	assert_true(g.band_top < g.y[3]);
	assert_true(g.y[1] > g.band_bottom); /* 13.1 lies below 13.4 */
	assert_true(g.axis_max > high && g.axis_min < 13.1);
	/* An open end reaches the frame. */
	double five = 5;
	chart_point crp[] = {{1, 3}, {2, 80}};
	assert_true(results_chart_layout(crp, 2, NULL, &five, &g));
	assert_inside(&g);
	assert_int_equal(g.band_bottom, CHART_BOTTOM);
	assert_true(g.band_top < CHART_BOTTOM && g.band_top > g.y[1]);
	assert_true(results_chart_layout(crp, 2, &five, NULL, &g));
	assert_int_equal(g.band_top, CHART_TOP);
	/* low above high (a data error) still draws inside the plot. */
	double lo = 10, hi = 2;
	assert_true(results_chart_layout(crp, 2, &lo, &hi, &g));
	assert_inside(&g);
}

static void refuses_what_cannot_be_drawn(void **state)
{
	(void)state;
	chart_geometry g;
	chart_point nan_pt[] = {{1, 1}, {2, NAN}};
	assert_false(results_chart_layout(nan_pt, 2, NULL, NULL, &g));
	assert_int_equal(g.n, 0);
	chart_point inf_pt[] = {{1, INFINITY}, {2, 1}};
	assert_false(results_chart_layout(inf_pt, 2, NULL, NULL, &g));
	chart_point ok[] = {{1, 1}, {2, 2}};
	double bad = NAN;
	assert_false(results_chart_layout(ok, 2, &bad, NULL, &g));
	double inf = -INFINITY;
	assert_false(results_chart_layout(ok, 2, NULL, &inf, &g));
	assert_false(results_chart_layout(ok, 0, NULL, NULL, &g));
	assert_false(results_chart_layout(NULL, 2, NULL, NULL, &g));
	chart_point many[CHART_POINTS_MAX + 1];
	for (size_t i = 0; i < CHART_POINTS_MAX + 1; i++)
		many[i] = (chart_point){(int64_t)i, (double)i};
	assert_false(results_chart_layout(many, CHART_POINTS_MAX + 1, NULL, NULL, &g));
	assert_true(results_chart_layout(many, CHART_POINTS_MAX, NULL, NULL, &g));
	assert_inside(&g);
	/* Out of order (not as documented) still stays inside. */
	chart_point back[] = {{10, 1}, {5, 2}, {1, 3}};
	assert_true(results_chart_layout(back, 3, NULL, NULL, &g));
	assert_inside(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(scales_time_and_value),    cmocka_unit_test(one_point_is_centred),
	    cmocka_unit_test(equal_values_and_one_day), cmocka_unit_test(negative_and_huge_values),
	    cmocka_unit_test(reference_band),           cmocka_unit_test(refuses_what_cannot_be_drawn),
	};
	return cmocka_run_group_tests_name("results_chart", tests, NULL, NULL);
}
