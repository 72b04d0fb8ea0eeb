# tests/tap.sh — the TAP-style checks the CLI test scripts share; sourced
# after they set $T (a scratch directory).  One "ok N - what" or
# "not ok N - what" line per check.
n=0
check() { # check "description" command...
	n=$((n + 1))
	desc=$1
	shift
	# Assertions (has, test) read the last command's output; commands
	# replace it.
	case $1 in
	has | test) "$@" ;;
	*) "$@" >"$T/out" 2>"$T/err" ;;
	esac
	if [ $? -eq 0 ]; then echo "ok $n - $desc"; else
		echo "not ok $n - $desc"; sed 's/^/#   /' "$T/out" "$T/err" | head -20; fi
}
fails() { # fails "description" expected-status command...
	n=$((n + 1))
	desc=$1
	want=$2
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -eq "$want" ]; then echo "ok $n - $desc"; else
		echo "not ok $n - $desc (status $got, wanted $want)"; sed 's/^/#   /' "$T/err" | head -5; fi
}
has() { grep -q -- "$1" "$2"; }
