#!/bin/sh
# `make bench`: opdeck's figures beside sqlite3's on the same databases (issue 11's table).
# Timings are printed, never asserted: machines here are noisy.  Wall times are the best
# of 5; CPU (user + system) is printed beside them because on a shared machine the wall
# time mostly measures the other processes.
#   BENCH_SIZES="10000 100000 1000000"  the databases (synthetic samples, seed 7)
#   BENCH_SQLITE=0                     skips sqlite3's runs (minutes at a million cases)
set -eu
OPDECK=${OPDECK:-./opdeck}
SIZES=${BENCH_SIZES:-10000 100000 1000000}
dir=tests/out/bench
mkdir -p "$dir"
export LC_ALL=C.UTF-8

# Every screen the dashboard and the sessions show: name|locator.
SCREENS='home|
phase|phase=OMD7
category|phase=OMD7/category=drugs
sub-category|phase=OMD7/subcategory=heroin
agency|phase=OMD7/agency=VNCUS
country|phase=OMD7/country=VN
transport|phase=OMD7/transport=road
status|phase=OMD7/status=open
week|phase=OMD7/week=2025-06-02
day|phase=OMD7/day=2025-06-03
search (common word)|search=heroin
search (one case)|search=SYN-0000777
three filters|agency=THCUS/status=closed/week=2025-06-02
case list (no phase)|transport=rail/status=open
a case|case=SYN-0000010'

# runs "$@" 5 times; sets W (best wall ms) and C (best user+sys ms)
run5() {
	W=""; C=""
	for _ in 1 2 3 4 5; do
		s=$(date +%s%N)
		"$@" >/dev/null 2>&1 </dev/null || true
		w=$(( ($(date +%s%N) - s) / 1000000 ))
		if [ -n "$PERF" ]; then
			perf stat -x, -e task-clock -o "$dir/time" "$@" >/dev/null 2>&1 </dev/null || true
			c=$(awk -F, '/task-clock/ {printf "%d", $1}' "$dir/time")
		else
			/usr/bin/time -f "%U %S" -o "$dir/time" "$@" >/dev/null 2>&1 </dev/null || true
			c=$(awk '{printf "%d", ($1 + $2) * 1000}' "$dir/time")
		fi
		[ -z "$W" ] || [ "$w" -lt "$W" ] && W=$w
		[ -z "$C" ] || [ "$c" -lt "$C" ] && C=$c
	done
	return 0
}
# CPU from perf's task-clock (to the millisecond) when perf runs here, else GNU time's 10 ms.
PERF=""
perf stat -x, -e task-clock -o /dev/null true >/dev/null 2>&1 && PERF=1

# The WHERE clause of a locator, for sqlite3 (values are the bench's own: no quoting needed).
where_of() {
	w="1"
	IFS=/
	for item in $1; do
		k=${item%%=*}; v=${item#*=}
		case $k in
		phase) w="$w AND c.operation_id = (SELECT id FROM operations WHERE code = '$v')" ;;
		category) w="$w AND c.category_id = (SELECT id FROM categories WHERE code = '$v')" ;;
		subcategory) w="$w AND c.subcategory_id = (SELECT id FROM categories WHERE code = '$v')" ;;
		agency) w="$w AND c.agency_id = (SELECT id FROM agencies WHERE code = '$v')" ;;
		country|transport|status) w="$w AND c.$k = '$v'" ;;
		week) w="$w AND c.detected_on BETWEEN '$v' AND date('$v', '+6 days')" ;;
		day) w="$w AND c.detected_on = '$v'" ;;
		case) w="$w AND c.ref = '$v'" ;;
		# The same words through the same index as opdeck (README: Search; the empty
		# import below builds it on a database that has none).
		search) w="$w AND c.id IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH '\"$v\"*')" ;;
		esac
	done
	unset IFS
	echo "$w"
}

# What a drill screen shows, as sqlite3 would group it: the tiles and bars by agency,
# category, sub-category, transport, status and country, the weeks, the agency x
# transport matrix and the latest cases (48: no fewer than opdeck fetches for a list at 160x48,
# the panel's rows and a margin).  Home adds the phases table.
screen_sql() {
	sl=$1
	[ -z "$sl" ] && sl=phase=OMD7 && cat <<-'SQL'
	SELECT o.code, count(c.id), total(c.arrests) FROM operations o LEFT JOIN cases c ON c.operation_id = o.id GROUP BY o.id;
	SELECT c.operation_id, c.category_id, count(*) FROM cases c GROUP BY 1, 2;
	SQL
	w=$(where_of "$sl")
	for g in c.agency_id c.category_id c.subcategory_id c.transport c.status c.country "date(c.detected_on, 'weekday 0', '-6 days')"; do
		echo "SELECT $g, count(*), total(c.arrests), total(c.q_kg), total(c.q_tablets) FROM cases c WHERE $w GROUP BY 1;"
	done
	echo "SELECT c.agency_id, c.transport, count(*) FROM cases c WHERE $w GROUP BY 1, 2;"
	echo "SELECT c.ref FROM cases c WHERE $w ORDER BY c.detected_on DESC, c.id DESC LIMIT 48;"
}

