# examples/ci: the GitHub Actions workflow parses, uploads memfit.json,
# writes memfit.md to the job summary, and uses only commands and options
# this memfit has.
/usr/bin/python3 "$ROOT/examples/ci/test.py" "$MEMFIT"
