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

echo "== command line"
res=$(sh tests/cli.sh 2>&1)
echo "$res" | grep -v '^RESULT'
cp_=$(echo "$res" | sed -n 's/^RESULT \([0-9]*\) \([0-9]*\)$/\1/p')
cf_=$(echo "$res" | sed -n 's/^RESULT \([0-9]*\) \([0-9]*\)$/\2/p')
count "${cp_:-0}" "${cf_:-1}" cli

echo "== golden screens"
res=$(sh tests/golden.sh check 2>&1)
echo "$res" | grep -v '^RESULT'
gp=$(echo "$res" | sed -n 's/^RESULT \([0-9]*\) \([0-9]*\)$/\1/p')
gf=$(echo "$res" | sed -n 's/^RESULT \([0-9]*\) \([0-9]*\)$/\2/p')
count "${gp:-0}" "${gf:-1}" golden

echo "== terminal tests (tmux)"
res=$(sh tests/term/run.sh 2>&1)
echo "$res" | grep -v '^RESULT'
tp=$(echo "$res" | sed -n 's/^RESULT \([0-9]*\) \([0-9]*\)$/\1/p')
tf=$(echo "$res" | sed -n 's/^RESULT \([0-9]*\) \([0-9]*\)$/\2/p')
count "${tp:-0}" "${tf:-1}" terminal

echo "== readers and a writer at once"
res=$(sh tests/concurrency.sh 2>&1)
echo "$res" | grep -v '^RESULT'
kp=$(echo "$res" | sed -n 's/^RESULT \([0-9]*\) \([0-9]*\)$/\1/p')
kf=$(echo "$res" | sed -n 's/^RESULT \([0-9]*\) \([0-9]*\)$/\2/p')
count "${kp:-0}" "${kf:-1}" concurrency

echo
[ -n "$failures" ] && echo "failed suites:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
