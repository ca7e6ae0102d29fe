#!/bin/sh
# Builds every tests/fuzz/fuzz_*.c with libFuzzer + ASan + UBSan and runs each for
# ${FUZZ_SECONDS:-20} seconds; exits non-zero when a target crashes or fails to build.
# `make fuzz` calls this.  Needs clang with libFuzzer (Debian: clang, libclang-rt-14-dev).
# Add a target: write tests/fuzz/fuzz_NAME.c and list the sources it needs below.
set -u
cd "$(dirname "$0")/../.." || exit 1
CC=${FUZZ_CC:-clang}
SECONDS_EACH=${FUZZ_SECONDS:-20}
OUT=${FUZZ_OUT:-build/fuzz}
SQLITE_LIBS=$(pkg-config --libs sqlite3 2>/dev/null || echo -lsqlite3)
YAML_LIBS=$(pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml)

# The module sources each target links with (and libraries after "--").
sources() {
	case "$1" in
	csv)      echo "src/csv.c src/text.c" ;;
	import)   echo "src/store*.c src/csv.c src/text.c src/date.c src/xmalloc.c -- $SQLITE_LIBS" ;;
	config)   echo "src/config.c src/config_get.c src/theme.c src/text.c src/locator.c src/date.c src/xmalloc.c src/csv.c $(echo src/store*.c) -- $SQLITE_LIBS $YAML_LIBS" ;;
	locator)  echo "src/locator.c src/text.c src/date.c src/xmalloc.c src/csv.c $(echo src/store*.c) -- $SQLITE_LIBS" ;;
	room)     echo "src/room_msg.c src/text.c src/locator.c src/store*.c src/date.c src/xmalloc.c src/csv.c -- $SQLITE_LIBS" ;;
	# Everything but the terminal and the app: the session loader asks the panel type table.
	session)  echo "$(ls src/*.c | grep -v -E 'src/(main|app|term|notes|overlay_[a-z]+)[.]c' | tr '\n' ' ') $OUT/themes_embedded.c $OUT/layouts_embedded.c -- $SQLITE_LIBS $YAML_LIBS" ;;
	sanitize) echo "src/text.c src/canvas.c src/xmalloc.c" ;;
	*)        echo "" ;;
	esac
}

if ! command -v "$CC" >/dev/null 2>&1; then
	echo "fuzz: $CC not found; run: sudo apt-get install -y clang libclang-rt-14-dev" >&2
	exit 1
fi
mkdir -p "$OUT" || exit 1
# The embedded themes, as the Makefile writes them (theme.c refers to the table).
sh tools/embed.sh theme_files themes/*.yaml >"$OUT/themes_embedded.c" || exit 1
sh tools/embed.sh layout_files src/dashboard.yaml >"$OUT/layouts_embedded.c" || exit 1
status=0
for src in tests/fuzz/fuzz_*.c; do
	[ -e "$src" ] || continue
	name=$(basename "$src" .c)
	target=${name#fuzz_}
	list=$(sources "$target")
	if [ -z "$list" ]; then
		echo "fuzz: $name: no sources listed in tests/fuzz/run.sh" >&2
		status=1
		continue
	fi
	mods=${list%%--*}
	libs=""
	case "$list" in *--*) libs=${list#*--} ;; esac
	# shellcheck disable=SC2086
	if ! $CC -g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	     -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	     -Iinclude -Isrc -o "$OUT/$name" "$src" $mods $libs -lm; then
		echo "fuzz: $name: build failed (a missing source belongs in sources() above; no libFuzzer: apt-get install libclang-rt-14-dev)" >&2
		status=1
		continue
	fi
	corpus="$OUT/$name.corpus"
	mkdir -p "$corpus"
	[ -d "tests/fuzz/corpus/$target" ] && cp -n tests/fuzz/corpus/"$target"/* "$corpus"/ 2>/dev/null
	# The YAML loader also starts from every YAML file the project ships.
	if [ "$target" = config ] || [ "$target" = session ]; then
		for y in themes/*.yaml sample-data/*.yaml src/dashboard.yaml tests/fixtures/yaml/*.yaml; do
			[ -e "$y" ] && cp "$y" "$corpus/shipped-$(echo "$y" | tr / -)"
		done
	fi
	echo "fuzz: $name for ${SECONDS_EACH}s" >&2
	if ! "$OUT/$name" -max_total_time="$SECONDS_EACH" -print_final_stats=1 \
	     -artifact_prefix="$OUT/$name-" "$corpus" >"$OUT/$name.log" 2>&1; then
		echo "fuzz: $name: FAILED; see $OUT/$name.log and the crash-* file beside it" >&2
		tail -n 30 "$OUT/$name.log" >&2
		status=1
	else
		grep -E '^(Done|stat::number_of_executed_units)' "$OUT/$name.log" >&2
	fi
done
exit $status
