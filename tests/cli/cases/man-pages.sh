# The man pages lint clean, and memfit(1)'s SYNOPSIS is, line for line,
# the usage that --help and 'memfit help <command>' print.
command -v mandoc >/dev/null || { echo "SKIP: no mandoc"; exit 77; }
mandoc -Tlint "$ROOT/man/memfit.1" "$ROOT/man/memfit-board.5"
echo "lint rc=$?"
mandoc -Tascii -O width=400 "$ROOT/man/memfit.1" | col -b |
    awk '/^SYNOPSIS/ { f = 1; next } /^[A-Z]/ { f = 0 } f && NF' |
    sed 's/^ *//' > synopsis.man
{
	$MEMFIT --help | sed -n 's/^usage: //p'
	for c in $($MEMFIT --help | awk '/^Commands:/ { f = 1; next } /^$/ { f = 0 } f { print $1 }'); do
		$MEMFIT help "$c" | sed -n '1s/^usage: //p'
	done
} > synopsis.help
diff -u synopsis.help synopsis.man && echo "SYNOPSIS equals --help"
# The rule table is the one list of rules: both man pages describe each
# rule 'memfit help check' names, the board schema's waiver enum is
# exactly that list, and the HTML page has an anchor for each.
$MEMFIT help check | awk '/^Rules:/ { f = 1; next } f && /^  [a-z]/ { print $1 }' > rules.txt
for r in $(cat rules.txt); do
	for m in memfit.1 memfit-board.5; do
		grep -q "^\.It Cm $r" "$ROOT/man/$m" || echo "$m does not describe $r"
	done
done
/usr/bin/python3 - "$ROOT/schemas/board.schema.json" rules.txt <<'PY'
import json, sys
schema = json.load(open(sys.argv[1]))
enum = schema["definitions"]["waiver"]["properties"]["rule"]["enum"]
rules = open(sys.argv[2]).read().split()
print("schema waiver rules equal the rule table" if enum == rules else
      "schema waiver rules %s, rule table %s" % (enum, rules))
PY
echo "rules: $(wc -l < rules.txt)"
# SARIF's helpUri is DOC_URL#RULE: memfit(1) as HTML has that anchor.
mandoc -Thtml "$ROOT/man/memfit.1" > memfit.1.html
for r in $(cat rules.txt); do
	grep -q "id=\"$r\"" memfit.1.html || echo "memfit.1.html has no #$r"
done
echo "memfit.1.html: an anchor per rule"
