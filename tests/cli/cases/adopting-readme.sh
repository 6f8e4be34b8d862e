# README "Adopting memfit in an existing project" works as written: its
# $ lines are run from the repository root (make is already done), with
# continuation lines joined; the scratch directory's name is hidden.
cd "$ROOT" || exit 1
sed -n '/^<!-- adopting:/,/^```$/p' README.md |
    sed -n 's/^\$ //p; s/^      //p' | grep -v '^make$' >"$OLDPWD/steps.sh"
sed -n '/^<!-- adopting:/,/^```$/p' README.md | grep -q 'out=' || exit 1
out=$OLDPWD/out
sed "s|^out=.*|out=$out; mkdir -p \$out|" "$OLDPWD/steps.sh" |
    sed -e :a -e '/\\$/N; s/\\\n//; ta' >"$OLDPWD/run.sh"
sh "$OLDPWD/run.sh" >"$OLDPWD/log" 2>&1
echo "last step: exit $?"
sed "s|$out|OUT|g" "$OLDPWD/log"
