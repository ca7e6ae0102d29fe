#!/bin/sh
# `make bench`: opdeck's figures beside sqlite3's on the same database (DESIGN.md targets).
# Timings are printed, never asserted: machines here are noisy.
set -eu
OPDECK=${OPDECK:-./opdeck}
N=${BENCH_CASES:-1000000}
dir=tests/out/bench
mkdir -p "$dir"
db=$dir/big.db
export LC_ALL=C.UTF-8

ms() { # wall time of a command in milliseconds (best of 5)
	best=""
	for _ in 1 2 3 4 5; do
		s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
		t=$(( (e - s) / 1000000 ))
		[ -z "$best" ] || [ "$t" -lt "$best" ] && best=$t
	done
	echo "$best"
}

# Rebuilt when missing, of another size, or of an older schema (opdeck cannot read it).
if [ ! -f "$db" ] || [ "$(sqlite3 "$db" 'select count(*) from cases' 2>/dev/null)" != "$N" ] ||
   ! "$OPDECK" render --size 60x16 "$db" >/dev/null 2>&1; then
	rm -f "$db"
	s=$(date +%s%N)
	"$OPDECK" sample "$db" --cases "$N" --seed 7
	e=$(date +%s%N)
	echo "sample --cases $N: $(( (e - s) / 1000000 )) ms"
fi
echo "database: $db, $(sqlite3 "$db" 'select count(*) from cases') cases, $(du -h "$db" | cut -f1)"

# The home screen's queries, as sqlite3 would run them.
cat >"$dir/home.sql" <<'SQL'
SELECT o.code, count(c.id), sum(c.arrests) FROM operations o LEFT JOIN cases c ON c.operation_id = o.id GROUP BY o.id;
SELECT o.code, k.code, count(*) FROM cases c JOIN operations o ON o.id = c.operation_id JOIN categories k ON k.id = c.category_id GROUP BY o.id, k.id;
SELECT k.code, count(*) FROM cases c JOIN categories k ON k.id = c.category_id WHERE c.operation_id = (SELECT id FROM operations WHERE code = 'OMD7') GROUP BY k.id;
SELECT a.code, count(*) FROM cases c JOIN agencies a ON a.id = c.agency_id WHERE c.operation_id = (SELECT id FROM operations WHERE code = 'OMD7') GROUP BY a.id ORDER BY 2 DESC;
SELECT date(detected_on, 'weekday 0', '-6 days'), count(*) FROM cases WHERE operation_id = (SELECT id FROM operations WHERE code = 'OMD7') GROUP BY 1;
SELECT ref FROM cases WHERE operation_id = (SELECT id FROM operations WHERE code = 'OMD7') ORDER BY detected_on DESC, id DESC LIMIT 30;
SQL

f=$(ms "$OPDECK" render --size 120x40 "$db")
q=$(ms sh -c "sqlite3 '$db' <'$dir/home.sql'")
echo "first frame of the home screen (render 120x40): ${f} ms   sqlite3 running its aggregate queries: ${q} ms   (target <= 50 ms and faster than sqlite3)"
f=$(ms "$OPDECK" render --size 120x40 --at phase=OMD7/category=drugs "$db")
echo "first frame of phase=OMD7/category=drugs: ${f} ms"
rss=$(/usr/bin/time -f %M "$OPDECK" render --size 120x40 "$db" 2>&1 >/dev/null | tail -n 1)
echo "resident memory of render (max RSS): $((rss / 1024)) MB   (target <= 16 MB)"

