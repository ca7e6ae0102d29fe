/* theme: the embedded theme files, theme file errors with positions, the --theme lookup. */
#include "testutil.h"

#include <sys/stat.h>

#include "theme.h"

static char err[1024];

/* A valid theme text with one line replaced: roles and palettes written out. */
static const char *const good_lines[] = {
	"description: test theme",
	"roles:",
	"  normal: {}",
	"  title: {fg: [231, 15, 7], attr: bold, mono: bold}",
	"  border: {fg: [240, 8, -1]}",
	"  border-focus: {fg: [81, 14, 6], attr: bold, mono: bold}",
	"  header: {fg: [110, 12, 4], attr: bold, mono: underline}",
	"  bar: {fg: [74, 12, 4]}",
	"  number: {}",
	"  delta-up: {fg: [114, 10, 2]}",
	"  delta-down: {fg: [203, 9, 1]}",
	"  muted: {}",
	"  selection: {attr: reverse, mono: reverse}",
	"  alert: {fg: [196, 9, 1], attr: [bold, underline]}",
	"  status: {fg: [252, 15, 7], bg: [236, 8, 4]}",
	"  key: {}",
	"  changed: {fg: [16, 0, 0], bg: [220, 11, 3], attr: bold, mono: reverse}",
	"categories:",
	"  - {fg: [1, 1, 1]}",
	"  - {fg: [2, 2, 2]}",
	"  - {fg: [3, 3, 3]}",
	"  - {fg: [4, 4, 4]}",
	"  - {fg: [5, 5, 5]}",
	"  - {fg: [6, 6, 6]}",
	"agencies:",
	"  - {}",
	"  - {}",
	"  - {}",
	"  - {}",
	"  - {}",
	"  - {}",
	"  - {}",
	"  - {fg: [9, 9, 1]}",
	NULL,
};

/* The good theme with line `line` (1-based) replaced by repl (NULL: dropped). */
static const char *theme_text(int line, const char *repl)
{
	static char buf[4096];
	size_t n = 0;
	for (int i = 0; good_lines[i]; i++) {
		const char *l = i + 1 == line ? repl : good_lines[i];
		if (l)
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%s\n", l);
	}
	return buf;
}

/* Parses text as "t.yaml"; returns 0 or -1 with err set. */
static int parse(const char *text, struct canvas_palette *p)
{
	struct config_doc *d = config_load_mem("t.yaml", text, strlen(text), err, sizeof err);
	if (!d)
		return -1;
	int rc = theme_parse(d->root, "t", p, err, sizeof err);
	config_free(d);
	return rc;
}

static const char *parse_error(int line, const char *repl)
{
	struct canvas_palette p;
	assert_int_equal(parse(theme_text(line, repl), &p), -1);
	return err;
}

static void test_embedded_themes_parse_in_order(void **state)
{
	int n;
	const struct canvas_palette *p = theme_list(&n);
	static const char *const names[] = { "default", "light", "projector", "colour-blind", "mono" };
	(void)state;
	assert_true(n >= 5);
	for (int i = 0; i < 5; i++)
		assert_string_equal(p[i].name, names[i]);
	for (int i = 0; i < n; i++) {
		/* Rules every theme keeps: the selection shows without colour, titles and the
		 * focused border are bold in monochrome. */
		assert_true(p[i].role[ROLE_SELECTION].mono_attr & CANVAS_REVERSE);
		assert_true(p[i].role[ROLE_BORDER_FOCUS].mono_attr & CANVAS_BOLD);
		assert_true(p[i].role[ROLE_TITLE].mono_attr & CANVAS_BOLD);
	}
}

static void test_default_theme_is_the_old_palette(void **state)
{
	const struct canvas_palette *d = theme_resolve("default", err, sizeof err);
	(void)state;
	assert_non_null(d);
	/* Drugs red-orange at every depth, the status line's background, the selection. */
	assert_int_equal(d->role[ROLE_CAT_0].fg256, 209);
	assert_int_equal(d->role[ROLE_CAT_0].fg16, 9);
	assert_int_equal(d->role[ROLE_CAT_0].fg8, 1);
	assert_int_equal(d->role[ROLE_CAT_0 + 2].fg256, 113);
	assert_int_equal(d->role[ROLE_STATUS].bg256, 236);
	assert_int_equal(d->role[ROLE_BORDER].fg8, -1);
	assert_int_equal(d->role[ROLE_HEADER].mono_attr, CANVAS_UNDERLINE);
	assert_int_equal(d->role[ROLE_ALERT].mono_attr, CANVAS_BOLD | CANVAS_UNDERLINE);
	assert_int_equal(d->role[ROLE_SELECTION].attr, CANVAS_REVERSE);
	assert_int_equal(d->role[ROLE_NORMAL].fg256, -1);
	/* Eight distinct agency colours at 256 colours. */
	for (int a = 0; a < ROLE_AGENCY_N; a++)
		for (int b = a + 1; b < ROLE_AGENCY_N; b++)
			assert_int_not_equal(d->role[ROLE_AGENCY_0 + a].fg256, d->role[ROLE_AGENCY_0 + b].fg256);
}

