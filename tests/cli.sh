#!/bin/sh
# Command-line tests: the contract of DESIGN.md (commands, exit status 0/1/2, messages
# naming what and where) driven through the real binary.  Ends with "RESULT P F".
set -u
OPDECK=${OPDECK:-./opdeck}
out=tests/out/cli
rm -rf "$out"
mkdir -p "$out"
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }
# t NAME EXPECTED_RC GREP_PATTERN(stdout+stderr, '' for none) COMMAND...
t() {
	name=$1 want=$2 pat=$3; shift 3
	"$@" >"$out/$name.out" 2>&1
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		bad "$name" "exit $rc, expected $want: $(head -c 300 "$out/$name.out")"
	elif [ -n "$pat" ] && ! grep -qE -- "$pat" "$out/$name.out"; then
		bad "$name" "output lacks /$pat/: $(head -c 300 "$out/$name.out")"
	else
		ok "$name"
	fi
}
db=$out/omd.db

t version 0 '^opdeck [0-9]+\.[0-9]+' "$OPDECK" --version
t help 0 'Locator keys' "$OPDECK" --help
for c in render init define describe sample import export; do
	t "help-$c" 0 "usage: opdeck $c" "$OPDECK" "$c" --help
done
t unknown-option 2 "unknown option '--bogus'" "$OPDECK" --bogus
# One option parser for every command (the command table in main.c).
t init-unknown-option 2 "init: unknown option '--bogus'" "$OPDECK" init --bogus
[ ! -e ./--bogus ] && ok init-option-not-a-file || { rm -f ./--bogus; bad init-option-not-a-file "created ./--bogus"; }
t option-needs-value 2 "--seed needs a value \(--seed S\)" "$OPDECK" sample "$out/x.db" --seed
t option-equals 2 "--format is csv or json, not 'xml'" "$OPDECK" export "$out/x.db" --format=xml
t flag-no-value 2 "--help-overlay takes no value" "$OPDECK" render --help-overlay=1
t help-anywhere 0 "usage: opdeck import" "$OPDECK" import a.db --help
t help-lists-commands 0 "^  export +write cases" "$OPDECK" --help
t notes-needs-room 2 "notes needs a room" "$OPDECK" notes
t follow-needs-room 2 "follow needs a room" "$OPDECK" follow
t bad-size 2 "--size is COLSxROWS" "$OPDECK" render --size 12 "$db"
for r in nan inf -1 0.0001 0.05 86401 2x; do
	t "refresh-$r" 2 "--refresh needs 0 \\(never\\) or seconds from 0.1" "$OPDECK" --refresh "$r" "$db"
done
t sample 0 '' "$OPDECK" sample "$db"
t sample-refuses 1 "exists and is not empty" "$OPDECK" sample "$db"
t init-refuses 1 "refusing to overwrite" "$OPDECK" init "$db"
t init 0 '' "$OPDECK" init "$out/empty.db"
t render-empty 0 'Phases' "$OPDECK" render --size 80x24 "$out/empty.db"

"$OPDECK" export "$db" --at phase=OMD7 >"$out/omd7.csv"
n=$(awk -F, 'NR > 1 {print $1}' "$out/omd7.csv" | sort -u | wc -l)
[ "$n" -eq 1155 ] && ok export-omd7-1155 || bad export-omd7-1155 "$n distinct cases"
t export-json 0 '^\[' "$OPDECK" export "$db" --format json --at phase=OMD7/category=precursors
n=$(sqlite3 :memory: "select json_array_length(readfile('$out/export-json.out'))" 2>/dev/null)
[ "$n" = 20 ] && ok export-json-20-precursors || bad export-json-20-precursors "json_array_length = $n"
t export-bad-locator 1 "unknown agency 'XXCUS'" "$OPDECK" export "$db" --at agency=XXCUS
t at-bad-key 1 "unknown key" "$OPDECK" render --at agnecy=VNCUS "$db"

cp "$db" "$out/before.db"
t import-bad 1 "cases-bad.csv:3:3: column 'agency'" "$OPDECK" import "$db" sample-data/cases-bad.csv
cmp -s "$db" "$out/before.db" && ok import-bad-unchanged || bad import-bad-unchanged "the database changed"
t import-good 0 "imported 6 cases" "$OPDECK" import "$db" sample-data/cases-example.csv
# The importer turns CHECKs off for its inserts; integrity_check verifies them all.
intact() { # NAME DB
	r=$(sqlite3 "$2" "pragma integrity_check" 2>&1)
	[ "$r" = ok ] && ok "$1-intact" || bad "$1-intact" "integrity_check: $(echo "$r" | head -3)"
}
intact import-good "$db"

