/*
 * libFuzzer target for the room protocol (room_parse/room_format): no crash; whatever
 * parses is a valid state that formats to one line which parses back to the same state
 * and formats the same again; whatever is refused says why in a bounded, printable note.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "room.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct room_state a, b;
	char note[160], line[ROOM_LINE_MAX], again[ROOM_LINE_MAX];

	memset(&a, 0, sizeof a);
	if (room_parse((const char *)data, size, &a, note, sizeof note) == 0) {
		int n = room_format(&a, line, sizeof line);
		if (n <= 0 || line[n - 1] != '\n' || memchr(line, '\n', (size_t)n - 1))
			abort();
		if (room_parse(line, (size_t)n - 1, &b, note, sizeof note) != 0 ||
		    memcmp(&a, &b, sizeof a) != 0)
			abort();
		if (room_format(&b, again, sizeof again) != n || memcmp(line, again, (size_t)n) != 0)
			abort();
	} else {
		size_t len = strnlen(note, sizeof note);
		if (len == 0 || len == sizeof note)
			abort();
		for (size_t i = 0; i < len; i++)
			if ((unsigned char)note[i] < 0x20 || note[i] == 0x7F)
				abort();
	}
	return 0;
}
