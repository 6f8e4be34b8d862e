# extends: a board built on a shipped one (or on a file beside it) merges
# by key, regions by name, waivers and dma_buffers added; validate -v says
# where each value came from; the extending file validates against the
# schema; errors name the file they are in; cycles and unknown bases are
# refused; gen writes the merged board.
cd "$FIXTURES/boards/extends" || exit 1
"$MEMFIT" validate -v my-f405.yaml on-mine.yaml | sed "s|$ROOT/||g"
echo "exit $?"
for f in on-broken.yaml cycle-a.yaml new-region-incomplete.yaml; do
	"$MEMFIT" validate "$f" 2>&1 | sed "s|$ROOT/||g"
done
printf 'memfit: 1\nboard: x\nextends: nosuch\n' >"$OLDPWD/x.yaml"
"$MEMFIT" validate "$OLDPWD/x.yaml" 2>&1 | sed "s|$OLDPWD/||"
/usr/bin/python3 - "$ROOT/schemas/board.schema.json" my-f405.yaml on-mine.yaml <<'PY'
import json, sys, yaml, jsonschema
schema = json.load(open(sys.argv[1]))
for f in sys.argv[2:]:
    jsonschema.validate(yaml.safe_load(open(f)), schema)
    print("schema: %s ok" % f)
PY
"$MEMFIT" gen -q --board my-f405.yaml -o "$OLDPWD"
grep -E '^[[:space:]]*(RAM|EXTSRAM|CCMRAM) ' "$OLDPWD/memory.ld"
grep -c 'ASSERT' "$OLDPWD/sections.ld"
