/*
 * operation: the operation file (YAML) <-> struct op, a plain description of an
 * operation: its phases, agencies, which agency takes part in which phase, and the
 * category tree.  The config layer: it knows YAML and the vocabulary (agency kinds,
 * units, figures), never SQLite; store_define() writes a struct op into a database and
 * store_describe() reads one back (store.h).
 *
 *   operation:  code, name, coordinators (list), source
 *   phases:     list of code, name, number, starts_on, ends_on, period, review (place,
 *               date), published (list of figures: cases and top-level category codes),
 *               source, agencies (the codes of the agencies taking part)
 *   agencies:   list of code, name, short, country, kind
 *   categories: list of code, name, parent (a top-level category code; none for a
 *               top-level category), unit (required for a sub-category)
 *
 * Every mistake is reported as "FILE:LINE:COL: what is wrong", all of them (up to a
 * limit), never a silent default.  A struct op owns every string in it; operation_free()
 * releases them all.
 */
#ifndef OPDECK_OPERATION_H
#define OPDECK_OPERATION_H

#include <stddef.h>
#include <stdio.h>

#define OPERATION_MAX_ITEMS 4096 /* phases, agencies, categories each */

struct op_phase {
	char *code, *name;          /* owned: "OMD7", "OMD 7" */
	int number;                 /* edition number, >= 0 */
	char *starts_on, *ends_on;  /* owned: ISO dates, starts_on <= ends_on */
	char *period;               /* owned: the period in words, "" when not given */
	char *review_place;         /* owned: the review (closing) conference, "" when none */
	char *review_on;            /* owned: its ISO date, "" when none */
	char *published;            /* owned: figures published, comma-separated ("cases,drugs");
	                               NULL when not given (the figures are the data's own) */
	char *source;               /* owned: where the figures come from, "" when not given */
	int nagencies;
	char **agencies;            /* owned: codes of the agencies taking part, in file order */
};

enum op_kind { OP_KIND_CUSTOMS, OP_KIND_POLICE, OP_KIND_DRUG_CONTROL, OP_KIND_BORDER,
               OP_KIND_ENVIRONMENT, OP_KIND_INTERNATIONAL, OP_KIND_OTHER, OP_KIND_COUNT };
/* "customs", "police", "drug control", "border", "environment", "international", "other". */
const char *operation_kind_name(int kind);
int operation_kind_parse(const char *name); /* -1 when unknown */

struct op_agency {
	char *code, *name;          /* owned: "VNCUS", "General Department of Viet Nam Customs" */
	char *short_name;           /* owned: fits a bar label, "VN Customs" */
	char *country;              /* owned: ISO 3166 alpha-2 */
	int kind;                   /* enum op_kind */
};

struct op_category {
	char *code, *name;          /* owned */
	char *parent;               /* owned: code of its top-level category; NULL when top-level */
	char *unit;                 /* owned: the unit it is counted in (store_unit_name), "" for a
	                               top-level category without one */
};

struct op {
	char *code, *name;          /* owned: "OMD", "Operation Mekong Dragon" */
	int ncoordinators;
	char **coordinators;        /* owned: the coordinating bodies */
	char *source;               /* owned: source notes, "" when none */
	int nphases, nagencies, ncategories;
	struct op_phase *phases;    /* owned, in file order */
	struct op_agency *agencies; /* owned */
	struct op_category *categories; /* owned; a sub-category comes after its parent */
};

/*
 * Parses an operation file: from path, or (path == NULL) from the len bytes of text,
 * naming it `name` in messages.  On success fills *out (free with operation_free) and
 * returns 0; on any mistake writes each as "NAME:LINE:COL: what\n" to errs, leaves *out
 * empty and returns -1.
 */
int operation_load(const char *path, const char *text, size_t len, const char *name,
                   struct op *out, FILE *errs);
void operation_free(struct op *o);

/*
 * Writes o as an operation file that operation_load reads back into the same struct:
 * one canonical layout, so describe -> define -> describe gives the same bytes.
 * Returns 0, or -1 when writing failed.
 */
int operation_write(const struct op *o, FILE *out);

/* Lookups by code; -1 when absent. */
int operation_phase_index(const struct op *o, const char *code);
int operation_agency_index(const struct op *o, const char *code);
int operation_category_index(const struct op *o, const char *code);

#endif