printf 'not a database at all, just text\n' >"$out/text.db"
t not-a-db 1 "text.db" "$OPDECK" render "$out/text.db"
: >"$out/zero.db"
t zero-bytes 1 "zero.db" "$OPDECK" render "$out/zero.db"
t missing-db 1 "nope.db: no such file" "$OPDECK" render "$out/nope.db"
sqlite3 "$out/foreign.db" "create table t(x)"
t foreign-db 1 "not an opdeck database" "$OPDECK" render "$out/foreign.db"
cp "$db" "$out/newer.db"
sqlite3 "$out/newer.db" "update meta set value = '99' where key = 'schema_version'"
t newer-schema 1 "schema version 99" "$OPDECK" render "$out/newer.db"
head -c 20000 "$db" >"$out/truncated.db"
t truncated 1 "truncated.db" "$OPDECK" render "$out/truncated.db"
# Messages echo values through one quoting function: no control byte from input reaches
# the terminal through stderr either.
ctl=$(printf '[\001-\010\013-\037\177]')
inert() { # NAME: the output of test NAME has no control byte but newlines
	if LC_ALL=C grep -q "$ctl" "$out/$1.out"; then bad "$1-inert" "a control byte reached the output"
	else ok "$1-inert"; fi
}
t esc-locator 1 "unknown agency '.x1B]0;pwned.x07.x1B\[2J'" "$OPDECK" render --at 'agency=%1B]0;pwned%07%1B[2J' "$db"
inert esc-locator
t esc-export 1 "no case '.x1B\]52;c;QUJD.x07'" "$OPDECK" export "$db" --at 'case=%1B]52;c;QUJD%07'
inert esc-export
t esc-raw-at 1 "unknown key" "$OPDECK" render --at "$(printf 'x\033[2J=1')" "$db"
inert esc-raw-at
t invisible-locator 1 "unknown phase 'OMD7<U\+200B>'" "$OPDECK" render --at "$(printf 'phase=OMD7\342\200\213')" "$db"
escname=$(printf 'x\033]0;t\007.csv')
cp sample-data/cases-example.csv "$out/$escname"
cp "$out/before.db" "$out/esc.db"
t esc-import-name 0 "x.x1B]0;t.x07.csv: imported 6 cases" "$OPDECK" import "$out/esc.db" "$out/$escname"
inert esc-import-name
t esc-import-again 1 "nothing imported" "$OPDECK" import "$out/esc.db" "$out/$escname"
inert esc-import-again
intact esc-import "$out/esc.db"
cp "$out/text.db" "$out/$(printf 'y\033[2J.db')"
t esc-not-a-db 1 "y.x1B\[2J.db" "$OPDECK" render "$out/$(printf 'y\033[2J.db')"
inert esc-not-a-db
t esc-unknown-option 2 "unknown option '--.x1B\[2J'" "$OPDECK" render "$(printf -- '--\033[2J')"
inert esc-unknown-option
t esc-theme 1 "unknown theme 'x.x1B\]0;t.x07'" "$OPDECK" render --theme "$(printf 'x\033]0;t\007')" "$db"
inert esc-theme
# opdeck check: theme files, exact messages with FILE:LINE:COL; the YAML bombs refused fast.
# tx NAME EXPECTED_RC EXPECTED_OUTPUT COMMAND...: the whole output (stdout + stderr) compared.
tx() {
	name=$1 want=$2 exp=$3; shift 3
	"$@" >"$out/$name.out" 2>&1
	rc=$?
	printf '%s\n' "$exp" >"$out/$name.exp"
	if [ "$rc" -ne "$want" ]; then bad "$name" "exit $rc, expected $want: $(head -c 300 "$out/$name.out")"
	elif ! cmp -s "$out/$name.out" "$out/$name.exp"; then bad "$name" "got: $(head -c 400 "$out/$name.out")"
	else ok "$name"; fi
}
t help-check 0 "usage: opdeck check" "$OPDECK" check --help
tx check-themes 0 "themes/default.yaml: ok (theme)
themes/light.yaml: ok (theme)
themes/projector.yaml: ok (theme)
themes/colour-blind.yaml: ok (theme)
themes/mono.yaml: ok (theme)" "$OPDECK" check themes/default.yaml themes/light.yaml themes/projector.yaml \
	themes/colour-blind.yaml themes/mono.yaml
sed 's/^  title: /  titel: /' themes/default.yaml >"$out/titel.yaml"
tx check-unknown-role 1 "opdeck: $out/titel.yaml:15:3: unknown key 'titel' (did you mean 'title'?)" \
	"$OPDECK" check "$out/titel.yaml"
