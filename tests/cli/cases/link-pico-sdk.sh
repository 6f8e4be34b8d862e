# The pico-sdk's own RP2040/RP2350 builds in ../shared: usage equal to ld's
# in every mode with per-section startup, no false finding; see
# tests/link/pico_sdk.py. Skipped when ../shared is absent.
/usr/bin/python3 "$ROOT/tests/link/pico_sdk.py"