# CSV import: export the OMD 7 cases, rename their refs, import them into a copy.
"$OPDECK" export "$db" --at phase=OMD7 | awk -F, 'NR == 1 {print; next} {sub(/^SYN-/, "IMP-"); print}' >"$dir/import.csv"
rows=$(($(wc -l <"$dir/import.csv") - 1))
cp "$db" "$dir/import.db"
s=$(date +%s%N)
"$OPDECK" import "$dir/import.db" "$dir/import.csv" 2>/dev/null
e=$(date +%s%N)
t=$(( (e - s) / 1000000 ))
echo "CSV import: $rows rows in $t ms = $(( rows * 1000 / (t > 0 ? t : 1) )) rows/s   (target >= 100k rows/s)"
# One more case into that database: the write (rollups updated for its phase and category
# only) and the home screen after it (its aggregates read the rollups, not the cases).
printf 'ref,phase,agency,category,subcategory,detected_on,country,transport,status\nOMD7-BENCH-0001,OMD7,VNCUS,drugs,heroin,2025-06-02,VN,road,open\n' >"$dir/one-big.csv"
s=$(date +%s%N)
"$OPDECK" import "$dir/import.db" "$dir/one-big.csv" 2>/dev/null
e=$(date +%s%N)
f=$(ms "$OPDECK" render --size 120x40 "$dir/import.db")
echo "one new case at $(sqlite3 "$dir/import.db" 'select count(*) from cases') cases: import $(( (e - s) / 1000000 )) ms, then the home screen's first frame ${f} ms   (refresh target <= 5 ms of queries)"
# The same inside one process, as the live dashboard does it: notice the change, drop the
# cached data, query and draw the home screen again.
if [ -x "${BENCH_REFRESH:-}" ]; then
	set -- $("$BENCH_REFRESH" "$dir/import.db" "$dir/one-big.csv")
	echo "refresh of the live home screen after one new case (in-process: data_version, re-query, draw): ${2:-?} ms; first draw ${1:-?} ms   (target <= 5 ms)"
fi
rm -f "$dir/import.db" "$dir/one-big.csv"
# The live dashboard on the bundled sample in a detached tmux: idle CPU over 10 s, then
# the bytes written to the terminal when one case arrives from another process.
live=$dir/live.db
rm -f "$live"
"$OPDECK" sample "$live" >/dev/null
T="tmux -L opdeck-bench-$$ -f /dev/null"
abs=$(cd "$(dirname "$OPDECK")" && pwd)/$(basename "$OPDECK")
$T new-session -d -s b -x 120 -y 40 "TERM=xterm-256color '$abs' --refresh 1 --at phase=OMD7/category=precursors '$live'"
sleep 2
pid=$($T display-message -p -t b '#{pane_pid}')
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
t0=$(ticks); sleep 10; t1=$(ticks)
hz=$(getconf CLK_TCK)
echo "idle CPU of the live dashboard (refresh 1 s): $(awk -v d=$((t1 - t0)) -v hz="$hz" 'BEGIN {printf "%.2f", 100 * d / hz / 10}') % of a core over 10 s   (target <= 0.2 %)"
: >"$dir/pipe.out"
$T pipe-pane -o -t b "cat >>'$dir/pipe.out'"
sleep 0.5
sub=$(sqlite3 "$live" "select code from categories where parent_id = (select id from categories where code = 'precursors') limit 1")
printf 'ref,phase,agency,category,subcategory,detected_on,country,transport,status\nOMD7-BENCH-0001,OMD7,VNCUS,precursors,%s,2025-06-02,VN,road,open\n' "$sub" >"$dir/one.csv"
"$OPDECK" import "$live" "$dir/one.csv" 2>/dev/null
sleep 2.5
echo "bytes sent to the terminal after one new case (cases 20 -> 21 and the panels it touches): $(wc -c <"$dir/pipe.out")   (target <= 256 per changed figure)"
$T kill-server
# The room: a presenter's move to 60 followers on this host (tests/bench_room.c): the
# channel alone, then each follower drawing the presenter's screen from its own
# connection, on the sample and on the big database.
if [ -x "${BENCH_ROOM:-}" ]; then
	"$BENCH_ROOM" --followers 60 --moves 40 || echo "bench_room failed"
	"$BENCH_ROOM" --followers 60 --moves 40 --render sample-data/omd.db || echo "bench_room failed"
	"$BENCH_ROOM" --followers 60 --moves 20 --render "$db" || echo "bench_room failed"
	echo "   (target: median and worst <= 200 ms; the presenter never waits; a follower <= 16 MB; load now: $(cut -d' ' -f1-3 /proc/loadavg))"
fi
