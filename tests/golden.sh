#!/bin/sh
# Golden screens: `opdeck render` output compared with tests/golden/NAME.txt.
#   sh tests/golden.sh check    compare (prints a diff for each mismatch)
#   sh tests/golden.sh update   rewrite the files; review `git diff tests/golden` before committing
# The fixture is the bundled sample, built fresh from the generator (never committed).
set -u
mode=${1:-check}
OPDECK=${OPDECK:-./opdeck}
out=tests/out/golden
db=tests/out/golden.db
mkdir -p "$out" tests/golden
rm -f "$out/.results"
rm -f "$db"
"$OPDECK" sample "$db" >/dev/null || { echo "cannot build the fixture database"; echo "RESULT 0 1"; exit 1; }
# Two operations of their own, from an operation file and a CSV return each: two top-level
# categories (the README's example) and six (tests/fixtures).
fixture() { # NAME OPERATION.yaml RETURN.csv
	rm -f "tests/out/golden-$1.db"
	"$OPDECK" init "tests/out/golden-$1.db" --operation "$2" 2>/dev/null &&
		"$OPDECK" import "tests/out/golden-$1.db" "$3" 2>/dev/null ||
		{ echo "cannot build the fixture database $1"; echo "RESULT 0 1"; exit 1; }
}
fixture two sample-data/example-operation.yaml sample-data/example-return.csv
fixture six tests/fixtures/six-categories.yaml tests/fixtures/six-categories.csv
export LC_ALL=C.UTF-8
unset NO_COLOR

# name | size | arguments [| fixture: two or six, else the sample]
cases='
home-80x24|80x24|
home-120x40|120x40|
home-160x48|160x48|
phase-80x24|80x24|--at phase=OMD7
phase-160x48|160x48|--at phase=OMD7
category-80x24|80x24|--at phase=OMD7/category=drugs
category-160x48|160x48|--at phase=OMD7/category=drugs
agency-160x48|160x48|--at phase=OMD7/category=wildlife/agency=THCUS
caselist-80x24|80x24|--at phase=OMD7/category=wildlife/search=scales
caselist-160x48|160x48|--at phase=OMD7/category=wildlife/search=scales
case-80x24|80x24|--at phase=OMD7/category=wildlife/agency=THCUS/case=CASEREF
case-160x48|160x48|--at phase=OMD7/category=wildlife/agency=THCUS/case=CASEREF
omd6-120x40|120x40|--at phase=OMD6
omd5-drugs-120x40|120x40|--at phase=OMD5/category=drugs
allphases-agency-80x24|80x24|--at agency=VNCUS
allphases-agency-120x40|120x40|--at agency=VNCUS
allphases-agency-160x48|160x48|--at agency=VNCUS
allphases-wildlife-120x40|120x40|--at category=wildlife
help-80x24|80x24|--help-overlay
toosmall-40x10|40x10|
two-home-80x24|80x24||two
two-home-120x40|120x40||two
two-category-80x24|80x24|--at phase=SR1/category=marine|two
two-category-120x40|120x40|--at phase=SR1/category=marine|two
six-home-80x24|80x24||six
six-home-120x40|120x40||six
six-phase-120x40|120x40|--at phase=CG2|six
six-category-80x24|80x24|--at phase=CG2/category=tobacco|six
six-category-120x40|120x40|--at phase=CG2/category=tobacco|six
'
# Every slide of every sample session at three sizes (one file per session and size,
# the slides separated by a line), from `render --session FILE --all`.
for sess in omd7-closing omd4-review daily; do
	for size in 80x24 120x40 160x48; do
		cases="$cases
session-$sess-$size|$size|--session sample-data/$sess.yaml --all"
	done
done
# The newest Thai Customs wildlife case of OMD 7 in the sample.
ref=$("$OPDECK" export "$db" --at phase=OMD7/category=wildlife/agency=THCUS | awk -F, 'NR > 1 {print $1}' | sort | tail -n 1)
pass=0
fail=0
echo "$cases" | while IFS='|' read -r name size args fix; do
	[ -n "$name" ] || continue
	args=$(echo "$args" | sed "s/CASEREF/$ref/")
	d=$db
	[ -n "$fix" ] && d=tests/out/golden-$fix.db
	# shellcheck disable=SC2086
	"$OPDECK" render --size "$size" $args "$d" >"$out/$name.txt" 2>"$out/$name.err"
	rc=$?
	if [ "$mode" = update ]; then
		cp "$out/$name.txt" "tests/golden/$name.txt"
		echo "updated $name"
	elif [ $rc -ne 0 ]; then
		echo "FAIL $name: render exited $rc: $(cat "$out/$name.err")"
		echo F >>"$out/.results"
	elif ! [ -f "tests/golden/$name.txt" ]; then
		echo "FAIL $name: no tests/golden/$name.txt (run make golden)"
		echo F >>"$out/.results"
	elif cmp -s "$out/$name.txt" "tests/golden/$name.txt"; then
		echo "ok   $name"
		echo P >>"$out/.results"
	else
		echo "FAIL $name: differs from tests/golden/$name.txt:"
		diff -u "tests/golden/$name.txt" "$out/$name.txt" | head -40
		echo F >>"$out/.results"
	fi
done
if [ "$mode" != update ]; then
	pass=$(grep -c P "$out/.results" 2>/dev/null)
	fail=$(grep -c F "$out/.results" 2>/dev/null)
	rm -f "$out/.results"
	echo "RESULT ${pass:-0} ${fail:-0}"
fi