static void test_colour_blind_and_mono(void **state)
{
	const struct canvas_palette *cb = theme_resolve("colour-blind", err, sizeof err);
	const struct canvas_palette *m = theme_resolve("mono", err, sizeof err);
	(void)state;
	assert_non_null(cb);
	/* Okabe–Ito orange, sky blue, bluish green for drugs, precursors, wildlife. */
	assert_int_equal(cb->role[ROLE_CAT_0].fg256, 214);
	assert_int_equal(cb->role[ROLE_CAT_0 + 1].fg256, 74);
	assert_int_equal(cb->role[ROLE_CAT_0 + 2].fg256, 36);
	for (int a = 0; a < ROLE_AGENCY_N; a++)
		for (int b = a + 1; b < ROLE_AGENCY_N; b++)
			assert_int_not_equal(cb->role[ROLE_AGENCY_0 + a].fg256, cb->role[ROLE_AGENCY_0 + b].fg256);
	assert_non_null(m);
	for (int r = 0; r < ROLE_COUNT; r++) {
		assert_int_equal(m->role[r].fg256, -1);
		assert_int_equal(m->role[r].bg16, -1);
		assert_int_equal(m->role[r].bg8, -1);
	}
}

static void test_parse_good_theme(void **state)
{
	struct canvas_palette p;
	(void)state;
	assert_int_equal(parse(theme_text(0, NULL), &p), 0);
	assert_string_equal(p.name, "t");
	assert_int_equal(p.role[ROLE_ALERT].attr, CANVAS_BOLD | CANVAS_UNDERLINE);
	assert_int_equal(p.role[ROLE_ALERT].mono_attr, 0);
	assert_int_equal(p.role[ROLE_STATUS].bg16, 8);
	assert_int_equal(p.role[ROLE_KEY].fg256, -1);
	/* Six categories: positions 6 and 7 repeat 0 and 1. */
	assert_int_equal(p.role[ROLE_CAT_0 + 5].fg256, 6);
	assert_int_equal(p.role[ROLE_CAT_0 + 6].fg256, 1);
	assert_int_equal(p.role[ROLE_CAT_0 + 7].fg256, 2);
	assert_int_equal(p.role[ROLE_AGENCY_0 + 7].fg8, 1);
}

static void test_theme_errors_have_positions(void **state)
{
	(void)state;
	assert_string_equal(parse_error(4, "  titel: {fg: [231, 15, 7]}"),
	                    "t.yaml:4:3: unknown key 'titel' (did you mean 'title'?)");
	assert_string_equal(parse_error(4, NULL), "t.yaml:3:3: missing role 'title'");
	assert_string_equal(parse_error(4, "  title: {fg: [300, 15, 7]}"),
	                    "t.yaml:4:16: role 'title' fg 256-colour must be a whole number from -1 to 255, found '300'");
	assert_string_equal(parse_error(4, "  title: {fg: [231, 16, 7]}"),
	                    "t.yaml:4:21: role 'title' fg 16-colour must be a whole number from -1 to 15, found '16'");
	assert_string_equal(parse_error(4, "  title: {fg: [231, 15]}"),
	                    "t.yaml:4:15: role 'title' fg must be [256-colour, 16-colour, 8-colour] like "
	                    "[209, 9, 1] (-1: the terminal's own), found a list of 2");
	assert_string_equal(parse_error(4, "  title: {fg: red}"),
	                    "t.yaml:4:15: role 'title' fg must be [256-colour, 16-colour, 8-colour] like "
	                    "[209, 9, 1] (-1: the terminal's own), found 'red'");
	assert_string_equal(parse_error(4, "  title: {fgg: [1, 1, 1]}"),
	                    "t.yaml:4:11: unknown key 'fgg' (did you mean 'fg'?)");
	assert_string_equal(parse_error(4, "  title: {attr: blod}"),
	                    "t.yaml:4:17: unknown role 'title' attr 'blod' (did you mean 'bold'?)");
	assert_string_equal(parse_error(4, "  title: {mono: [bold, italic]}"),
	                    "t.yaml:4:24: unknown role 'title' mono 'italic' (expected bold, reverse, underline)");
	assert_string_equal(parse_error(4, "  title: 7"),
	                    "t.yaml:4:10: expected a map (KEY: VALUE lines), found '7'");
	assert_string_equal(parse_error(22, NULL),
	                    "t.yaml:19:3: categories must be a list of 6 to 8 colours like {fg: [209, 9, 1]}, found a list of 5");
	assert_string_equal(parse_error(32, NULL),
	                    "t.yaml:26:3: agencies must be a list of 8 colours like {fg: [209, 9, 1]}, found a list of 7");
	assert_string_equal(parse_error(19, "  - {fg: [1, 1, 8]}"),
	                    "t.yaml:19:17: categories item 1 fg 8-colour must be a whole number from -1 to 7, found '8'");
	/* the highlight of changed figures came later: a theme without it loads, the
	 * highlight made from the selection (bold, and reversed in monochrome) */
	struct canvas_palette old;
	assert_int_equal(parse(theme_text(17, NULL), &old), 0);
	assert_int_equal(old.role[ROLE_CHANGED].fg256, old.role[ROLE_SELECTION].fg256);
	assert_int_equal(old.role[ROLE_CHANGED].bg256, old.role[ROLE_SELECTION].bg256);
	assert_true(old.role[ROLE_CHANGED].attr & CANVAS_BOLD);
	assert_true(old.role[ROLE_CHANGED].mono_attr & CANVAS_REVERSE);
	assert_string_equal(parse_error(17, "  changed: {attr: blink}"),
	                    "t.yaml:17:19: unknown role 'changed' attr 'blink' (expected bold, reverse, underline)");
	assert_string_equal(parse_error(1, "palette: x"),
	                    "t.yaml:1:1: unknown key 'palette' (expected description, roles, categories, agencies)");
	assert_string_equal(parse_error(2, "rules:"), "t.yaml:2:1: unknown key 'rules' (did you mean 'roles'?)");
}