sed 's/^  bar: .*/  bar:          {fg: [ 74, 12, 40]}/' themes/default.yaml >"$out/colour.yaml"
tx check-bad-colour 1 "opdeck: $out/colour.yaml:19:32: role 'bar' fg 8-colour must be a whole number from -1 to 7, found '40'" \
	"$OPDECK" check "$out/colour.yaml"
grep -v '^  muted:' themes/default.yaml >"$out/norole.yaml"
tx check-missing-role 1 "opdeck: $out/norole.yaml:14:3: missing role 'muted'" "$OPDECK" check "$out/norole.yaml"
printf 'roles: {}\nroles: {}\n' >"$out/dup.yaml"
printf 'title: x\nslide: []\n' >"$out/what.yaml"
printf 'roles: [\n' >"$out/syntax.yaml"
# Every file is checked; each problem on its own line; a good file still says ok.
tx check-several 1 "opdeck: $out/dup.yaml:2:1: duplicate key 'roles' (first at line 1)
themes/mono.yaml: ok (theme)
opdeck: $out/what.yaml:1:1: not an opdeck file: expected a session (slides:), layout (screens:), operation (operation:) or theme (roles:)
opdeck: $out/syntax.yaml:2:1: did not find expected node content (while parsing a flow node at line 2)
opdeck: $out/absent.yaml: cannot open: No such file or directory" \
	"$OPDECK" check "$out/dup.yaml" themes/mono.yaml "$out/what.yaml" "$out/syntax.yaml" "$out/absent.yaml"
tx check-alias-bomb 1 "opdeck: tests/fixtures/yaml/alias-bomb.yaml:8:10: aliases expand beyond 100000 values (alias '*a4')" \
	"$OPDECK" check tests/fixtures/yaml/alias-bomb.yaml
tx check-deep-nesting 1 "opdeck: tests/fixtures/yaml/deep-nesting.yaml:34:65: nesting deeper than 32 levels" \
	"$OPDECK" check tests/fixtures/yaml/deep-nesting.yaml
