# Every invalid board in fixtures/boards/invalid: its messages (located as
# file:line:col) and exit status 2.
cd "$FIXTURES/boards"
for f in invalid/*.yaml; do
	echo "== $f"
	$MEMFIT validate "$f" 2>&1
	echo "rc=$?"
done
