# check on real third-party maps in ../shared (skipped without it).
[ -d "$ROOT/../shared/fixtures-external" ] || { echo "SKIP: no ../shared"; exit 77; }
/usr/bin/python3 "$ROOT/tests/link/check_link.py" shared-overflow
