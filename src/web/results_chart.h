/* results_chart.h — the geometry of a result's chart (SPEC.md H2): a small
 * line chart of one test's values over time, drawn as inline SVG by a
 * template (templates/result_chart.html) from the integer coordinates
 * computed here. Nothing from the user reaches the SVG but numbers, and
 * dates and labels the template escapes. Pure: no allocation, no I/O. */
#ifndef HELSAMI_WEB_RESULTS_CHART_H
#define HELSAMI_WEB_RESULTS_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The drawing area in SVG user units (the viewBox); the SVG scales to the
 * width of its container, so a phone shows the same chart smaller. The
 * margins leave room for the value labels (left) and dates (below). */
enum {
	CHART_WIDTH = 640,
	CHART_HEIGHT = 240,
	CHART_LEFT = 64,
	CHART_RIGHT = 624,
	CHART_TOP = 16,
	CHART_BOTTOM = 200,
	CHART_POINTS_MAX = 64, /* more than domain/results.h shows (RESULTS_CHART_MAX) */
};

typedef struct chart_point {
	int64_t day; /* days since 1970-01-01 (core/clock.h) */
	double value;
} chart_point;

typedef struct chart_geometry {
	size_t n;
	int x[CHART_POINTS_MAX], y[CHART_POINTS_MAX]; /* within [LEFT, RIGHT] x [TOP, BOTTOM] */
	double axis_min, axis_max;                    /* the values at the bottom and top of the plot */
	bool band;                                    /* a reference range is drawn */
	int band_top, band_bottom;                    /* its y extent, clipped to the plot (band_top <= band_bottom) */
} chart_geometry;

/* Lays out points, given oldest first. low and high are the reference range
 * ends (NULL when open); the value axis spans the values and the range,
 * with a margin, so the band is always in view. Time is proportional on x;
 * several points on one day (or one point) are spread evenly (centred).
 * Returns false, with *out zeroed, for no points, more than
 * CHART_POINTS_MAX, or a value or range end that is not finite; any finite
 * value (negative, huge) gives coordinates inside the plot. */
bool results_chart_layout(const chart_point *pts, size_t n, const double *low, const double *high, chart_geometry *out);

#endif