head -c 1100000 /dev/zero | tr '\0' '#' >"$out/big.yaml"
tx check-too-big 1 "opdeck: $out/big.yaml: larger than 1024 KiB; opdeck files are small" "$OPDECK" check "$out/big.yaml"
printf 'roles: \001\n' >"$out/ctl.yaml"
tx check-control 1 "opdeck: $out/ctl.yaml:1:8: control character U+0001 (not allowed in YAML text)" "$OPDECK" check "$out/ctl.yaml"
escname=$(printf 'q\033]0;t\007.yaml')
printf 'roles: 1\nroles: 2\n' >"$out/$escname"
t esc-check-name 1 "q.x1B\]0;t.x07.yaml:2:1: duplicate key" "$OPDECK" check "$out/$escname"
inert esc-check-name
t check-bad-size 2 "--size is COLSxROWS" "$OPDECK" check --size 12 themes/mono.yaml
t check-no-file 2 "check needs at least one FILE" "$OPDECK" check
t check-many 0 "" "$OPDECK" check themes/*.yaml themes/*.yaml sample-data/*.yaml sample-data/*.yaml themes/*.yaml
# check on sessions: the loader's messages, the theme a session names, --database and --size.
tx check-sessions 0 "sample-data/omd7-closing.yaml: ok (session)
sample-data/omd4-review.yaml: ok (session)
sample-data/daily.yaml: ok (session)
sample-data/session-reference.yaml: ok (session)" "$OPDECK" check sample-data/omd7-closing.yaml \
	sample-data/omd4-review.yaml sample-data/daily.yaml sample-data/session-reference.yaml
printf 'title: t\nslides:\n  - title: one\n    panels:\n      - type: bars\n        by: agnecy\n' >"$out/s-dim.yaml"
t check-session-typo 1 "^opdeck: $out/s-dim.yaml:6:13: .*agnecy.*agency" "$OPDECK" check "$out/s-dim.yaml"
printf 'title: t\ntheme: projecter\nslides:\n  - title: one\n    panels:\n      - type: kpi\n' >"$out/s-theme.yaml"
tx check-session-theme 1 "opdeck: $out/s-theme.yaml:2:8: theme: unknown theme 'projecter' (did you mean 'projector'?)" \
	"$OPDECK" check "$out/s-theme.yaml"
printf 'title: t\ntheme: %s\nslides:\n  - title: one\n    panels:\n      - type: kpi\n' "$out/colour.yaml" >"$out/s-theme-file.yaml"
t check-session-theme-file 1 "s-theme-file.yaml:2:8: theme: $out/colour.yaml:19:32: role 'bar'" \
	"$OPDECK" check "$out/s-theme-file.yaml"
printf 'title: t\nslides:\n  - title: one\n    panels:\n      - type: bars\n        by: agency\n        filter: agency=XXCUS\n' >"$out/s-loc.yaml"
t check-session-no-db 0 "s-loc.yaml: ok" "$OPDECK" check "$out/s-loc.yaml"
t check-session-db 1 "s-loc.yaml:5:[0-9]+: .*unknown agency 'XXCUS'" "$OPDECK" check --database "$db" "$out/s-loc.yaml"
t check-session-size 1 "^opdeck: sample-data/omd7-closing.yaml:[0-9]+:1: at 80x24, slide [0-9]+ '[^']*' does not show everything" \
	"$OPDECK" check --size 80x24 --database "$db" sample-data/omd7-closing.yaml
t check-session-size-ok 0 "omd7-closing.yaml: ok" "$OPDECK" check --size 160x48 --database "$db" sample-data/omd7-closing.yaml
t check-session-missing-db 1 "nope.db" "$OPDECK" check --database "$out/nope.db" sample-data/daily.yaml
# --theme FILE: the same messages when the dashboard opens a theme file.
t theme-file 0 'Phases' "$OPDECK" render --theme themes/light.yaml --size 80x24 "$db"
t theme-file-bad 1 "colour.yaml:19:32: role 'bar' fg 8-colour" "$OPDECK" render --theme "$out/colour.yaml" "$db"
t theme-near 1 "unknown theme 'projecter' \(did you mean 'projector'\?\)" "$OPDECK" render --theme projecter "$db"
# Output that could not be written, or a screen drawn without its data, is a failure.
t full-render 1 "cannot write the output" sh -c "\"\$0\" render --size 80x24 \"\$1\" >/dev/full" "$OPDECK" "$db"
t full-export 1 "cannot write the export" sh -c "\"\$0\" export \"\$1\" >/dev/full" "$OPDECK" "$db"
t full-help 1 "cannot write the output" sh -c "\"\$0\" --help >/dev/full" "$OPDECK"
cp "$db" "$out/badindex.db"
ps=$(sqlite3 "$out/badindex.db" "pragma page_size")
for pg in $(sqlite3 "$out/badindex.db" "select pageno from dbstat where name = 'cases_op_date'"); do
	head -c "$ps" /dev/zero | tr '\0' 'x' | dd of="$out/badindex.db" bs="$ps" seek=$((pg - 1)) conv=notrunc 2>/dev/null
done
t load-failed 1 "cannot read the database: .*malformed" "$OPDECK" render --size 80x24 "$out/badindex.db"
# NO_COLOR: attributes only (the selection still reversed), no colour at all.
NO_COLOR=1 t no-color-ansi 0 'Phases' "$OPDECK" render --format ansi --size 80x24 "$db"
sgr=$(grep -o "$(printf '\033')\[[0-9;]*m" "$out/no-color-ansi.out" | sort -u | tr -d '\033' | tr '\n' ' ')
case " $sgr" in
*'[0;7m'*) ok no-color-selection-reversed ;;
*) bad no-color-selection-reversed "no reverse video in: $sgr" ;;
esac
if echo "$sgr" | grep -qE '\[([0-9]+;)*(3[0-9]|4[0-9]|9[0-7]|10[0-7])(;|m)'; then
	bad no-color-no-colours "colour SGR under NO_COLOR: $sgr"
else ok no-color-no-colours; fi
# LANG=C: every byte of every screen is ASCII, data and symbols included.
hostile_ref=$(sqlite3 "$db" "select ref from cases where summary like '%synthetic%' limit 1")
sqlite3 "$out/esc.db" "update cases set summary = 'Hải Phòng 象牙 ' || char(27) || '[2J ' || char(8) || ' 🫨 ' || summary where id = 1"
esc_ref=$(sqlite3 "$out/esc.db" "select ref from cases where id = 1")
n=0
for at in '' phase=OMD7 phase=OMD7/category=drugs phase=OMD7/category=drugs/agency=VNCUS "case=$hostile_ref"; do
	n=$((n + 1))
	LC_ALL=C t "ascii-lines-$n" 0 '^\+ ' "$OPDECK" render --size 120x40 ${at:+--at "$at"} "$db"
	LC_ALL=C grep -n '[^ -~]' "$out/ascii-lines-$n.out" >"$out/ascii-lines-$n.bad" &&
		bad "ascii-lines-$n-ascii" "non-ASCII: $(head -c 200 "$out/ascii-lines-$n.bad")" || ok "ascii-lines-$n-ascii"
	# "~" marks a figure nobody published ("~153"): a text cut short never ends in one
	LC_ALL=C grep -n '[A-Za-z]~' "$out/ascii-lines-$n.out" >"$out/ascii-lines-$n.bad" &&
		bad "ascii-lines-$n-cut" "a cut text ends in ~: $(head -c 200 "$out/ascii-lines-$n.bad")" || ok "ascii-lines-$n-cut"
done
for opt in --help-overlay "--at=case=$esc_ref"; do
	n=$((n + 1))
	LC_ALL=C t "ascii-lines-$n" 0 '' "$OPDECK" render --size 100x30 "$opt" "$out/esc.db"
	LC_ALL=C grep -n '[^ -~]' "$out/ascii-lines-$n.out" >"$out/ascii-lines-$n.bad" &&
		bad "ascii-lines-$n-ascii" "non-ASCII: $(head -c 200 "$out/ascii-lines-$n.bad")" || ok "ascii-lines-$n-ascii"
done
# The dashboard's screens come from a layout file: the built-in one, printed and read back.
t help-layout 0 "usage: opdeck layout" "$OPDECK" layout --help
t layout 0 '^layout: default' "$OPDECK" layout
"$OPDECK" render --size 120x40 --at phase=OMD7 "$db" >"$out/builtin.txt" 2>&1
t render-layout 0 'at a glance' "$OPDECK" render --size 120x40 --at phase=OMD7 --layout "$out/layout.out" "$db"
cmp -s "$out/builtin.txt" "$out/render-layout.out" && ok layout-round-trip ||
	bad layout-round-trip "render --layout (opdeck layout) differs from render"
sed 's/title: latest cases/title: newest cases/' "$out/layout.out" >"$out/edited.yaml"
t layout-edited 0 'OMD 7 · newest cases' "$OPDECK" render --size 120x40 --layout "$out/edited.yaml" "$db"
printf 'layout: x\nscreens:\n  - name: home\n    panels: [{type: bras}]\n' >"$out/bad-layout.yaml"
t layout-bad-type 1 "bad-layout.yaml:4:21: unknown panel type 'bras' \\(did you mean 'bars'\\?\\)" \
	"$OPDECK" render --layout "$out/bad-layout.yaml" "$db"
printf 'title: T\nslides:\n  - {title: S, panels: [{type: kpi}]}\n' >"$out/a-session.yaml"
t layout-not-a-layout 1 "a-session.yaml: not a layout" "$OPDECK" render --layout "$out/a-session.yaml" "$db"
t layout-missing 1 "no-such.yaml" "$OPDECK" render --layout "$out/no-such.yaml" "$db"
# Every example the documentation gives runs on the bundled sample: the locators of --help
# and the man page through render, and the README's example commands in order in a scratch
# directory (the dashboard's lines through render, the million cases as ten thousand, a
# minute of simulate as a second).
ex=$out/examples
mkdir -p "$ex/sample-data"
cp sample-data/*.csv sample-data/*.yaml "$ex/sample-data/"
# the files a user's own examples name: a theme, a session and an operation file of theirs
cp themes/projector.yaml "$ex/my-theme.yaml"
cp sample-data/example-operation.yaml "$ex/my-operation.yaml"
cp sample-data/omd7-closing.yaml "$ex/talk.yaml"
abs=$(cd "$(dirname "$OPDECK")" && pwd)/$(basename "$OPDECK")
keys='phase|category|subcategory|agency|country|transport|status|week|day|case|search'
n=0
for loc in $( { "$OPDECK" --help; sed 's/\\-/-/g' man/opdeck.1; } | grep -oE "($keys)=[^ ,;)]+" | sort -u); do
	n=$((n + 1))
	t "doc-locator-$n" 0 '' "$OPDECK" render --size 80x24 --at "$loc"
	grep -q "no case\|unknown" "$out/doc-locator-$n.out" && bad "doc-locator-$n-$loc" "refused"
done
[ "$n" -ge 3 ] && ok doc-locators-found || bad doc-locators-found "only $n locators in --help and the man page"
n=0
grep '^| `./opdeck' README.md | sed 's/^| `\([^`]*\)` |.*/\1/' >"$out/readme-examples.txt"
while IFS= read -r cmd; do
	n=$((n + 1))
	run=$(printf '%s\n' "$cmd" | sed -e "s|^\./opdeck|'$abs'|" -e 's/--cases 1000000/--cases 10000/' \
		-e 's/ --refresh [0-9.]*//' -e 's/--duration [0-9]*/--duration 1/')
	case "$cmd" in
	"./opdeck "[a-z]*) ;; # a command (render, init, sample, simulate, import, export, check)
	*) run=$(printf '%s\n' "$run" | sed "s|^'$abs'|'$abs' render|") ;;
	esac
	t "readme-example-$n" 0 '' sh -c "cd '$ex' && $run >/dev/null"
