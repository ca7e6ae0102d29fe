/* text: decoding, the sanitiser, widths, truncation and number formatting. */
#include "testutil.h"

#include <time.h>

#include "text.h"

/* Sanitises a NUL-terminated literal; the caller frees. */
static char *san(const char *s)
{
	char *r = text_sanitize(s, (size_t)-1);
	assert_non_null(r);
	return r;
}

static void assert_sanitized(const char *in, size_t len, const char *want)
{
	char *r = text_sanitize(in, len);
	assert_non_null(r);
	assert_string_equal(r, want);
	free(r);
}

/* text_decode of s[0..len) takes n bytes and gives the code point want. */
static void decodes(const char *s, size_t len, int n, uint32_t want)
{
	uint32_t cp;
	assert_int_equal(text_decode(s, len, &cp), n);
	assert_int_equal(cp, want);
}

/* text_encode of cp writes the n bytes want. */
static void encodes(uint32_t cp, int n, const char *want)
{
	char b[4];
	assert_int_equal(text_encode(cp, b), n);
	assert_memory_equal(b, want, n);
}

/* text_fit of s in w columns (ascii: '~' for the ellipsis) takes cols columns and
 * writes want, in a buffer of 64 bytes. */
static void fits(const char *s, int w, int ascii, int cols, const char *want)
{
	char out[64] = "x";
	assert_int_equal(text_fit(s, w, ascii, out, sizeof out), cols);
	assert_string_equal(out, want);
}

static void thousands(long long v, const char *want)
{
	char out[32] = "x";
	text_thousands(v, out, sizeof out);
	assert_string_equal(out, want);
}

/* ---- NULL and empty ---------------------------------------------------------------- */

static void null_and_empty_inputs(void **state)
{
	char out[8] = "x";
	(void)state;
	assert_sanitized(NULL, 5, "");
	assert_sanitized("", (size_t)-1, "");
	assert_sanitized("abc", 0, "");
	assert_int_equal(text_width(NULL), 0);
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_fit(NULL, 5, 0, out, sizeof out), 0);
	assert_string_equal(out, "");
	assert_int_equal(text_fit("abc", 0, 0, out, sizeof out), 0);
	assert_string_equal(out, "");
	assert_int_equal(text_fit("abc", -3, 0, out, sizeof out), 0);
	assert_int_equal(text_fit("abc", 3, 0, out, 0), 0); /* no room: nothing written */
	text_thousands(5, out, 0);
	text_quantity(5, NULL, out, sizeof out);
	assert_string_equal(out, "5");
}

/* ---- decoding ---------------------------------------------------------------------- */

