/* The session and layout loader (src/session.c on src/config.c): any bytes give a loaded
 * session or one FILE:LINE:COL message, never a crash or a leak; a loaded one frees cleanly. */
#include <stdint.h>
#include <string.h>

#include "session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct session s;
	char err[512];

	if (session_load_mem("fuzz.yaml", (const char *)data, size, &s, err, sizeof err) == 0) {
		/* every screen a layout names is found by its name */
		for (int i = 0; i < s.nslides; i++)
			if (s.slides[i].name && session_screen(&s, s.slides[i].name) == NULL)
				__builtin_trap();
		session_free(&s);
	} else if (!memchr(err, '\0', sizeof err) || err[0] == '\0') {
		__builtin_trap(); /* a failure always says why */
	}
	return 0;
}
