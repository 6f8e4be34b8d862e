# bash completion for memfit. Installed as
# <prefix>/share/bash-completion/completions/memfit.
#
# Commands come from `memfit --help` and each command's options from
# `memfit help COMMAND`, so they follow the installed memfit. Board ids are
# the *.yaml files in ./boards, $MEMFIT_DATA_DIR/boards and the installed
# data directory.

_memfit_datadir='@MEMFIT_DATADIR@'

_memfit_commands()
{
	"$1" --help 2>/dev/null |
	    sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'
}

# Lines of `memfit help CMD` that describe an option.
_memfit_option_lines()
{
	"$1" help "$2" 2>/dev/null | grep -E '^ +(-[a-zA-Z], )?--[a-z]'
}

_memfit_boards()
{
	local d f
	for d in boards ${MEMFIT_DATA_DIR:+"$MEMFIT_DATA_DIR/boards"} \
	    "$_memfit_datadir/boards"; do
		[ -d "$d" ] || continue
		for f in "$d"/*.yaml; do
			[ -f "$f" ] || continue
			f=${f##*/}
			printf '%s\n' "${f%.yaml}"
		done
	done
}

_memfit()
{
	local cur prev memfit cmd line arg words i
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	memfit=${COMP_WORDS[0]}
	COMPREPLY=()

	cmd=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done

	if [ -z "$cmd" ]; then
		if [[ $cur == -* ]]; then
			words='--help --version'
		else
			words="$(_memfit_commands "$memfit") help"
		fi
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
		return
	fi
	if [ "$cmd" = help ]; then
		[ "$COMP_CWORD" -eq $((i + 1)) ] &&
		    COMPREPLY=($(compgen -W "$(_memfit_commands "$memfit")" \
			-- "$cur"))
		return
	fi

	# The value of the option before the cursor, by the name of its
	# argument in the help text: BOARD, FILE, DIR, RULE, or a list of
	# values spelled "a (default), b or c".
	if [[ $prev == -* ]]; then
		line=$(_memfit_option_lines "$memfit" "$cmd" |
		    grep -E -- "^ +(-[a-zA-Z], )?$prev( |,|$)" | head -n 1)
		arg=$(printf '%s\n' "$line" |
		    sed -n 's/^ *\(-[a-zA-Z], \)\{0,1\}--[a-z-]* \([A-Z][A-Z]*\).*/\2/p')
		case $arg in
		'')	;;
		BOARD)
			COMPREPLY=($(compgen -W "$(_memfit_boards)" -- "$cur")
			    $(compgen -f -X '!*.y*ml' -- "$cur")
			    $(compgen -d -- "$cur"))
			return ;;
		DIR)
			COMPREPLY=($(compgen -d -- "$cur"))
			return ;;
		RULE)
			# The rule table, as 'memfit help check' lists it.
			words=$("$memfit" help "$cmd" 2>/dev/null |
			    sed -n '/^Rules:/,$s/^  \([a-z][a-z-]*\) .*/\1/p')
			COMPREPLY=($(compgen -W "$words" -- "$cur"))
			return ;;
		FILE)
			COMPREPLY=($(compgen -f -- "$cur"))
			return ;;
		*)
			words=$(printf '%s\n' "$line" |
			    sed -n 's/.* \([a-z][a-z]*\) (default)\(.*\)/\1\2/p' |
			    sed 's/;.*//; s/,/ /g; s/ or / /g')
			COMPREPLY=($(compgen -W "$words" -- "$cur"))
			return ;;
		esac
	fi

	if [[ $cur == -* ]]; then
		words=$(_memfit_option_lines "$memfit" "$cmd" |
		    grep -oE -- '--[a-z][a-z-]*' | sort -u)
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
		return
	fi
	if [ "$cmd" = validate ]; then
		COMPREPLY=($(compgen -W "$(_memfit_boards)" -- "$cur"))
	fi
	COMPREPLY+=($(compgen -f -- "$cur"))
}

complete -o filenames -F _memfit memfit
