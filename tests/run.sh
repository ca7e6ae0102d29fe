#!/bin/sh
# The test runner behind `make check`: cmocka unit tests (one binary per module), golden
# screens, then terminal tests in tmux.  Prints each suite's result and ends with one
# summary line "N passed, N failed".
# Usage: OPDECK=./opdeck sh tests/run.sh build/tests/test_*
set -u
passed=0
failed=0
failures=""
out=tests/out
mkdir -p "$out"

count() { # $1 passed $2 failed $3 name
	passed=$((passed + $1))
	failed=$((failed + $2))
	[ "$2" -gt 0 ] && failures="$failures $3"
	return 0
}

echo "== unit tests"
for t in "$@"; do
	name=$(basename "$t")
	log="$out/$name.log"
	"$t" >"$log" 2>&1
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed or aborted before cmocka's summary
	fi
	printf '%-24s %3d passed, %d failed\n' "$name" "$p" "$f"
	[ "$f" -gt 0 ] && sed -n '/FAILED\|ERROR\|Failure\|error:/p' "$log" | head -20
	count "$p" "$f" "$name"
done

# A suite script that ends with the line "RESULT passed failed": its other lines shown,
# its counts added (no RESULT line: one failure).
suite() { # $1 title $2 name $3... the command
	title=$1
	name=$2
	shift 2
	echo "== $title"
	res=$("$@" 2>&1)
	echo "$res" | grep -v '^RESULT'
	sp=$(echo "$res" | sed -n 's/^RESULT \([0-9]*\) \([0-9]*\)$/\1/p')
	sf=$(echo "$res" | sed -n 's/^RESULT \([0-9]*\) \([0-9]*\)$/\2/p')
	count "${sp:-0}" "${sf:-1}" "$name"
}

suite "command line" cli sh tests/cli.sh
suite "golden screens" golden sh tests/golden.sh check
suite "terminal tests (tmux)" terminal sh tests/term/run.sh
suite "readers and a writer at once" concurrency sh tests/concurrency.sh

echo
[ -n "$failures" ] && echo "failed suites:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
