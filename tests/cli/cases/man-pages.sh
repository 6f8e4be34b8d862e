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
