#!/bin/sh
# Readers and writers at once.  Short in `make check` (the bundled sample, seconds);
# `make soak` (SOAK=1) runs it on a million cases, for minutes, with valgrind.
#  1. An import committing while 40 `opdeck render` run: none fails.
#  2. One `opdeck simulate` writer at 50 cases/s; readers: render loops on drilled screens
#     and a live dashboard in tmux on phase=OMD7/transport=road.  No reader shows an
#     error; when the writer stops each shows what sqlite3 counts; the dashboard's CPU
#     while the writer runs and after it stops is printed (measured, never asserted).
#  3. (soak, when valgrind is installed) a refreshing dashboard under valgrind while the
#     writer runs: no leak, no error.
# Ends with "RESULT P F".
set -u
OPDECK=$(cd "$(dirname "${OPDECK:-./opdeck}")" && pwd)/$(basename "${OPDECK:-./opdeck}")
here=$(pwd)
out=$here/tests/out/conc
mkdir -p "$out"
SOAK=${SOAK:-0}
T="tmux -L opdeck-conc-$$ -f /dev/null"
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }
cleanup() { $T kill-server 2>/dev/null; [ -n "${pids:-}" ] && kill $pids 2>/dev/null; return 0; }
trap cleanup EXIT
trap 'exit 1' INT TERM # stop here (the EXIT trap cleans up), not carry on with the next step
export LC_ALL=C.UTF-8

if [ "$SOAK" = 1 ]; then
	db=$out/soak.db; ncases=1000000; nimport=100000; wsecs=120; readers=4
else
	db=$out/conc.db; ncases=20000; nimport=5000; wsecs=6; readers=3
fi
# The database: rebuilt for every short run (the test adds cases to it); the soak's when
# missing or of another size.
[ "$SOAK" = 1 ] || rm -f "$db" "$db-wal" "$db-shm"
if [ ! -f "$db" ] || [ "$(sqlite3 "$db" 'select count(*) from meta where key = "sample" and value like "synthetic '$ncases' %"')" != 1 ]; then
	rm -f "$db" "$db-wal" "$db-shm"
	"$OPDECK" sample "$db" --cases "$ncases" --seed 7 >/dev/null || { echo "cannot build $db"; echo "RESULT 0 1"; exit 1; }
fi
count() { # the cases sqlite3 counts under phase OMD7 [and transport $1]
	sqlite3 "$db" "select count(*) from cases where operation_id = (select id from operations where code = 'OMD7')${1:+ and transport = '$1'}"
}
thousands() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
# The first figure of the "at a glance" tiles (cases) in a rendered or captured screen.
# (a figure the data did not publish reads "~1,918": the count is what follows the mark)
kpi_cases() { awk '/cases +arrests/ { getline; gsub(/[│|~]/, ""); print $1; exit }'; }

# ---- 1. an import committing under 40 renders ----------------------------------------
# (each ref renamed with index(), not sub(/^[^,]*/, ...): mawk's regex took minutes at 100k rows)
"$OPDECK" export "$db" --at phase=OMD7 | awk -F, -v n="$nimport" -v t="$$" 'NR == 1 {print; next}
	{ print "IMP" t "-" NR substr($0, index($0, ",")); if (++k >= n) exit }' >"$out/import.csv"
rows=$(($(wc -l <"$out/import.csv") - 1))
before=$(count)
rm -f "$out"/render-*.err
pids=""
"$OPDECK" import "$db" "$out/import.csv" 2>"$out/import.err" &
ipid=$!
i=0
while [ $i -lt 40 ]; do
	"$OPDECK" render --size 120x40 --at phase=OMD7/transport=road "$db" >/dev/null 2>"$out/render-$i.err" ||
		echo "exit $?" >>"$out/render-$i.err" &
	pids="$pids $!"
	i=$((i + 1))
	sleep 0.02
done
wait $pids
pids=""
wait $ipid || bad import-under-readers "the import failed: $(cat "$out/import.err")"
nerr=$(cat "$out"/render-*.err | grep -c .)
if [ "$nerr" -eq 0 ]; then ok "import-under-readers ($rows rows, 40 renders)"; else
	bad import-under-readers "$nerr lines of errors from 40 renders, e.g. $(cat "$out"/render-*.err | head -n 1)"; fi
after=$(count)
[ "$after" -gt "$before" ] || bad import-under-readers "nothing was imported ($before -> $after)"

# ---- 2. a writer at 50 cases/s and readers --------------------------------------------
$T new-session -d -s keep "sleep 100000" || { echo "tmux cannot start"; echo "RESULT $pass $((fail + 1))"; exit 1; }
$T new-session -d -s live -x 160 -y 48 \
	"cd '$here'; export LC_ALL=C.UTF-8 TERM=xterm-256color; '$OPDECK' --refresh 1 --at phase=OMD7/transport=road '$db' 2>'$out/live.err'; echo exit=\$? >'$out/live.exit'; sleep 60"