static void decode_valid_sequences(void **state)
{
	(void)state;
	decodes("A", 1, 1, 'A');
	decodes("\xC3\x9C", 2, 2, 0xDC); /* Ü */
	decodes("\xE6\xBC\xA2", 3, 3, 0x6F22); /* 漢 */
	decodes("\xF0\x9F\x98\x80", 4, 4, 0x1F600); /* 😀 */
	decodes("\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF);
}

static void decode_rejects_invalid_one_byte_at_a_time(void **state)
{
	(void)state;
	decodes("\xC0\xAF", 2, 1, TEXT_REPLACEMENT); /* overlong '/' */
	decodes("\xE0\x80\xAF", 3, 1, TEXT_REPLACEMENT); /* overlong, 3 bytes */
	decodes("\xED\xA0\x80", 3, 1, TEXT_REPLACEMENT); /* surrogate D800 */
	decodes("\xF4\x90\x80\x80", 4, 1, TEXT_REPLACEMENT); /* > U+10FFFF */
	decodes("\x9B", 1, 1, TEXT_REPLACEMENT); /* raw C1 byte */
	decodes("\xFF", 1, 1, TEXT_REPLACEMENT);
	/* truncated by len: the bytes after len are valid but must not be read */
	decodes("\xE2\x82\xAC", 2, 1, TEXT_REPLACEMENT);
}

static void decode_never_reads_past_len(void **state)
{
	/* a heap block of exactly 2 bytes: ASan reports any read past it */
	char *p = malloc(2);
	uint32_t cp;
	(void)state;
	memcpy(p, "\xF0\x9F", 2);
	assert_int_equal(text_decode(p, 2, &cp), 1);
	assert_int_equal(text_decode(p + 1, 1, &cp), 1);
	assert_int_equal(cp, TEXT_REPLACEMENT);
	free(p);
}

static void encode_round_trips_and_refuses_surrogates(void **state)
{
	char b[4];
	(void)state;
	encodes(0x20AC, 3, "\xE2\x82\xAC");
	encodes(0x1F600, 4, "\xF0\x9F\x98\x80");
	encodes(0xD800, 3, "\xEF\xBF\xBD");
	assert_int_equal(text_encode(0x110000, b), 3);
}

/* ---- percent-escapes --------------------------------------------------------------- */

static void pct_escapes_round_trip(void **state)
{
	char b[4] = "";
	(void)state;
	text_pct_encode('/', b);
	assert_memory_equal(b, "%2F", 3);
	text_pct_encode(0xE2, b);
	assert_memory_equal(b, "%E2", 3);
	text_pct_encode(0, b);
	assert_memory_equal(b, "%00", 3);
	assert_int_equal(text_pct_decode("%2F", 3), '/');
	assert_int_equal(text_pct_decode("%2f", 3), '/');
	assert_int_equal(text_pct_decode("%e2%80", 6), 0xE2);
	assert_int_equal(text_pct_decode("%00", 3), 0);
	assert_int_equal(text_pct_decode("%G1", 3), -1);
	assert_int_equal(text_pct_decode("%2", 2), -1);
	/* n ends the escape even where the string goes on: nothing past it is read */
	assert_int_equal(text_pct_decode("%2F", 2), -1);
	assert_int_equal(text_pct_decode("%2F", 1), -1);
}

/* ---- the sanitiser ----------------------------------------------------------------- */

static void osc52_clipboard_becomes_inert_text(void **state)
{
	char *r = san("\x1b]52;c;aGVsbG8=\x07");
	(void)state;
	assert_string_equal(r, "\xE2\x90\x9B]52;c;aGVsbG8=\xE2\x90\x87"); /* ␛]52;c;aGVsbG8=␇ */
	assert_null(strchr(r, 0x1b));
	free(r);
}

static void csi_clear_title_and_device_queries_are_inert(void **state)
{
	(void)state;
	assert_sanitized("\x1b[2J\x1b[H", (size_t)-1, "\xE2\x90\x9B[2J\xE2\x90\x9B[H");
	assert_sanitized("\x1b]0;pwned\x1b\\", (size_t)-1, "\xE2\x90\x9B]0;pwned\xE2\x90\x9B\\");
	assert_sanitized("\x1b[c\x1b[>0q", (size_t)-1, "\xE2\x90\x9B[c\xE2\x90\x9B[>0q");
	assert_sanitized("\x1b]8;;http://x\x1b\\a", (size_t)-1,
	                 "\xE2\x90\x9B]8;;http://x\xE2\x90\x9B\\a");
}

static void c1_as_code_points_but_u_umlaut_kept(void **state)
{
	(void)state;
	assert_sanitized("M\xC3\x9Cller", (size_t)-1, "M\xC3\x9Cller");           /* Müller: C3 9C is Ü */
	assert_sanitized("a\xC2\x9B" "2J", (size_t)-1, "a\xEF\xBF\xBD" "2J");     /* U+009B CSI */
	assert_sanitized("a\x9B" "2J", (size_t)-1, "a\xEF\xBF\xBD" "2J");         /* raw 0x9B byte */
	assert_sanitized("\x9C", (size_t)-1, "\xEF\xBF\xBD");
}

static void invalid_utf8_becomes_replacement(void **state)
{
	(void)state;
	assert_sanitized("\xC0\xAF", (size_t)-1, "\xEF\xBF\xBD\xEF\xBF\xBD");
	assert_sanitized("x\xE2\x82", (size_t)-1, "x\xEF\xBF\xBD\xEF\xBF\xBD");
	assert_sanitized("\xED\xA0\x80", (size_t)-1, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	assert_sanitized("\xEF\xBF\xBF", (size_t)-1, "\xEF\xBF\xBD"); /* noncharacter U+FFFF */
}

static void controls_inside_a_bounded_string_move_nothing(void **state)
{
	(void)state;
	/* CR, BS, VT, FF, NUL, DEL, TAB with an explicit length (NUL does not end it) */
	assert_sanitized("a\rb\bc\vd\fe\0f\x7fg\th", 15,
	                 "a\xE2\x90\x8D" "b\xE2\x90\x88" "c\xE2\x90\x8B" "d\xE2\x90\x8C"
	                 "e\xE2\x90\x80" "f\xE2\x90\xA1" "g h");
	/* with (size_t)-1, NUL ends the string */
	assert_sanitized("ab\0cd", (size_t)-1, "ab");
}

static void bidi_and_zero_width_cannot_reorder(void **state)
{
	(void)state;
	/* RLO "evil" PDF; LRI/PDI; ZWSP ZWJ BOM */
	assert_sanitized("\xE2\x80\xAE" "evil\xE2\x80\xAC", (size_t)-1,
	                 "\xEF\xBF\xBD" "evil\xEF\xBF\xBD");
	assert_sanitized("\xE2\x81\xA6x\xE2\x81\xA9", (size_t)-1, "\xEF\xBF\xBDx\xEF\xBF\xBD");
	assert_sanitized("a\xE2\x80\x8B" "b\xE2\x80\x8D" "c\xEF\xBB\xBF", (size_t)-1,
	                 "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD");
	assert_sanitized("\xE2\x80\x8F\xD8\x9C", (size_t)-1, "\xEF\xBF\xBD\xEF\xBF\xBD"); /* RLM, ALM */
}

static void flags_selectors_and_lone_marks(void **state)
{
	(void)state;
	assert_sanitized("\xF0\x9F\x87\xBB\xF0\x9F\x87\xB3", (size_t)-1, "VN"); /* 🇻🇳 */
	assert_sanitized("\xE2\x9D\xA4\xEF\xB8\x8F", (size_t)-1, "\xE2\x9D\xA4");  /* ❤️ -> ❤ */
	assert_sanitized("\xCC\x81x", (size_t)-1, "\xE2\x97\x8C\xCC\x81x");        /* ◌́x */
	assert_int_equal(text_sanitize_cp(0xFE0F), 0);
	assert_int_equal(text_sanitize_cp('\t'), ' ');
	assert_int_equal(text_sanitize_cp(0x1b), 0x241B);
	assert_int_equal(text_sanitize_cp(0x85), TEXT_REPLACEMENT);
	assert_int_equal(text_sanitize_cp(0x6F22), 0x6F22);
}

static void huge_input_is_cut_quickly(void **state)
{
	size_t n = 1 << 20;
	char *big = malloc(n + 1), *r;
	char out[64];
	clock_t t0 = clock();
	(void)state;
	memset(big, 'x', n);
	big[n] = '\0';
	big[TEXT_MAX_INPUT - 1] = '\xE6'; /* 漢 straddling the cut: dropped whole */
	big[TEXT_MAX_INPUT] = '\xBC';
	big[TEXT_MAX_INPUT + 1] = '\xA2';
	r = text_sanitize(big, n);
	assert_int_equal(strlen(r), TEXT_MAX_INPUT - 1);
	free(r);
	r = text_sanitize(big, (size_t)-1);
	assert_int_equal(strlen(r), TEXT_MAX_INPUT - 1);
	assert_int_equal(text_fit(r, 10, 0, out, sizeof out), 10);
	assert_string_equal(out, "xxxxxxxxx\xE2\x80\xA6");
	free(r);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 0.5);
	free(big);
}

/* ---- widths ------------------------------------------------------------------------ */

static void widths_without_a_locale(void **state)
{
	char *r;
	(void)state;
	assert_int_equal(text_width("Drugs"), 5);
	assert_int_equal(text_width("\xE6\xBC\xA2\xE5\xAD\x97"), 4);          /* 漢字 */
	assert_int_equal(text_width("e\xCC\x81"), 1);                          /* é decomposed */
	assert_int_equal(text_width("\xF0\x9F\x98\x80"), 2);                   /* 😀 */
	assert_int_equal(text_width("\xEC\x84\x9C\xEC\x9A\xB8"), 4);          /* 서울 */
	assert_int_equal(text_width("\xEF\xBC\xA1"), 2);                       /* fullwidth Ａ */
	assert_int_equal(text_width("\xE3\x80\xBF"), 1);                       /* U+303F */
	assert_int_equal(text_width("\xE2\x94\x8C\xE2\x94\x80\xE2\x96\x88"), 3); /* ┌─█ */
	assert_int_equal(text_cp_width(0xFE00), 0);
	assert_int_equal(text_cp_width(0xE0100), 0);
	assert_int_equal(text_cp_width(0x20D0), 0);
	assert_int_equal(text_cp_width(0x1F9FF), 2);
	assert_int_equal(text_cp_width(0x20000), 2);
	assert_int_equal(text_cp_width(0x2026), 1);
	r = san("\xF0\x9F\x87\xBB\xF0\x9F\x87\xB3 VN Customs");
	assert_int_equal(text_width(r), 13);
	free(r);
}

/* Unicode 15 and 16 emoji are 2 columns, as terminals draw them (they were 1 and pushed
 * panel borders out). */
static void newer_emoji_are_wide(void **state)
{
	(void)state;
	assert_int_equal(text_cp_width(0x1FAE8), 2); /* shaking face, Unicode 15 */
	assert_int_equal(text_cp_width(0x1FA77), 2); /* pink heart, 15 */
	assert_int_equal(text_cp_width(0x1FAAF), 2); /* khanda, 15 */
	assert_int_equal(text_cp_width(0x1FAC6), 2); /* fingerprint, 16 */
	assert_int_equal(text_cp_width(0x1FADC), 2); /* root vegetable, 16 */
	assert_int_equal(text_cp_width(0x1F3FD), 2); /* a skin tone on its own */
	assert_int_equal(text_cp_width(0x1FB00), 1); /* legacy computing: narrow */
	assert_int_equal(text_width("\xF0\x9F\xAB\xA8\xF0\x9F\xA9\xB7\xF0\x9F\xAA\xAF\xF0\x9F\xAB\x86"), 8);
}

/* A modifier, a joiner or a tag inside an emoji sequence is dropped: each terminal
 * would count the sequence differently; the bare emoji are the same everywhere. */
static void emoji_sequences_keep_their_width(void **state)
{
	(void)state;
	/* 👩🏽 -> 👩: 2 columns, not 4 */
	assert_sanitized("\xF0\x9F\x91\xA9\xF0\x9F\x8F\xBD", (size_t)-1, "\xF0\x9F\x91\xA9");
	/* 👩‍🔬 -> 👩🔬 */
	assert_sanitized("\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x94\xAC", (size_t)-1,
	                 "\xF0\x9F\x91\xA9\xF0\x9F\x94\xAC");
	/* ❤️‍🔥: the selector and the joiner go */
	assert_sanitized("\xE2\x9D\xA4\xEF\xB8\x8F\xE2\x80\x8D\xF0\x9F\x94\xA5", (size_t)-1,
	                 "\xE2\x9D\xA4\xF0\x9F\x94\xA5");
	/* 🏴 with the tags of "gbsct" and a cancel tag -> 🏴 */
	assert_sanitized("\xF0\x9F\x8F\xB4\xF3\xA0\x81\xA7\xF3\xA0\x81\xA2\xF3\xA0\x81\xB3"
	                 "\xF3\xA0\x81\xA3\xF3\xA0\x81\xB4\xF3\xA0\x81\xBF", (size_t)-1, "\xF0\x9F\x8F\xB4");
	/* 👍🏿 x3: 6 columns */
	char *r = san("\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBF\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBF\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBF");
	assert_int_equal(text_width(r), 6);
	free(r);
	/* Outside an emoji sequence a joiner or a tag is still made visible. */
	assert_sanitized("a\xE2\x80\x8D" "b", (size_t)-1, "a\xEF\xBF\xBD" "b");
	assert_sanitized("a\xF3\xA0\x81\xA7", (size_t)-1, "a\xEF\xBF\xBD");
	assert_sanitized("a\xF0\x9F\x8F\xBD", (size_t)-1, "a\xF0\x9F\x8F\xBD");
}

/* ---- text_fit ---------------------------------------------------------------------- */

static void fit_keeps_what_fits(void **state)
{
	(void)state;
	fits("Drugs", 5, 0, 5, "Drugs");
	fits("Drugs", 40, 0, 5, "Drugs");
	fits("Precursors", 6, 0, 6, "Precu\xE2\x80\xA6");
	fits("Precursors", 6, 1, 6, "Precu.");
	fits("Precursors", 1, 0, 1, "\xE2\x80\xA6");
}

static void fit_never_splits_wide_characters(void **state)
{
	(void)state;
	/* 漢字漢 is 6 columns; in 3: one 漢 (2) and the ellipsis (1) */
	fits("\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2", 3, 0, 3, "\xE6\xBC\xA2\xE2\x80\xA6");
	/* in 4: 漢字 would need 5 with the ellipsis, so 漢… again (3 of the 4) */
	fits("\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2", 4, 0, 3, "\xE6\xBC\xA2\xE2\x80\xA6");
	/* in 2: the ellipsis alone */
	fits("\xE6\xBC\xA2\xE5\xAD\x97", 2, 0, 3 - 2, "\xE2\x80\xA6");
	/* exactly fitting: no ellipsis */
	fits("\xE6\xBC\xA2\xE5\xAD\x97", 4, 0, 4, "\xE6\xBC\xA2\xE5\xAD\x97");
}

static void fit_keeps_marks_with_their_base(void **state)
{
	(void)state;
	/* "cafe" + U+0301 + "s": 5 columns; in 5 it fits whole, marks and all */
	fits("cafe\xCC\x81s", 5, 0, 5, "cafe\xCC\x81s");
	/* in 4: "caf" + ellipsis, the é is not split from its accent */
	fits("cafe\xCC\x81s", 4, 0, 4, "caf\xE2\x80\xA6");
	/* "cafe\u0301 xyz" in 5: the accent stays with its e, right before the ellipsis */
	fits("cafe\xCC\x81 xyz", 5, 0, 5, "cafe\xCC\x81\xE2\x80\xA6");
}

static void fit_respects_a_small_buffer(void **state)
{
	char out[6];
	(void)state;
	/* 漢字漢 needs 9 bytes; with 5 usable, 漢 (3) and the ellipsis (3) do not both fit */
	assert_int_equal(text_fit("\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2", 10, 0, out, sizeof out), 1);
	assert_string_equal(out, "\xE2\x80\xA6");
	assert_int_equal(text_fit("abcdefgh", 10, 1, out, sizeof out), 5);
	assert_string_equal(out, "abcd.");
}

/* ---- numbers ----------------------------------------------------------------------- */

static void thousands_separators(void **state)
{
	char out[32];
	(void)state;
	thousands(0, "0");
	thousands(999, "999");
	thousands(1000, "1,000");
	thousands(1155, "1,155");
	thousands(1234567, "1,234,567");
	thousands(-1234, "-1,234");
	thousands(-42, "-42");
	thousands(INT64_MIN, "-9,223,372,036,854,775,808");
	text_thousands(1234567, out, 4);
	assert_string_equal(out, "1,2");
}

static void quantity(double q, const char *unit, const char *want)
{
	char out[64];
	text_quantity(q, unit, out, sizeof out);
	assert_string_equal(out, want);
}

static void quantities_for_humans(void **state)
{
	(void)state;
	quantity(11800, "kg", "11.8 t");
	quantity(2279.71, "kg", "2.3 t");
	quantity(150000, "kg", "150 t");
	quantity(999.7, "kg", "1 t");
	quantity(860, "kg", "860 kg");
	quantity(12.4, "kg", "12.4 kg");
	quantity(0.35, "kg", "0.35 kg");
	quantity(4.5, "kg", "4.5 kg");
	quantity(0, "kg", "0 kg");
	quantity(0.004, "kg", "4 g");
	quantity(1700000, "tablets", "1.7 M tablets");
	quantity(2000000, "tablets", "2 M tablets");
	quantity(45000, "tablets", "45,000 tablets");
	quantity(1, "tablets", "1 tablet");
	quantity(3, "heads", "3 heads");
	quantity(1, "heads", "1 head");
	quantity(12, "pieces", "12 pieces");
	quantity(150, "m3", "150 m\xC2\xB3");
	quantity(2.5, "m3", "2.5 m\xC2\xB3");
	quantity(1000, "m3", "1,000 m\xC2\xB3");
	quantity(120, "litres", "120 litres");
	quantity(1, "litres", "1 litre");
	quantity(-3, "kg", "-3 kg");
	quantity(7, "bags", "7 bags");
	quantity(0.0 / 0.0, "kg", "?");
	/* Sums of a foreign database can be huge: no conversion to long long overflows. */
	quantity(1e30, "kg", "1e+27 t");
	quantity(-1e30, "kg", "-1e+27 t");
	quantity(1e25, "tablets", "1e+19 M tablets");
	quantity(9.3e18, "litres", "9.3e+18 litres");
	quantity(1e17, "kg", "100,000,000,000,000 t");
	quantity(999999999999999.0, "m3", "999,999,999,999,999 m\xC2\xB3");
}

/* ---- text_quote: the one quoting of echoed values ------------------------------------ */

static const char *quote(const char *s, size_t len)
{
	static char out[128];
	return text_quote(s, len, out, sizeof out);
}

static void quote_null_empty_and_plain(void **state)
{
	(void)state;
	assert_string_equal(quote(NULL, 5), "");
	assert_string_equal(quote("", (size_t)-1), "");
	assert_string_equal(quote("OMD7-VNCUS-0001", (size_t)-1), "OMD7-VNCUS-0001");
	/* Printable non-ASCII stays readable: names are not all ASCII. */
	assert_string_equal(quote("Hải Phòng 象牙 Ü", (size_t)-1), "Hải Phòng 象牙 Ü");
}

static void quote_escape_sequences_become_inert(void **state)
{
	(void)state;
	/* OSC 0 title, CSI clear, OSC 52 clipboard: no ESC or BEL survives. */
	assert_string_equal(quote("\x1b]0;pwned\x07\x1b[2J", (size_t)-1), "\\x1B]0;pwned\\x07\\x1B[2J");
	assert_string_equal(quote("a\rb\bc\td\ne\x7f", (size_t)-1), "a\\x0Db\\x08c\\x09d\\x0Ae\\x7F");
	/* C1 as code points (CSI U+009B, NEL U+0085); "Ü" (C3 9C) is not C1. */
	assert_string_equal(quote("\xc2\x9b" "2J\xc2\x85", (size_t)-1), "<U+009B>2J<U+0085>");
}

static void quote_invisible_and_bidi_made_visible(void **state)
{
	(void)state;
	assert_string_equal(quote("\xe2\x80\xae" "OMD7", (size_t)-1), "<U+202E>OMD7");
	assert_string_equal(quote("a\xe2\x80\x8b" "b\xe2\x80\x8c\xe2\x80\x8d\xe2\x81\xa0", (size_t)-1),
	                    "a<U+200B>b<U+200C><U+200D><U+2060>");
	assert_string_equal(quote("\xef\xbb\xbf" "x\xe2\x80\xa8\xe2\x80\xa9", (size_t)-1),
	                    "<U+FEFF>x<U+2028><U+2029>");
	assert_string_equal(quote("\xf3\xa0\x80\x81\xf3\xa0\x81\x81", (size_t)-1), "<U+E0001><U+E0041>");
	assert_string_equal(quote("\xe2\x81\xa6" "x\xe2\x81\xa9\xd8\x9c", (size_t)-1), "<U+2066>x<U+2069><U+061C>");
	assert_string_equal(quote("\xef\xbf\xbe", (size_t)-1), "<U+FFFE>");
}

static void quote_invalid_bytes_and_embedded_nul(void **state)
{
	(void)state;
	assert_string_equal(quote("a\xff" "b\xc3", (size_t)-1), "a\\xFFb\\xC3");
	assert_string_equal(quote("\xed\xa0\x80", (size_t)-1), "\\xED\\xA0\\x80"); /* surrogate */
	assert_string_equal(quote("\xc0\xaf", (size_t)-1), "\\xC0\\xAF");            /* overlong '/' */
	/* With a length, a NUL is shown and what follows it is not hidden. */
	assert_string_equal(quote("ab\0cd", 5), "ab\\x00cd");
	/* A length shorter than the string: nothing past it is read. */
	assert_string_equal(quote("\xe2\x80\xae", 2), "\\xE2\\x80");
}

static void quote_cuts_to_the_buffer_at_a_boundary(void **state)
{
	char out[12];
	(void)state;
	assert_string_equal(text_quote("abcdefghijklmnop", (size_t)-1, out, sizeof out), "abcdefgh...");
	assert_string_equal(text_quote("abcdefghijk", (size_t)-1, out, sizeof out), "abcdefghijk");
	/* An escape is never split. */
	assert_string_equal(text_quote("abcde\x1b" "fghij", (size_t)-1, out, sizeof out), "abcde...");
	assert_string_equal(text_quote("象象象象", (size_t)-1, out, sizeof out), "象象...");
	assert_string_equal(text_quote("x", (size_t)-1, out, 4), "x");
	assert_string_equal(text_quote("xyzw", (size_t)-1, out, 4), "...");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(null_and_empty_inputs),
		cmocka_unit_test(decode_valid_sequences),
		cmocka_unit_test(decode_rejects_invalid_one_byte_at_a_time),
		cmocka_unit_test(decode_never_reads_past_len),
		cmocka_unit_test(encode_round_trips_and_refuses_surrogates),
		cmocka_unit_test(pct_escapes_round_trip),
		cmocka_unit_test(osc52_clipboard_becomes_inert_text),
		cmocka_unit_test(csi_clear_title_and_device_queries_are_inert),
		cmocka_unit_test(c1_as_code_points_but_u_umlaut_kept),
		cmocka_unit_test(invalid_utf8_becomes_replacement),
		cmocka_unit_test(controls_inside_a_bounded_string_move_nothing),
		cmocka_unit_test(bidi_and_zero_width_cannot_reorder),
		cmocka_unit_test(flags_selectors_and_lone_marks),
		cmocka_unit_test(huge_input_is_cut_quickly),
		cmocka_unit_test(widths_without_a_locale),
		cmocka_unit_test(newer_emoji_are_wide),
		cmocka_unit_test(emoji_sequences_keep_their_width),
		cmocka_unit_test(fit_keeps_what_fits),
		cmocka_unit_test(fit_never_splits_wide_characters),
		cmocka_unit_test(fit_keeps_marks_with_their_base),
		cmocka_unit_test(fit_respects_a_small_buffer),
		cmocka_unit_test(thousands_separators),
		cmocka_unit_test(quantities_for_humans),
		cmocka_unit_test(quote_null_empty_and_plain),
		cmocka_unit_test(quote_escape_sequences_become_inert),
		cmocka_unit_test(quote_invisible_and_bidi_made_visible),
		cmocka_unit_test(quote_invalid_bytes_and_embedded_nul),
		cmocka_unit_test(quote_cuts_to_the_buffer_at_a_boundary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