done <"$out/readme-examples.txt"
[ "$n" -ge 10 ] && ok readme-examples-found || bad readme-examples-found "only $n examples in README.md"
# The default database is the same for every command; a missing CSV is one message without a
# position; a header in another case is one message.
t export-default-db 0 '' "$OPDECK" export --at phase=OMD7/category=precursors
t import-missing-csv 1 "^opdeck: [^:]*nope.csv: cannot read: No such file or directory; nothing imported" \
	"$OPDECK" import "$out/esc.db" "$out/nope.csv"
[ "$(wc -l <"$out/import-missing-csv.out")" -eq 1 ] && ok import-missing-csv-one-line \
	|| bad import-missing-csv-one-line "$(cat "$out/import-missing-csv.out")"
{ head -1 sample-data/cases-example.csv | tr a-z A-Z; tail -n +2 sample-data/cases-example.csv; } >"$out/upper.csv"
t import-upper-header 1 "upper.csv:1:1: column names are lower case: 'REF' is 'ref'" "$OPDECK" import "$out/esc.db" "$out/upper.csv"
[ "$(grep -c 'upper.csv:1:' "$out/import-upper-header.out")" -eq 1 ] && ok import-upper-header-once \
	|| bad import-upper-header-once "$(head -c 300 "$out/import-upper-header.out")"