sleep 2
lpid=$($T list-panes -t live -F '#{pane_pid}')
lpid=$(pgrep -P "$lpid" -f -- "$(basename "$OPDECK") --refresh" | head -n 1)
[ -n "$lpid" ] || bad live "cannot find the dashboard's process (its CPU is not measured)"
ticks() { [ -n "$1" ] && awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
rm -f "$out"/loop-*.err "$out/stop"
pids=""
r=0
for at in phase=OMD7/transport=road phase=OMD7/agency=VNCUS status=open phase=OMD7/category=drugs/status=closed; do
	[ $r -ge $readers ] && break
	( while [ ! -f "$out/stop" ]; do
		"$OPDECK" render --size 120x40 --at "$at" "$db" >/dev/null 2>>"$out/loop-$r.err" || echo "exit $?" >>"$out/loop-$r.err"
	done ) &
	pids="$pids $!"
	r=$((r + 1))
done
t0=$(ticks "$lpid")
ws=$(date +%s%N)
"$OPDECK" simulate "$db" --rate 50 --duration "$wsecs" --seed 11 2>"$out/simulate.err" || bad writer "simulate failed: $(cat "$out/simulate.err")"
we=$(( ($(date +%s%N) - ws) / 1000000 ))
t1=$(ticks "$lpid")
touch "$out/stop"
wait $pids
pids=""
sleep 3 # the dashboard's next look (every second) and draw
t2=$(ticks "$lpid")
sleep 10
t3=$(ticks "$lpid")
hz=$(getconf CLK_TCK)
echo "     writer: $(tail -n 1 "$out/simulate.err" | sed 's/^opdeck: //') in $we ms (asked: $((wsecs * 50)) events in $wsecs s)"
echo "     live dashboard CPU: $(awk -v d=$((t1 - t0)) -v s="$(awk -v w="$we" 'BEGIN {print w / 1000}')" -v hz="$hz" 'BEGIN {printf "%.1f", 100 * d / hz / s}') % of a core while the writer ran, $(awk -v d=$((t3 - t2)) -v hz="$hz" 'BEGIN {printf "%.1f", 100 * d / hz / 10}') % in the 10 s after"
nerr=$(cat "$out"/loop-*.err 2>/dev/null | grep -c .)
if [ "$nerr" -eq 0 ]; then ok "render loops during the writer ($readers loops)"; else
	bad "render loops" "$nerr lines of errors, e.g. $(cat "$out"/loop-*.err | head -n 1)"; fi
want=$(thousands "$(count road)")
screen=$($T capture-pane -p -t live)
if [ -s "$out/live.err" ] || [ -f "$out/live.exit" ] || echo "$screen" | grep -qiE "error|locked|stale"; then
	bad live "the dashboard showed an error: $(cat "$out/live.err" "$out/live.exit" 2>/dev/null | head -n 2)"
else
	got=$(echo "$screen" | kpi_cases)
	[ "$got" = "$want" ] && ok "live dashboard converged ($got cases, as sqlite3 counts)" ||
		bad live "the dashboard shows $got cases, sqlite3 counts $want"
fi
for at in phase=OMD7/transport=road phase=OMD7; do
	got=$("$OPDECK" render --size 160x48 --at "$at" "$db" | kpi_cases)
	want=$(thousands "$(count "$([ "$at" = phase=OMD7 ] || echo road)")")
	[ "$got" = "$want" ] && ok "render of $at converged ($got)" || bad "render $at" "shows $got, sqlite3 counts $want"
done
$T kill-session -t live 2>/dev/null

# ---- 3. valgrind on a refreshing dashboard (soak only) -------------------------------
if [ "$SOAK" = 1 ]; then
	if command -v valgrind >/dev/null; then
		rm -f "$out/vg.exit" "$out/valgrind.log" # an earlier run's would end the wait below at once
		$T new-session -d -s vg -x 160 -y 48 \
			"cd '$here'; export LC_ALL=C.UTF-8 TERM=xterm-256color; valgrind --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=3 --log-file='$out/valgrind.log' '$OPDECK' --refresh 1 --at phase=OMD7/transport=road '$db'; echo \$? >'$out/vg.exit'"
		sleep 20
		"$OPDECK" simulate "$db" --rate 50 --duration 20 --seed 12 2>/dev/null
		sleep 5
		$T send-keys -t vg q
		i=0; while [ ! -f "$out/vg.exit" ] && [ $i -lt 120 ]; do sleep 1; i=$((i + 1)); done
		if [ "$(cat "$out/vg.exit" 2>/dev/null)" = 0 ] && grep -q "ERROR SUMMARY: 0 errors" "$out/valgrind.log"; then
			ok "valgrind: no leak, no error in a refreshing dashboard"
		else
			bad valgrind "see $out/valgrind.log: $(grep -E 'definitely|ERROR SUMMARY' "$out/valgrind.log" | tr '\n' ' ')"
		fi
	else
		echo "     valgrind not installed: the leak check was skipped"
	fi
fi
echo "RESULT $pass $fail"
