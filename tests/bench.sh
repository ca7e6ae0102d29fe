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

if [ ! -f "$db" ] || [ "$(sqlite3 "$db" 'select count(*) from cases' 2>/dev/null)" != "$N" ]; then
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
rm -f "$dir/import.db"
echo "not measured here yet: refresh after one new case, idle CPU, bytes sent per changed figure (see README)"