# Locators forgive case and names, refuse contradictions.
t at-names 0 '' "$OPDECK" export --at "phase=OMD 7/category=Wildlife/agency=th customs/transport=Sea Container"
t at-contradiction 1 "case 'OMD7-VNCUS-0137' does not match agency 'THCUS'" "$OPDECK" render --at agency=THCUS/case=OMD7-VNCUS-0137
t at-nearest 1 "unknown agency 'THCU' \(nearest: THCUS 'TH Customs'" "$OPDECK" render --at agency=THCU
# The build honours the flags distributions pass (dry runs: nothing is rebuilt).
# (BUILD and OPDECK name the build being tested: build/ or build-san/ under SANITIZE=1.)
bin=${OPDECK#./}
make -n -B "${BUILD:-build}/text.o" CPPFLAGS=-DOPDECK_CPPFLAGS_SEEN 2>&1 | grep -q -- -DOPDECK_CPPFLAGS_SEEN &&
	ok make-cppflags || bad make-cppflags "CPPFLAGS not on the compile line"
make -n -B "$bin" LDFLAGS=-Wl,-z,relro,-z,now 2>&1 | grep -q -- "-Wl,-z,relro,-z,now .*-o $bin" &&
	ok make-ldflags || bad make-ldflags "LDFLAGS not on the link line"
# A user who clones the repository has no ../shared: nothing may point there.
if grep -rn '\.\./shared' README.md man src include sample-data >/dev/null 2>&1; then
	bad no-shared-refs "$(grep -rln '\.\./shared' README.md man src include sample-data | head -3)"
else ok no-shared-refs; fi
[ -s sample-data/SOURCES.md ] && ok sources-in-repo || bad sources-in-repo "sample-data/SOURCES.md missing"
# render --session: slides as text, and its errors.
sess=sample-data/omd7-closing.yaml
t session-slide 0 'Results at a glance' "$OPDECK" render --session "$sess" --slide 2 --size 120x40 "$db"
t session-all 0 'Thanks to the participating agencies' "$OPDECK" render --session "$sess" --all --size 80x24 "$db"
n=$(grep -c '^─*$' "$out/session-all.out")
[ "$n" -eq 7 ] && ok session-all-separators || bad session-all-separators "$n separator lines for 8 slides"
t session-missing 1 'nope.yaml' "$OPDECK" render --session "$out/nope.yaml" "$db"
printf 'title: t\nslides:\n  - title: one\n    panels:\n      - type: bras\n' >"$out/typo.yaml"
t session-typo 1 'typo.yaml:5:[0-9]+: .*bras' "$OPDECK" render --session "$out/typo.yaml" "$db"
printf 'title: t\nslides:\n  - title: one\n    panels:\n      - type: bars\n        by: agency\n        filter: agency=XXCUS\n' >"$out/badloc.yaml"
t session-unknown-value 1 "badloc.yaml:5:[0-9]+: .*unknown agency 'XXCUS'" "$OPDECK" render --session "$out/badloc.yaml" "$db"
t session-no-slide 1 'no slide 99 \(the session has 8\)' "$OPDECK" render --session "$sess" --slide 99 "$db"
t session-slide-zero 2 '--slide' "$OPDECK" render --session "$sess" --slide 0 "$db"
escsess=$out/$(printf 's\033]0;t\007.yaml')
cp "$sess" "$escsess"
t esc-session-no-slide 1 "s.x1B]0;t.x07.yaml: no slide 99" "$OPDECK" render --session "$escsess" --slide 99 "$db"
inert esc-session-no-slide
t esc-session-missing 1 "nope.x1B\\[2J.yaml" "$OPDECK" render --session "$out/$(printf 'nope\033[2J.yaml')" "$db"
inert esc-session-missing
t session-slide-text 2 '--slide' "$OPDECK" render --session "$sess" --slide two "$db"
t session-slide-and-all 2 '--slide|--all' "$OPDECK" render --session "$sess" --slide 2 --all "$db"
t session-slide-alone 2 '--session' "$OPDECK" render --slide 2 "$db"
t session-and-at 2 '--at' "$OPDECK" render --session "$sess" --at phase=OMD7 "$db"

# ---- a coordinator's first day (README "Your own operation"): the example operation file,
# one agency's CSV return, the dashboard, a drill to one of its cases, an export.
ex=sample-data/example-operation.yaml
op=$out/ops.db
t firstday-init 0 "ops.db: created for SR: 2 phases, 5 agencies, 2 categories with 6 sub-categories" \
	"$OPDECK" init "$op" --operation "$ex"
t firstday-import 0 "imported 5 cases" "$OPDECK" import "$op" sample-data/example-return.csv
t firstday-dashboard 0 'Operation Silver Reef' "$OPDECK" render --size 120x40 "$op"
grep -q 'Falsified medic' "$out/firstday-dashboard.out" && ok firstday-categories-from-the-file ||
	bad firstday-categories-from-the-file "no 'Falsified medicines' on the home screen"
# The KPI tiles of the file's first category (medicines, counted in tablets): no weight tile.
t firstday-kpi-first-category 0 'medicines tablets' "$OPDECK" render --size 120x40 --at phase=SR1 "$op"
grep -q 'by weight' "$out/firstday-kpi-first-category.out" && bad firstday-kpi-no-weight "a weight tile where nothing is weighed" ||
	ok firstday-kpi-no-weight
t firstday-drill 0 'live humphead wrasse' "$OPDECK" render --size 120x40 \
	--at phase=SR1/category=marine/agency=MYCUS/case=SR1-MYCUS-0004 "$op"
t firstday-export 0 'SR1-MYCUS-0004,SR1,MYCUS,marine,reef-fish' "$OPDECK" export "$op" --at phase=SR1/agency=MYCUS
n=$(awk -F, 'NR > 1' "$out/firstday-export.out" | wc -l)
[ "$n" -eq 6 ] && ok firstday-export-6-seizures || bad firstday-export-6-seizures "$n rows"
# describe -> init on a fresh database -> describe gives the same file.
t firstday-describe 0 'name: Operation Silver Reef' "$OPDECK" describe "$op"
t firstday-init-from-describe 0 '' "$OPDECK" init "$out/ops2.db" --operation "$out/firstday-describe.out"
"$OPDECK" describe "$out/ops2.db" >"$out/describe2.yaml" 2>&1
cmp -s "$out/firstday-describe.out" "$out/describe2.yaml" && ok describe-define-describe-same ||
	bad describe-define-describe-same "$(diff "$out/firstday-describe.out" "$out/describe2.yaml" | head -5)"

# Mistakes in the file: each named with its position; the database keeps every byte.
cp "$op" "$out/ops-before.db"
mistake() { # NAME SED_EXPRESSION PATTERN(with LINE for the line of MARK) MARK
	sed "$2" "$ex" >"$out/$1.yaml"
	line=$(grep -n -- "$4" "$out/$1.yaml" | tail -n 1 | cut -d: -f1) # the last match
	t "$1" 1 "$(echo "$3" | sed "s/LINE/$line/")" "$OPDECK" define "$op" "$out/$1.yaml"
	cmp -s "$op" "$out/ops-before.db" && ok "$1-unchanged" || bad "$1-unchanged" "the database changed"
}
mistake mistake-unknown-key 's/^    short: MY Customs/    shortname: MY Customs/' \
	"mistake-unknown-key.yaml:LINE:5: unknown key 'shortname' in an agency \(expected code, name, short, country, kind\)" shortname
mistake mistake-agency-not-there 's/agencies: \[IDCUS, MYCUS, PHBOC, MYPEB\]/agencies: [IDCUS, MYCUS, PHBOC, MYPEC]/' \
	"mistake-agency-not-there.yaml:LINE:37: agency 'MYPEC' in phase SR2 does not exist" MYPEC
mistake mistake-duplicate-code 's/code: SR2/code: SR1/' \
	"mistake-duplicate-code.yaml:LINE:11: duplicate phase code 'SR1' \(first at line [0-9]+\)" '  - code: SR1$'
mistake mistake-unknown-parent '0,/parent: marine/s//parent: marin/' \
	"mistake-unknown-parent.yaml:LINE:13: sub-category 'shark-fin' is under an unknown category 'marin'" 'parent: marin$'
# check reads operation files the same way, before anything touches a database.
t check-operation 0 "example-operation.yaml: ok \(operation\)" "$OPDECK" check "$ex" sample-data/omd-operation.yaml
t check-operation-bad 1 "mistake-unknown-parent.yaml:[0-9]+:13: sub-category 'shark-fin' is under an unknown category" \
	"$OPDECK" check "$out/mistake-unknown-parent.yaml"
# Removing what cases refer to is refused, naming them.
sed 's/agencies: \[IDCUS, MYCUS, PHBOC, MYPEB, IPOL\]/agencies: [IDCUS, PHBOC, MYPEB, IPOL]/' "$ex" >"$out/drop.yaml"
t define-refuses 1 "MYCUS would no longer take part in phase SR1, but 5 cases refer to it \(SR1-MYCUS-0001, SR1-MYCUS-0002, SR1-MYCUS-0003, …\)" \
	"$OPDECK" define "$op" "$out/drop.yaml"
cmp -s "$op" "$out/ops-before.db" && ok define-refuses-unchanged || bad define-refuses-unchanged "the database changed"
# An edit that removes nothing in use goes through.
sed 's/name: Silver Reef II/name: Silver Reef 2/' "$ex" >"$out/rename.yaml"
t define-rename 0 "ops.db: now defines SR" "$OPDECK" define "$op" "$out/rename.yaml"
t define-rename-shown 0 'Silver Reef 2' "$OPDECK" describe "$op"
t describe-no-operation 1 "describes no operation yet" "$OPDECK" describe "$out/empty.db"
# Presenting over SSH: the room's options, and restricted mode (a delegates' account).
t room-needs-session 2 "--room needs --session" "$OPDECK" --room omd7 "$db"
t follow-bad-room 1 "room" "$OPDECK" follow 'bad name!' "$db"
t follow-too-many 2 "" "$OPDECK" follow omd7 "$db" extra
for c in "init $out/r1.db" "sample $out/r2.db" "simulate $out/r3.db" "import $out/r4.db sample-data/cases-example.csv" \
	"define $db sample-data/omd-operation.yaml" "export $db"; do
	set -- $c
	OPDECK_RESTRICTED=1 "$OPDECK" $c >"$out/restricted-$1.out" 2>&1
	rc=$?
	if [ "$rc" -ne 2 ] || ! grep -qF "OPDECK_RESTRICTED=1" "$out/restricted-$1.out"; then
		bad "restricted-$1" "exit $rc: $(head -c 200 "$out/restricted-$1.out")"
	elif [ -e "$out/r1.db" ] || [ -e "$out/r2.db" ] || [ -e "$out/r3.db" ] || [ -e "$out/r4.db" ]; then
		bad "restricted-$1" "a file was written"
	else
		ok "restricted-$1"
	fi
done
OPDECK_RESTRICTED=1 t restricted-room 2 "OPDECK_RESTRICTED=1" "$OPDECK" --session "$sess" --room "$out/omd7.sock" "$db"
[ ! -e "$out/omd7.sock" ] && ok restricted-room-no-socket || bad restricted-room-no-socket "a socket was created"
OPDECK_RESTRICTED=1 t restricted-render 0 'Results at a glance' "$OPDECK" render --session "$sess" --slide 2 --size 120x40 "$db"
unset OPDECK_RESTRICTED
# A merge left half done shows as conflict markers in a text the tests never read.
if grep -rnE '^(<<<<<<<|>>>>>>>|\|\|\|\|\|\|\|) ' README.md Makefile man src include tests/*.sh tests/unit tests/term \
	sample-data themes >"$out/conflict-markers.txt" 2>/dev/null; then
	bad no-conflict-markers "$(head -3 "$out/conflict-markers.txt")"
else
	ok no-conflict-markers
fi
echo "RESULT $pass $fail"
