# The generated files of two shipped boards, byte for byte.
for b in crazyflie-2 stm32h743zi; do
	$MEMFIT gen -q --board "$ROOT/boards/$b.yaml" -o "$b" --memory-x "$b/memory.x"
	echo "rc=$?"
	for f in memory.ld sections.ld link.ld static_mem.h memory.x; do
		echo "==> $b/$f <=="
		cat "$b/$f"
	done
done
