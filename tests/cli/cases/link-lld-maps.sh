# Firmware linked by clang and ld.lld, read through lld's map: usage
# equal to the ELF's accounting in every input mode, every planted fault
# of the vendor-style H743 build found (through an archive member too),
# a failed link's overflow from its map, size and diff on lld maps; see
# tests/link/lld_maps.py.
command -v clang >/dev/null || { echo "SKIP: no clang"; exit 77; }
command -v ld.lld >/dev/null || { echo "SKIP: no ld.lld"; exit 77; }
/usr/bin/python3 "$ROOT/tests/link/lld_maps.py"
