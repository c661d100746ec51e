/* letter_pdf.c — letters drawn with cairo, text laid out with pango. */
#include "integrations/letter_pdf.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <string.h>

/* A4 in points, margins 25 mm. */
#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN 70.0
#define TEXT_W (PAGE_W - 2 * MARGIN)

typedef struct pen {
	cairo_t *cr;
	double y;
	int page;
} pen;

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int length)
{
	buf_put(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

static const char *field(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s != NULL ? s : "";
}

static void new_page(pen *p)
{
	cairo_show_page(p->cr);
	p->y = MARGIN;
	p->page++;
}

/* Lays out text (plain, never markup: what a caseworker typed stays text)
 * in the font, and draws it at the pen, breaking pages between lines. */
static void draw_text(pen *p, const char *text, const char *font, double gap_after)
{
	PangoLayout *layout = pango_cairo_create_layout(p->cr);
	PangoFontDescription *fd = pango_font_description_from_string(font);
	pango_layout_set_font_description(layout, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(layout, (int)(TEXT_W * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(layout, text, -1);
	PangoLayoutIter *it = pango_layout_get_iter(layout);
	do {
		PangoRectangle logical;
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		double h = (double)logical.height / PANGO_SCALE;
		if (p->y + h > PAGE_H - MARGIN)
			new_page(p);
		int baseline = pango_layout_iter_get_baseline(it);
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		cairo_move_to(p->cr, MARGIN + (double)logical.x / PANGO_SCALE,
		              p->y + (double)(baseline - logical.y) / PANGO_SCALE);
		pango_cairo_show_layout_line(p->cr, line);
		p->y += h;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(layout);
	p->y += gap_after;
}

static void draw_letter(pen *p, const json_t *l)
{
	draw_text(p, field(l, "sender"), "DejaVu Sans Bold 13", 2);
	draw_text(p, field(l, "municipality"), "DejaVu Sans 10", 0);
	draw_text(p, field(l, "phone"), "DejaVu Sans 10", 24);
	draw_text(p, field(l, "recipient"), "DejaVu Sans 11", 0);
	size_t i;
	const json_t *line;
	json_array_foreach(json_object_get(l, "address"), i, line)
	    draw_text(p, json_string_value(line), "DejaVu Sans 11", 0);
	p->y += 24;
	draw_text(p, field(l, "date"), "DejaVu Sans 10", 0);
	draw_text(p, field(l, "reference"), "DejaVu Sans 10", 18);
	draw_text(p, field(l, "heading"), "DejaVu Sans Bold 15", 12);
	const json_t *sec;
	json_array_foreach(json_object_get(l, "sections"), i, sec)
	{
		const char *h = field(sec, "heading");
		if (*h)
			draw_text(p, h, "DejaVu Sans Bold 11", 4);
		draw_text(p, field(sec, "text"), "DejaVu Serif 11", 12);
	}
}

bool letter_pdf(const json_t *letters, buf *out)
{
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(write_out, out, PAGE_W, PAGE_H);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "helsami");
	cairo_t *cr = cairo_create(surface);
	cairo_set_source_rgb(cr, 0, 0, 0);
	pen p = {cr, MARGIN, 1};
	size_t i;
	const json_t *l;
	json_array_foreach(letters, i, l)
	{
		if (i > 0)
			new_page(&p);
		draw_letter(&p, l);
	}
	cairo_show_page(cr);
	bool ok = cairo_status(cr) == CAIRO_STATUS_SUCCESS;
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	ok = ok && cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS;
	cairo_surface_destroy(surface);
	return ok;
}