static void test_resolve_paths_and_xdg(void **state)
{
	int n0, n;
	char want[600];
	(void)state;
	theme_list(&n0);
	/* A path. */
	const char *p = tu_write("ocean.yaml", theme_text(0, NULL));
	const struct canvas_palette *t = theme_resolve(p, err, sizeof err);
	assert_non_null(t);
	assert_string_equal(t->name, "ocean");
	theme_list(&n);
	assert_int_equal(n, 5 + 1);
	/* An invalid file keeps the last good one in the user's slot. */
	p = tu_write("broken.yaml", theme_text(4, "  title: {fg: [231, 15]"));
	assert_null(theme_resolve(p, err, sizeof err));
	snprintf(want, sizeof want, "%s:5:3: did not find expected ',' or '}' (while parsing a flow mapping at line 4)", p);
	assert_string_equal(err, want);
	assert_string_equal(t->name, "ocean");
	/* $XDG_CONFIG_HOME/opdeck/themes/NAME.yaml comes before the embedded theme. */
	char dir[512];
	snprintf(dir, sizeof dir, "%s/opdeck", tu_dir());
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(dir, sizeof dir, "%s/opdeck/themes", tu_dir());
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_non_null(tu_write("opdeck/themes/night.yaml", theme_text(0, NULL)));
	setenv("XDG_CONFIG_HOME", tu_dir(), 1);
	t = theme_resolve("night", err, sizeof err);
	assert_non_null(t);
	assert_string_equal(t->name, "night");
	/* An embedded name not in the user's directory. */
	t = theme_resolve("projector", err, sizeof err);
	assert_non_null(t);
	assert_int_equal(t->role[ROLE_NORMAL].bg256, 231);
	/* A user's file named like a built-in theme takes its place in the cycle. */
	assert_non_null(tu_write("opdeck/themes/light.yaml", theme_text(0, NULL)));
	t = theme_resolve("light", err, sizeof err);
	assert_non_null(t);
	const struct canvas_palette *all = theme_list(&n);
	assert_ptr_equal(t, &all[1]);
	assert_string_equal(all[1].name, "light");
	assert_int_equal(all[1].role[ROLE_CAT_0].fg256, 1); /* the file's, not the built-in 166 */
	assert_int_equal(n, 5 + 1);
	/* A name in the user's directory that is broken is an error, not a fallback. */
	assert_non_null(tu_write("opdeck/themes/mono.yaml", "roles: [\n"));
	assert_null(theme_resolve("mono", err, sizeof err));
	assert_non_null(strstr(err, "opdeck/themes/mono.yaml:2:1: "));
	unsetenv("XDG_CONFIG_HOME");
}

static void test_resolve_unknown(void **state)
{
	(void)state;
	setenv("XDG_CONFIG_HOME", "/nonexistent-opdeck-test", 1);
	assert_null(theme_resolve("mno", err, sizeof err));
	assert_string_equal(err, "unknown theme 'mno' (did you mean 'mono'?)");
	assert_null(theme_resolve("neon", err, sizeof err));
	assert_string_equal(err, "unknown theme 'neon' (themes: default, light, projector, colour-blind, mono; "
	                         "or a file: --theme ./NAME.yaml)");
	assert_null(theme_resolve("x\x1b[2J", err, sizeof err));
	assert_null(strchr(err, '\x1b'));
	assert_null(theme_resolve("", err, sizeof err));
	assert_string_equal(err, "no theme name given");
	assert_null(theme_resolve(NULL, err, sizeof err));
	unsetenv("XDG_CONFIG_HOME");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_embedded_themes_parse_in_order),
		cmocka_unit_test(test_default_theme_is_the_old_palette),
		cmocka_unit_test(test_colour_blind_and_mono),
		cmocka_unit_test(test_parse_good_theme),
		cmocka_unit_test(test_theme_errors_have_positions),
		cmocka_unit_test(test_resolve_unknown),
		cmocka_unit_test(test_resolve_paths_and_xdg),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
