/*
 * libFuzzer target for the sanitiser, text_fit and canvas_put:
 *   clang -g -fsanitize=fuzzer,address,undefined -Iinclude tests/fuzz/fuzz_sanitize.c \
 *         src/text.c src/canvas.c
 * Asserts: sanitised output is valid UTF-8 with no C0, DEL, C1, bidi or zero-width
 * format characters; text_fit stays within its columns and buffer; a canvas keeps its
 * wide-character pairs consistent and its ANSI output has no ESC but our SGRs; text_quote
 * leaves nothing that acts on a terminal; text_asciify gives ASCII of the same width.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_clean_flags(const char *s, int flags_ok);

static void check_clean(const char *s)
{
	check_clean_flags(s, 0);
}

/* flags_ok: regional indicators may stay (text_quote keeps them; the screen does not). */
static void check_clean_flags(const char *s, int flags_ok)
{
	size_t len = strlen(s), i = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = text_decode(s + i, len - i, &cp);
		if (cp == TEXT_REPLACEMENT && !(n == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0))
			abort(); /* invalid UTF-8 in the output */
		if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
			abort();
		if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
		    (cp >= 0x200B && cp <= 0x200F) || cp == 0x061C || cp == 0xFEFF || cp == 0x2060)
			abort();
		if (cp >= 0x1F1E6 && cp <= 0x1F1FF && !flags_ok)
			abort();
		i += n;
	}
}

static void check_ansi(const struct canvas *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct canvas_palette pal;

	if (!f)
		return;
	/* A palette with a colour on every role (the themes are files, not linked here). */
	canvas_palette_plain(&pal);
	for (int r = 0; r < ROLE_COUNT; r++)
		pal.role[r].fg256 = pal.role[r].bg256 = (short)(r * 37 % 256);
	canvas_write_ansi(c, &pal, 256, f);
	fclose(f);
	for (size_t i = 0; i < len; i++) {
		if (buf[i] != 0x1b)
			continue;
		size_t j = i + 1;
		if (j >= len || buf[j] != '[')
			abort();
		for (j++; j < len && ((buf[j] >= '0' && buf[j] <= '9') || buf[j] == ';'); j++)
			;
		if (j >= len || buf[j] != 'm')
			abort();
	}
	free(buf);
}

/* text_quote: printable, no control byte, no C1/bidi/invisible code point, within the
 * buffer; text_asciify: ASCII only, the same width. */
static void check_quote_and_ascii(const uint8_t *data, size_t size, const char *san)
{
	char q[96];
	const char *r = text_quote((const char *)data, size, q, sizeof q);

	if (r != q || strlen(q) >= sizeof q)
		abort();
	check_clean_flags(q, 1);
	for (const unsigned char *p = (const unsigned char *)q; *p; p++)
		if (*p < 0x20 || *p == 0x7F)
			abort();
	char *a = strdup(san);
	if (!a)
		return;
	int w = text_width(a);
	text_asciify(a);
	for (const unsigned char *p = (const unsigned char *)a; *p; p++)
		if (*p < 0x20 || *p >= 0x7F)
			abort();
	if ((int)strlen(a) != w)
		abort();
	free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int widths[] = { 0, 1, 2, 3, 5, 8, 13, 40 };
	char *s = text_sanitize((const char *)data, size);
	struct canvas c;

	if (!s)
		return 0;
	check_clean(s);
	check_quote_and_ascii(data, size, s);
	for (size_t k = 0; k < sizeof widths / sizeof widths[0]; k++) {
		char out[64];
		for (int ascii = 0; ascii < 2; ascii++) {
			int used = text_fit(s, widths[k], ascii, out, sizeof out);
			if (used > widths[k] || used != text_width(out) || strlen(out) >= sizeof out)
				abort();
			check_clean(out);
		}
	}
	if (canvas_init(&c, 7, 3, size & 1) == 0) {
		int x = size > 0 ? (int)(data[0] % 9) - 1 : 0;
		canvas_put(&c, x, 0, -1, (const char *)s, ROLE_NORMAL);
		canvas_put(&c, 1, 1, 4, (const char *)s, ROLE_TITLE);
		canvas_put_right(&c, 0, 2, 7, (const char *)s, ROLE_NUMBER);
		canvas_put(&c, 2, 0, 2, (const char *)s, ROLE_BAR);
		for (int y = 0; y < c.rows; y++)
			for (int xx = 0; xx < c.cols; xx++) {
				struct canvas_cell *cell = canvas_at(&c, xx, y);
				struct canvas_cell *next = canvas_at(&c, xx + 1, y);
				if (cell->width == 2 && (!next || next->width != 0))
					abort();
				if (cell->width == 0 && (xx == 0 || canvas_at(&c, xx - 1, y)->width != 2))
					abort();
				if (cell->width != 0)
					check_clean(cell->glyph);
			}
		check_ansi(&c);
		canvas_free(&c);
	}
	free(s);
	return 0;
}
