/*
 * operation_write: a struct op as an operation file, by careful printing rather than
 * libyaml's emitter: one canonical layout (operation, phases, agencies, categories; keys
 * in a fixed order; optional keys left out when empty), plain scalars where YAML reads
 * them back as the same text, double quotes otherwise.  So describe -> define -> describe
 * gives the same bytes, and operation_load reads back exactly what was written.
 */
#include <stdio.h>
#include <string.h>

#include "operation.h"

/* Can s be written as a plain scalar that reads back as the same text? */
static int plain_ok(const char *s)
{
	static const char *const special[] = { "~", "null", "Null", "NULL", "true", "True", "TRUE", "false",
		                                   "False", "FALSE", "yes", "Yes", "YES", "no", "No", "NO",
		                                   "on", "On", "ON", "off", "Off", "OFF" };
	size_t n = strlen(s);

	if (n == 0 || s[0] == ' ' || s[n - 1] == ' ' || strchr("-?:,[]{}#&*!|>'\"%@`", s[0]))
		return 0;
	for (size_t i = 0; i < sizeof special / sizeof special[0]; i++)
		if (strcmp(s, special[i]) == 0)
			return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return 0;
		if ((c == ':' && (s[i + 1] == ' ' || s[i + 1] == '\0')) || (c == '#' && i > 0 && s[i - 1] == ' '))
			return 0;
	}
	return 1;
}

static void put_scalar(FILE *out, const char *s)
{
	if (plain_ok(s)) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", out);
		else if (*p == '\t')
			fputs("\\t", out);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\x%02x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

static void put_field(FILE *out, const char *indent, const char *key, const char *value)
{
	fprintf(out, "%s%s: ", indent, key);
	put_scalar(out, value);
	fputc('\n', out);
}

/* "[a, b, ...]" of codes, wrapped before 100 columns (a flow list may span lines). */
static void put_flow(FILE *out, const char *indent, const char *key, char *const *v, int n)
{
	int col = fprintf(out, "%s%s: [", indent, key);
	for (int i = 0; i < n; i++) {
		int w = (int)strlen(v[i]) + 2;
		if (i && col + w > 98) {
			col = fprintf(out, ",\n%s  ", indent) - 2;
		} else if (i) {
			col += fprintf(out, ", ");
		}
		put_scalar(out, v[i]);
		col += w - 2;
	}
	fputs("]\n", out);
}

int operation_write(const struct op *o, FILE *out)
{
	fputs("# opdeck operation file: opdeck init DB --operation FILE, opdeck define DB FILE.\n", out);
	fputs("operation:\n", out);
	put_field(out, "  ", "code", o->code);
	put_field(out, "  ", "name", o->name);
	if (o->ncoordinators) {
		fputs("  coordinators:\n", out);
		for (int i = 0; i < o->ncoordinators; i++)
{
			fputs("    - ", out);
			put_scalar(out, o->coordinators[i]);
			fputc('\n', out);
		}
	}
	if (o->source && *o->source)
		put_field(out, "  ", "source", o->source);

	fputs("\nphases:\n", out);
	for (int i = 0; i < o->nphases; i++) {
		const struct op_phase *p = &o->phases[i];
		char num[16];
		snprintf(num, sizeof num, "%d", p->number);
		put_field(out, "  - ", "code", p->code);
		put_field(out, "    ", "name", p->name);
		put_field(out, "    ", "number", num);
		put_field(out, "    ", "starts_on", p->starts_on);
		put_field(out, "    ", "ends_on", p->ends_on);
		if (*p->period)
			put_field(out, "    ", "period", p->period);
		if (*p->review_place || *p->review_on) {
			fputs("    review:\n", out);
			if (*p->review_place)
				put_field(out, "      ", "place", p->review_place);
			if (*p->review_on)
				put_field(out, "      ", "date", p->review_on);
		}
		if (p->published) {
			fputs("    published: [", out);
			for (const char *q = p->published; *q;) {
				size_t l = strcspn(q, ",");
				fprintf(out, "%s%.*s", q == p->published ? "" : ", ", (int)l, q);
				q += l + (q[l] == ',');
			}
			fputs("]\n", out);
		}
		if (*p->source)
			put_field(out, "    ", "source", p->source);
		put_flow(out, "    ", "agencies", p->agencies, p->nagencies);
	}

	fputs("\nagencies:\n", out);
	for (int i = 0; i < o->nagencies; i++) {
		const struct op_agency *a = &o->agencies[i];
		put_field(out, "  - ", "code", a->code);
		put_field(out, "    ", "name", a->name);
		put_field(out, "    ", "short", a->short_name);
		put_field(out, "    ", "country", a->country);
		put_field(out, "    ", "kind", operation_kind_name(a->kind));
	}

	fputs("\ncategories:\n", out);
	for (int i = 0; i < o->ncategories; i++) {
		const struct op_category *c = &o->categories[i];
		put_field(out, "  - ", "code", c->code);
		put_field(out, "    ", "name", c->name);
		if (c->parent)
			put_field(out, "    ", "parent", c->parent);
		if (*c->unit)
			put_field(out, "    ", "unit", c->unit);
	}
	return ferror(out) ? -1 : 0;
}
