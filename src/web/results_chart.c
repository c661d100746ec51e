/* results_chart.c — the chart's geometry: scaling values and dates into the
 * plot, safely for any finite input (no division by zero, no overflow, no
 * NaN). */
#include "web/results_chart.h"

#include <math.h>
#include <string.h>

/* Rounds v (any finite double) to an int within [lo, hi]. */
static int clamp_round(double v, int lo, int hi)
{
	if (!(v >= lo)) /* also NaN */
		return lo;
	if (v >= hi)
		return hi;
	return (int)lround(v);
}

/* Where v lies between lo and hi as a fraction, computed on halves so that
 * hi - lo cannot overflow even for values near DBL_MAX. */
static double fraction(double v, double lo, double hi)
{
	double span = hi / 2 - lo / 2;
	if (!(span > 0))
		return 0.5;
	double t = (v / 2 - lo / 2) / span;
	return isfinite(t) ? t : 0.5;
}

static double widen(double v, double by)
{
	double w = v + by;
	return isfinite(w) ? w : v;
}

bool results_chart_layout(const chart_point *pts, size_t n, const double *low, const double *high, chart_geometry *out)
{
	memset(out, 0, sizeof *out);
	if (pts == NULL || n == 0 || n > CHART_POINTS_MAX)
		return false;
	if ((low != NULL && !isfinite(*low)) || (high != NULL && !isfinite(*high)))
		return false;
	double lo = pts[0].value, hi = pts[0].value;
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(pts[i].value))
			return false;
		lo = fmin(lo, pts[i].value);
		hi = fmax(hi, pts[i].value);
	}
	if (low != NULL) {
		lo = fmin(lo, *low);
		hi = fmax(hi, *low);
	}
	if (high != NULL) {
		lo = fmin(lo, *high);
		hi = fmax(hi, *high);
	}
	/* A margin of a tenth of the span (of the value itself when every value
	 * is the same, or 1 around zero), so no point sits on the frame. */
	double half_span = hi / 2 - lo / 2;
	double pad = half_span > 0 ? half_span / 5 : (fabs(lo) > 0 ? fabs(lo) / 10 : 1);
	lo = widen(lo, -pad);
	hi = widen(hi, pad);
	out->axis_min = lo;
	out->axis_max = hi;

	const double plot_h = CHART_BOTTOM - CHART_TOP, plot_w = CHART_RIGHT - CHART_LEFT;
	int64_t first = pts[0].day, last = pts[n - 1].day;
	bool by_time = n > 1 && last > first;
	for (size_t i = 0; i < n; i++) {
		double tx;
		if (n == 1)
			tx = 0.5;
		else if (by_time)
			tx = (double)(pts[i].day - first) / (double)(last - first);
		else
			tx = (double)i / (double)(n - 1);
		out->x[i] = clamp_round(CHART_LEFT + tx * plot_w, CHART_LEFT, CHART_RIGHT);
		out->y[i] =
		    clamp_round(CHART_BOTTOM - fraction(pts[i].value, lo, hi) * plot_h, CHART_TOP, CHART_BOTTOM);
	}
	out->n = n;
	if (low != NULL || high != NULL) {
		out->band = true;
		out->band_top =
		    high != NULL ? clamp_round(CHART_BOTTOM - fraction(*high, lo, hi) * plot_h, CHART_TOP, CHART_BOTTOM)
		                 : CHART_TOP;
		out->band_bottom =
		    low != NULL ? clamp_round(CHART_BOTTOM - fraction(*low, lo, hi) * plot_h, CHART_TOP, CHART_BOTTOM)
		                : CHART_BOTTOM;
		if (out->band_top > out->band_bottom) { /* low above high: a data error, drawn as a line */
			int t = out->band_top;
			out->band_top = out->band_bottom;
			out->band_bottom = t;
		}
	}
	return true;
}
