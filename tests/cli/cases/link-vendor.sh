# Firmware shaped like a flight controller's (vendor script, startup per
# output section, NOLOAD vendor sections, ITCM at 0 with -g, a failed
# link, LTO): every planted fault found, nothing else, usage equal to ld's
# in every mode; see tests/link/vendor_fw.py.
command -v arm-none-eabi-gcc >/dev/null || { echo "SKIP: no arm-none-eabi-gcc"; exit 77; }
/usr/bin/python3 "$ROOT/tests/link/vendor_fw.py"
