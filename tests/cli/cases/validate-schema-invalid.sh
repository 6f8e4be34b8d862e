# Every board the JSON Schema rejects, memfit's loader rejects too, with a
# located message (the schema and the loader must agree).
cd "$FIXTURES/boards"
for f in schema-invalid/*.yaml; do
	echo "== $f"
	$MEMFIT validate "$f" 2>&1
	echo "rc=$?"
done
