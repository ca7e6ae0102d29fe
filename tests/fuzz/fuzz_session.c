/*
 * libFuzzer target for the session and layout loader on top of the YAML loader: no
 * crash, no leak; a session that loads has slides with panels inside their grid, and
 * every refusal is one "fuzz.yaml:LINE:COL: message".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[1024];
	struct session s;

	if (session_load_mem("fuzz.yaml", (const char *)data, size, &s, err, sizeof err) == 0) {
		if (s.nslides < 1 || !s.slides)
			abort();
		for (int i = 0; i < s.nslides; i++) {
			const struct session_slide *sl = &s.slides[i];
			if (sl->npanels < 1 || sl->npanels > SESSION_MAX_PANELS)
				abort();
			for (int k = 0; k < sl->npanels; k++) {
				const struct session_panel *p = &sl->panels[k];
				if (p->row < 0 || p->col < 0 || p->rowspan < 1 || p->colspan < 1 ||
				    p->row + p->rowspan > sl->nrows || p->col + p->colspan > sl->ncols)
					abort();
			}
		}
		session_free(&s);
	} else if (strncmp(err, "fuzz.yaml:", 10) != 0) {
		abort();
	}
	return 0;
}