# The new case of each refresh: under OMD 7, on the day, week and transport screens, and
# found by the common-word search (its summary says heroin), so those refreshes take it in.
printf 'ref,phase,agency,category,subcategory,detected_on,country,transport,status,arrests,summary,commodity,quantity,unit\nOMD7-BENCH-0001,OMD7,VNCUS,drugs,heroin,2025-06-03,VN,road,open,1,1.5 kg of heroin in a backpack,heroin,1.5,kg\n' >"$dir/one.csv"

for N in $SIZES; do
	db=$dir/big-$N.db
	# Rebuilt when missing, of another size, or unreadable (an older schema).
	if [ ! -f "$db" ] || [ "$(sqlite3 "$db" "select value from meta where key = 'sample'" 2>/dev/null)" != "synthetic $N seed 7" ] ||
	   ! "$OPDECK" render --size 60x16 "$db" >/dev/null 2>&1; then
		rm -f "$db" "$db-wal" "$db-shm"
		s=$(date +%s%N)
		"$OPDECK" sample "$db" --cases "$N" --seed 7
		echo "sample --cases $N: $(( ($(date +%s%N) - s) / 1000000 )) ms"
	fi
	# An empty import: a writer brings the column store's snapshot up to date and builds
	# the search index (a database built by an older opdeck gets them), changing no case.
	printf 'ref,phase,agency,category,subcategory,detected_on,country,transport,status\n' >"$dir/empty.csv"
	"$OPDECK" import "$db" "$dir/empty.csv" 2>/dev/null
	echo
	echo "== $N cases ($(du -h "$db" | cut -f1))"
	printf '%-22s %20s %14s %9s   %s\n' "screen" "first frame wall/CPU" "sqlite3 same" "ratio" "refresh after one new case wall/CPU"
	# The refreshes, in one process per database copy (it adds cases: a copy each run).
	cp "$db" "$dir/refresh.db"
	rm -f "$dir/refresh.db-wal" "$dir/refresh.db-shm"
	locs=$(echo "$SCREENS" | cut -d'|' -f2)
	set --
	while IFS= read -r l; do set -- "$@" "$l"; done <<-EOF
	$locs
	EOF
	${BENCH_REFRESH:-build/bench_refresh} "$dir/refresh.db" "$dir/one.csv" "$@" >"$dir/refresh.txt" 2>"$dir/refresh.err" ||
		echo "(bench_refresh: $(cat "$dir/refresh.err"))"
	rm -f "$dir/refresh.db" "$dir/refresh.db-wal" "$dir/refresh.db-shm" "$dir/one.csv.round"
	echo "$SCREENS" | while IFS='|' read -r name loc; do
		run5 "$OPDECK" render --size 160x48 ${loc:+--at "$loc"} "$db"
		fw=$W; fc=$C
		screen_sql "$loc" >"$dir/screen.sql"
		q=0
		if [ "${BENCH_SQLITE:-1}" = 1 ]; then
			s=$(date +%s%N); sqlite3 "$db" <"$dir/screen.sql" >/dev/null; q=$(( ($(date +%s%N) - s) / 1000000 ))
		fi
		r=$(awk -v l="${loc:-home}" '$1 == l {printf "%s / %s ms", $3, $4}' "$dir/refresh.txt")
		x=$(awk -v a="$q" -v b="$fw" 'BEGIN {printf "%.0fx", (b > 0 ? a / b : a)}')
		printf '%-22s %17s ms %11s ms %9s   %s\n' "$name" "$fw / $fc" "$q" "$x" "${r:-?}"
	done
	rss=0
	while IFS='|' read -r name loc; do
		m=$(/usr/bin/time -f %M "$OPDECK" render --size 160x48 ${loc:+--at "$loc"} "$db" 2>&1 >/dev/null | tail -n 1)
		[ "$m" -gt "$rss" ] && rss=$m
	done <<-EOF
	$SCREENS
	EOF
	echo "resident memory of render, the largest over these screens: $((rss / 1024)) MB   (target <= 32 MB)"
done

# CSV import into the largest database: cases exported and renamed, into a copy; beside
# sqlite3's .import of the same file into the same file, twice: into a plain table of the
# same columns (no index: the floor of any insert), and into one with the two indexes of
# cases (ref; phase, date), filled first with the keys of the N cases so that each index
# is as large as theirs (the table's other columns empty: rows are appended either way).
N=$(echo "$SIZES" | awk '{print $NF}')
db=$dir/big-$N.db
"$OPDECK" export "$db" --at phase=OMD7 | awk -F, 'NR == 1 {print; next} {sub(/^SYN-/, "IMP-"); print; if (++n >= 200000) exit}' >"$dir/import.csv"
rows=$(($(wc -l <"$dir/import.csv") - 1))
cp "$db" "$dir/import.db"
rm -f "$dir/import.db-wal" "$dir/import.db-shm"
# Wall and CPU (user + system) of a command: sets W and C in ms.
timed() {
	s=$(date +%s%N)
	/usr/bin/time -f "%U %S" -o "$dir/time" "$@" >/dev/null 2>&1 </dev/null || true
	W=$(( ($(date +%s%N) - s) / 1000000 ))
	C=$(awk '{printf "%d", ($1 + $2) * 1000}' "$dir/time")
}
rate() { echo $(( rows * 1000 / ($1 > 0 ? $1 : 1) )); }
timed "$OPDECK" import "$dir/import.db" "$dir/import.csv"
t=$W; tc=$C
[ "$(sqlite3 "$dir/import.db" "select count(*) > 0 from cases where ref like 'IMP-%'")" = 1 ] ||
	echo "(the import failed: its time below means nothing)"
cols=$(head -n 1 "$dir/import.csv")
timed sqlite3 "$dir/import.db" "CREATE TABLE plain_import($cols)" ".import --csv --skip 1 $dir/import.csv plain_import"
q=$W; qc=$C
sqlite3 "$dir/import.db" "CREATE TABLE indexed_import($cols);
	INSERT INTO indexed_import(ref, phase, detected_on) SELECT c.ref, o.code, c.detected_on
	  FROM cases c JOIN operations o ON o.id = c.operation_id WHERE c.ref NOT LIKE 'IMP-%';
	CREATE INDEX indexed_import_ref ON indexed_import(ref);
	CREATE INDEX indexed_import_date ON indexed_import(phase, detected_on);"
timed sqlite3 "$dir/import.db" ".import --csv --skip 1 $dir/import.csv indexed_import"
qi=$W; qic=$C
echo
echo "CSV import of $rows rows into $N cases: $t ms wall = $(rate $t) rows/s, $tc ms CPU = $(rate $tc) rows/s   (target >= 100k rows/s)"
echo "  sqlite3 .import of the same file into a plain table: $q ms wall = $(rate $q) rows/s, $qc ms CPU = $(rate $qc) rows/s"
echo "  sqlite3 .import into a table with cases' two indexes, holding $N keys: $qi ms wall = $(rate $qi) rows/s, $qic ms CPU = $(rate $qic) rows/s"
rm -f "$dir/import.db" "$dir/import.db-wal" "$dir/import.db-shm"

# The live dashboard on the bundled sample in a detached tmux: idle CPU over 10 s, then
# the bytes written to the terminal when one case arrives from another process.
live=$dir/live.db
rm -f "$live" "$live-wal" "$live-shm"
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
printf 'ref,phase,agency,category,subcategory,detected_on,country,transport,status\nOMD7-BENCH-0001,OMD7,VNCUS,precursors,%s,2025-06-02,VN,road,open\n' "$sub" >"$dir/one-live.csv"
"$OPDECK" import "$live" "$dir/one-live.csv" 2>/dev/null
sleep 2.5
echo "bytes sent to the terminal after one new case (cases 20 -> 21 and the panels it touches): $(wc -c <"$dir/pipe.out")   (target <= 256 per changed figure)"
$T kill-server

# The room (tests/bench_room.c): a presenter's move to 60 followers on this host.  The
# channel alone (headless followers, a state every 150 ms); then the real presenter and
# followers (app_present.c, app_follow.c) walking the OMD 7 closing session, a key every
# 2 s (faster than any talk: it leaves the followers the time to load ahead that a
# presenter gives them), on the sample and on the largest database.
if [ -x "${BENCH_ROOM:-}" ]; then
	echo
	"$BENCH_ROOM" --followers 60 --moves 40 || echo "bench_room failed"
	"$BENCH_ROOM" --followers 60 --moves 28 --gap 2000 --render sample-data/omd.db || echo "bench_room failed"
	"$BENCH_ROOM" --followers 60 --moves 14 --gap 2000 --render "$db" || echo "bench_room failed"
	echo "   (target: median and worst <= 200 ms; the presenter's response unchanged; a follower <= 16 MB)"
fi
