#!/bin/sh
# bench/serve/run.sh — `parallax serve` under load, beside nginx serving a
# static copy of the same bytes, in the same run: requests/s and p50/p99
# latency from wrk (-t2 -c64 -d15s --latency) on three targets of the demo
# corpus's store:
#   story  /story/ID            the story page of the largest story (most
#                               articles; ties: most sources, lowest id)
#   api    /api/v1/stories/ID   the same story as JSON
#   home   /                    the home page
# The goal (the web server issue): Parallax at least 75% of nginx's
# requests/s and a p99 at most twice nginx's, target by target.
#
# Fairness:
#   - the same bytes: each target's body is fetched from the running
#     parallax with curl (no Accept-Encoding, so identity) into a temporary
#     docroot, and nginx serves those files with the Content-Type parallax
#     sent and the other headers it sent (Cache-Control, Vary and the
#     security headers, by add_header; nginx writes its own Date, ETag,
#     Last-Modified, Content-Length); the bench checks nginx's bodies are
#     byte-identical and prints both servers' header and body sizes;
#   - nginx as for production static serving: worker_processes = the number
#     of cores, sendfile on, tcp_nopush on, tcp_nodelay on, keepalive
#     (keepalive_timeout 65, keepalive_requests at its default, 1000),
#     access_log to a file in the temporary directory in the combined
#     format, one write per request as in Debian's default configuration,
#     no open_file_cache (Debian's default), workers as www-data when run
#     as root;
#   - parallax likewise logs every request: --access-log to a file in the
#     same directory; --threads at its default (one per core); --rate 0,
#     no rate limit: the limit is per client address and wrk is one
#     address, so any limit would measure 429s;
#   - gzip off for both: wrk sends no Accept-Encoding (nginx: gzip off;
#     parallax compresses only when asked);
#   - one server measured at a time: both are started once and stay up
#     (peak RSS is read at the end), but wrk loads only one of them, the
#     other idle; each round measures nginx then parallax, the next round
#     parallax then nginx (alternating, so drift in the machine falls on
#     both); ROUNDS rounds (3), each figure in the table the median of its
#     rounds (each column's median on its own), every round printed too;
#   - a warm-up run of WARMUP (5s) on every target of each server first,
#     discarded;
#   - wrk, nginx and parallax share the machine (wrk's 2 threads included):
#     the figures are for this machine's cores, printed with its load.
# Each round also says how much CPU other processes took meanwhile (user
# time, % of all cores): a shared machine's other work shows up as long
# tails, for either server, and a round with more than a few percent is
# disturbed.
# Then a sanity check of the conditional path (If-None-Match and
# If-Modified-Since with the validators parallax sent: 304 expected), the
# servers' peak RSS (VmHWM of /proc/PID/status; nginx: master and each
# worker), any non-2xx/3xx responses or socket errors wrk counted, and the
# servers' error output.  A benchmark, not a test: `make test` never runs it.
# wrk and nginx: sh bench/serve/install-deps; without them the bench skips.
#
#   sh bench/serve/run.sh                                   (or make bench-serve)
#   ROUNDS=5 DURATION=30s CONNS=64 WRK_THREADS=2 sh bench/serve/run.sh
#   PX_THREADS=4 sh bench/serve/run.sh        (parallax --threads 4; default: none given)
#   KEEP=1 sh bench/serve/run.sh              (keep the temporary directory: logs, docroot, store)
#   CLOSE=1 sh bench/serve/run.sh             (wrk -H 'Connection: close': a connection per request,
#                                              as clients that do not keep connections alive)
# Per-round wrk output in $OUT/*.txt, the figures in $OUT/rounds.tsv.
set -e
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
PX=${PARALLAX:-$BUILD/parallax}
OUT=${OUT:-$BUILD/bench/serve/out}
CONNS=${CONNS:-64}
WRK_THREADS=${WRK_THREADS:-2}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-5s}
ROUNDS=${ROUNDS:-3}
PX_PORT=${PX_PORT:-18480}
NGINX_PORT=${NGINX_PORT:-18481}
PX_THREADS=${PX_THREADS:-}
PY=/usr/bin/python3
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}

# What the bench needs; each missing tool is named.
MISSING=
command -v wrk >/dev/null 2>&1 || MISSING="$MISSING wrk"
[ -x "$NGINX" ] || MISSING="$MISSING nginx"
command -v curl >/dev/null 2>&1 || MISSING="$MISSING curl"
[ -x $PY ] || MISSING="$MISSING python3"
if [ -n "$MISSING" ]; then
	echo "skip bench-serve:$MISSING not installed (sh bench/serve/install-deps)"
	exit 0
fi

mkdir -p "$OUT"
rm -f "$OUT"/*.txt "$OUT/rounds.tsv" "$OUT/build.log"
if [ -z "$PARALLAX" ]; then
	make -s BUILD="$BUILD" "$BUILD/parallax" >"$OUT/build.log" 2>&1 || {
		cat "$OUT/build.log"
		echo "$BUILD/parallax does not build"
		exit 1
	}
fi

for p in "$PX_PORT" "$NGINX_PORT"; do
	if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$p/"; then
		echo "port $p on 127.0.0.1 is in use (set PX_PORT / NGINX_PORT)"
		exit 1
	fi
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/parallax-bench-serve.XXXXXX")
chmod 755 "$TMP" # nginx's workers (www-data when run as root) read the docroot
PX_PID=
NGINX_PID=
cleanup() {
	[ -n "$PX_PID" ] && kill "$PX_PID" 2>/dev/null && wait "$PX_PID" 2>/dev/null
	[ -n "$NGINX_PID" ] && kill -QUIT "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
	if [ -n "$KEEP" ]; then echo "kept: $TMP"; else rm -rf "$TMP"; fi
}
trap 'cleanup' EXIT
trap 'exit 130' INT TERM

# until URL answers 200, as long as process PID lives (10 s at most)
wait_up() {
	i=0
	until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$2")" = 200 ]; do
		i=$((i + 1))
		if [ $i -gt 100 ] || ! kill -0 "$1" 2>/dev/null; then
			return 1
		fi
		sleep 0.1
	done
}

# The store, as `make demo` makes it.
DB=$TMP/demo.db
"$PX" --db "$DB" outlets import --format csv data/outlets.csv data/demo/outlets.csv >"$TMP/setup.log" 2>&1 &&
	"$PX" --db "$DB" ingest data/demo/corpus >>"$TMP/setup.log" 2>&1 || {
	cat "$TMP/setup.log"
	echo "the demo store could not be built"
	exit 1
}
set -- $("$PX" --db "$DB" stories --json --limit 100000 | $PY -c '
import json, sys
s = json.load(sys.stdin)
s.sort(key=lambda x: (-x["coverage"]["articles"], -x["coverage"]["sources"], x["id"]))
print(s[0]["id"], s[0]["coverage"]["articles"], s[0]["coverage"]["sources"], len(s))')
ID=$1
if [ -z "$ID" ]; then
	echo "no story in the demo store"
	exit 1
fi
STORY_DESC="story $1 ($2 articles, $3 sources; $4 stories in the store)"

# parallax serve, for the whole run.
PX_URL=http://127.0.0.1:$PX_PORT
"$PX" --db "$DB" serve --listen 127.0.0.1 --port "$PX_PORT" --rate 0 \
	--access-log "$TMP/parallax-access.log" ${PX_THREADS:+--threads "$PX_THREADS"} \
	>"$TMP/parallax.out" 2>"$TMP/parallax.err" &
PX_PID=$!
if ! wait_up "$PX_PID" "$PX_URL/"; then
	if grep -q "'serve' is not a command" "$TMP/parallax.err"; then
		PX_PID=
		echo "skip bench-serve: $PX has no serve command yet"
		exit 0
	fi
	cat "$TMP/parallax.err"
	echo "parallax serve did not answer 200 on $PX_URL/"
	exit 1
fi

# The same bytes, for nginx: each target's body and Content-Type.
TARGETS="story api home"
path_of() {
	case $1 in
	story) echo "/story/$ID" ;;
	api) echo "/api/v1/stories/$ID" ;;
	home) echo "/" ;;
	esac
}
file_of() {
	case $1 in
	home) echo "/index.html" ;;
	*) path_of "$1" ;;
	esac
}
WWW=$TMP/www
for t in $TARGETS; do
	f=$WWW$(file_of $t)
	mkdir -p "$(dirname "$f")"
	code=$(curl -s -o "$f" -D "$TMP/$t.px-headers" -w '%{http_code}' "$PX_URL$(path_of $t)")
	if [ "$code" != 200 ]; then
		echo "parallax answered $code to GET $(path_of $t)"
		exit 1
	fi
	tr -d '\r' <"$TMP/$t.px-headers" | sed -n 's/^[Cc]ontent-[Tt]ype: *//p' >"$TMP/$t.ctype"
done
NCPU=$(nproc)
NGINX_USER=
[ "$(id -u)" -eq 0 ] && NGINX_USER="user www-data;"
{
	cat <<EOF
# nginx for bench/serve: production static serving of parallax's bytes.
$NGINX_USER
worker_processes $NCPU;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log;
events { worker_connections 1024; }
http {
	sendfile on;
	tcp_nopush on;
	tcp_nodelay on;
	keepalive_timeout 65;
	gzip off;
	access_log $TMP/nginx-access.log combined;
	client_body_temp_path $TMP/nginx-tmp/body;
	proxy_temp_path $TMP/nginx-tmp/proxy;
	fastcgi_temp_path $TMP/nginx-tmp/fastcgi;
	uwsgi_temp_path $TMP/nginx-tmp/uwsgi;
	scgi_temp_path $TMP/nginx-tmp/scgi;
	types {}
	server {
		listen 127.0.0.1:$NGINX_PORT;
		root $WWW;
		index index.html;
EOF
	for t in $TARGETS; do
		printf '\t\tlocation = %s {\n\t\t\tdefault_type "%s";\n' "$(file_of $t)" "$(cat "$TMP/$t.ctype")"
		# parallax's other headers, as nginx would be told to add them
		# (those nginx writes itself left out; none holds a $ or a ")
		tr -d '\r' <"$TMP/$t.px-headers" | sed 1d |
			grep -viE '^(date|server|connection|keep-alive|content-type|content-length|transfer-encoding|etag|last-modified|accept-ranges):' |
			grep -v '[$"]' | grep ':' |
			sed 's/^\([^:]*\): *\(.*\)$/\t\t\tadd_header \1 "\2";/'
		printf '\t\t}\n'
	done
	printf '\t}\n}\n'
} >"$TMP/nginx.conf"
mkdir -p "$TMP/nginx-tmp"
NGINX_URL=http://127.0.0.1:$NGINX_PORT
"$NGINX" -c "$TMP/nginx.conf" -p "$TMP/" -e "$TMP/nginx-error.log" -g 'daemon off;' \
	>"$TMP/nginx.out" 2>&1 &
NGINX_PID=$!
if ! wait_up "$NGINX_PID" "$NGINX_URL/"; then
	cat "$TMP/nginx.out" "$TMP/nginx-error.log" 2>/dev/null
	echo "nginx did not answer 200 on $NGINX_URL/ (config: $TMP/nginx.conf)"
	exit 1
fi
for t in $TARGETS; do
	curl -s -o "$TMP/$t.nginx-body" -w '%{content_type}\n' "$NGINX_URL$(path_of $t)" >"$TMP/$t.nginx-ctype"
	if ! cmp -s "$TMP/$t.nginx-body" "$WWW$(file_of $t)" || ! cmp -s "$TMP/$t.nginx-ctype" "$TMP/$t.ctype"; then
		echo "nginx does not serve parallax's bytes for $(path_of $t): $(cat "$TMP/$t.nginx-ctype") vs $(cat "$TMP/$t.ctype")"
		exit 1
	fi
done

# The machine, the versions, what is served.
MEM=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
MODEL=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
echo "machine: $NCPU cores ($(nproc --all) online), $MODEL, $MEM RAM, $(uname -sr); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "load before: $(uptime | sed 's/^ *//')"
awk -v n="$NCPU" '$1 > n / 4 { printf "note: the 1-minute load average (%s) is above a quarter of the cores: other work shares the machine, the figures will scatter\n", $1 }' /proc/loadavg
if [ -n "$PARALLAX" ]; then
	SOURCE="the binary $PX (PARALLAX)"
else
	# the source it was built from: the commit, and the files that differ
	# from it (others may be editing the tree)
	DIRTY=$(git status --porcelain -- src include Makefile 2>/dev/null | awk '{print $2}' | tr '\n' ' ' | sed 's/ $//')
	SOURCE="commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)${DIRTY:+ plus uncommitted changes in $DIRTY}"
fi
echo "parallax: $("$PX" --version 2>/dev/null | head -1), $SOURCE;" \
	"serve --threads ${PX_THREADS:-default} --rate 0 --access-log FILE"
echo "nginx: $("$NGINX" -v 2>&1 | sed 's/^nginx version: //'), worker_processes $NCPU ($TMP/nginx.conf)"
echo "wrk: $(wrk -v 2>&1 | head -1 | sed 's/ *Copyright.*//'); wrk -t$WRK_THREADS -c$CONNS -d$DURATION --latency${CLOSE:+ -H 'Connection: close'} URL," \
	"warm-up -d$WARMUP discarded, $ROUNDS rounds"
echo "data: the demo corpus (make demo's store); $STORY_DESC"
for t in $TARGETS; do
	for s in parallax nginx; do
		if [ $s = parallax ]; then u=$PX_URL; else u=$NGINX_URL; fi
		curl -s -o /dev/null -w "%{size_header} %{size_download}\n" "$u$(path_of $t)"
	done | awk -v t="$t" -v p="$(path_of $t)" -v ct="$(cat "$TMP/$t.ctype")" '
		NR == 1 { h = $1; b = $2 } NR == 2 { nh = $1; nb = $2 }
		END { printf "  %-5s GET %-22s %s: body %d bytes (identical); headers: parallax %d, nginx %d bytes\n",
		      t, p, ct, b, h, nh }'
done
echo

# The CPU time (user + system, clock ticks) the server has used so far:
# parallax's process (all its threads), nginx's workers.
HZ=$(getconf CLK_TCK)
cpu_ticks() {
	if [ "$1" = parallax ]; then cat "/proc/$PX_PID/stat"; else for w in $(pgrep -P "$NGINX_PID"); do cat "/proc/$w/stat"; done; fi |
		awk '{ t += $14 + $15; u += $14 } END { print t + 0, u + 0 }'
}
# Other work on the machine while wrk ran: user CPU time of the whole
# machine (/proc/stat) less the server's and wrk's own (the shell's
# children's time, from `times`), as a share of all cores' time.  Kernel
# time is left out: the loopback traffic's softirq work is charged to no
# process.  Above a few percent, the round was disturbed.
machine_user() { awk '/^cpu / { print $2 + $3 }' /proc/stat; }
# (`times` in this shell, not in a $(...) subshell, whose children are
# its own; wrk is this shell's child)
children_user() { awk 'NR == 2 { split($1, a, /[ms]/); printf "%.0f\n", (a[1] * 60 + a[2]) * '"$HZ"' }' "$TMP/times"; }

# One wrk run; its figures as a line of $OUT/rounds.tsv:
# system target round requests/s p50_ms p99_ms requests non2xx3xx socket_errors logged cpu_us_per_request others_cpu_percent
measure() { # SYSTEM TARGET ROUND DURATION
	if [ "$1" = parallax ]; then u=$PX_URL pid=$PX_PID log=$TMP/parallax-access.log
	else u=$NGINX_URL pid=$NGINX_PID log=$TMP/nginx-access.log; fi
	f=$OUT/$1-$2-$3.txt
	times >"$TMP/times"
	set -- "$@" $(cpu_ticks "$1") $(machine_user) $(children_user) $(date +%s.%N)
	if [ -n "$CLOSE" ]; then
		wrk -t"$WRK_THREADS" -c"$CONNS" -d"$4" --latency -H 'Connection: close' "$u$(path_of $2)" >"$f" 2>&1 || true
	else
		wrk -t"$WRK_THREADS" -c"$CONNS" -d"$4" --latency "$u$(path_of $2)" >"$f" 2>&1 || true
	fi
	times >"$TMP/times"
	others=$(echo "$5 $6 $7 $8 $9 $(cpu_ticks "$1") $(machine_user) $(children_user) $(date +%s.%N)" |
		awk -v hz="$HZ" -v n="$NCPU" '{ o = ($8 - $3) - ($7 - $2) - ($9 - $4); t = ($10 - $5) * hz * n
			printf "%.1f", (t > 0 && o > 0) ? 100 * o / t : 0 }')
	c0=$5
	if ! kill -0 "$pid" 2>/dev/null; then
		cat "$f"
		[ "$1" = parallax ] && tail -20 "$TMP/parallax.err"
		echo "$1 exited during the $2 run of round $3"
		exit 1
	fi
	c1=$(cpu_ticks "$1" | cut -d' ' -f1)
	sleep 0.3 # parallax flushes its access log every 100 ms
	logged=$(wc -l <"$log")
	: >"$log"
	[ "$3" = warmup ] && return 0
	awk -v sys="$1" -v t="$2" -v r="$3" -v logged="$logged" -v cpu="$((c1 - c0))" -v hz="$HZ" -v others="$others" '
		function ms(v) {
			if (v ~ /us$/) return v * 0.001
			if (v ~ /ms$/) return v + 0
			if (v ~ /s$/) return v * 1000
			if (v ~ /m$/) return v * 60000
			return v + 0
		}
		/^Requests\/sec:/ { rps = $2 }
		/^ +50% / { p50 = ms($2) }
		/^ +99% / { p99 = ms($2) }
		/ requests in / { n = $1 }
		/Non-2xx or 3xx responses:/ { bad = $NF }
		/Socket errors:/ { gsub(/,/, ""); err = $4 + $6 + $8 + $10 }
		END {
			if (rps == "") { print "no figures in wrk output" > "/dev/stderr"; exit 1 }
			printf "%s\t%s\t%s\t%.1f\t%.3f\t%.3f\t%d\t%d\t%d\t%d\t%.1f\t%s\n", sys, t, r, rps, p50, p99, n, bad, err, logged,
			       n ? cpu * 1e6 / hz / n : 0, others
		}' "$f" >>"$OUT/rounds.tsv" || { cat "$f"; exit 1; }
}

for s in nginx parallax; do
	for t in $TARGETS; do measure $s $t warmup "$WARMUP"; done
done
r=1
while [ "$r" -le "$ROUNDS" ]; do
	if [ $((r % 2)) -eq 1 ]; then order="nginx parallax"; else order="parallax nginx"; fi
	for s in $order; do
		for t in $TARGETS; do measure $s $t $r "$DURATION"; done
	done
	r=$((r + 1))
done
echo "load after: $(uptime | sed 's/^ *//')"
echo

echo "every round (requests: completed in the run; logged: access-log lines written meanwhile;"
echo "cpu: the server's CPU time, user + system, over the run per completed request;"
echo "others: user CPU time of other processes meanwhile, % of all cores):"
awk -F'\t' 'BEGIN { printf "  %-8s %-5s %5s %12s %9s %9s %9s %8s %8s %9s %11s %7s\n", "system", "target", "round",
		"requests/s", "p50 ms", "p99 ms", "requests", "non-2xx", "sockerr", "logged", "cpu us/req", "others" }
	{ printf "  %-8s %-5s %5s %12.1f %9.3f %9.3f %9d %8d %8d %9d %11.1f %6s%%\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 }' \
	"$OUT/rounds.tsv"
echo

echo "== median of $ROUNDS rounds: wrk -t$WRK_THREADS -c$CONNS -d$DURATION --latency${CLOSE:+ -H 'Connection: close'}, same machine, one server loaded at a time"
sort -t"$(printf '\t')" -k1,1 -k2,2 -k4,4n "$OUT/rounds.tsv" | awk -F'\t' -v targets="$TARGETS" '
	function med(a, k,   n, i, j, tmp) {
		n = cnt[k]
		for (i = 1; i <= n; i++) v[i] = a[k, i]
		for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { tmp = v[j]; v[j] = v[j - 1]; v[j - 1] = tmp }
		return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
	}
	{ k = $1 SUBSEP $2; i = ++cnt[k]; rps[k, i] = $4; p50[k, i] = $5; p99[k, i] = $6; cpu[k, i] = $11; if ($12 + 0 > oth[k]) oth[k] = $12 + 0; bad[k] += $8; err[k] += $9 }
	END {
		nt = split(targets, T, " ")
		printf "| system | target | requests/s | p50 | p99 | %% of nginx req/s | p99 / nginx p99 | server CPU per request | non-2xx/3xx, socket errors (all rounds) | others'"'"' CPU (most in a round) |\n"
		printf "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |\n"
		for (i = 1; i <= nt; i++) {
			t = T[i]; kn = "nginx" SUBSEP t; kp = "parallax" SUBSEP t
			nr = med(rps, kn); n99 = med(p99, kn)
			printf "| nginx | %s | %.0f | %.2f ms | %.2f ms | 100%% | 1.00 | %.0f us | %d, %d | %.1f%% |\n", t, nr, med(p50, kn), n99, med(cpu, kn), bad[kn], err[kn], oth[kn]
			pr = med(rps, kp); p = med(p99, kp)
			printf "| **parallax** | %s | %.0f | %.2f ms | %.2f ms | **%.0f%%** | **%.2f** | %.0f us | %d, %d | %.1f%% |\n", t, pr, med(p50, kp), p,
			       nr ? 100 * pr / nr : 0, n99 ? p / n99 : 0, med(cpu, kp), bad[kp], err[kp], oth[kp]
			verdict = verdict sprintf("  %-5s requests/s %.0f%% of nginx (goal >= 75%%: %s), p99 %.2fx nginx'"'"'s (goal <= 2x: %s)\n",
			       t, nr ? 100 * pr / nr : 0, pr >= 0.75 * nr ? "met" : "NOT met", n99 ? p / n99 : 0, p <= 2 * n99 ? "met" : "NOT met")
		}
		printf "\ngoal:\n%s", verdict
	}'
echo

echo "conditional requests to parallax (validators from its 200s):"
for t in $TARGETS; do
	p=$(path_of $t)
	etag=$(tr -d '\r' <"$TMP/$t.px-headers" | sed -n 's/^[Ee][Tt]ag: *//p')
	lm=$(tr -d '\r' <"$TMP/$t.px-headers" | sed -n 's/^[Ll]ast-[Mm]odified: *//p')
	if [ -n "$etag" ]; then
		echo "  GET $p If-None-Match: $etag -> $(curl -s -o /dev/null -w '%{http_code}, %{size_download} body bytes' -H "If-None-Match: $etag" "$PX_URL$p")"
	else
		echo "  GET $p: no ETag in parallax's 200"
	fi
	if [ -n "$lm" ]; then
		echo "  GET $p If-Modified-Since: $lm -> $(curl -s -o /dev/null -w '%{http_code}, %{size_download} body bytes' -H "If-Modified-Since: $lm" "$PX_URL$p")"
	else
		echo "  GET $p: no Last-Modified in parallax's 200"
	fi
done
echo

hwm() { awk '/^VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"; }
echo "peak RSS (VmHWM) after the run: parallax $(hwm "$PX_PID") MiB;" \
	"nginx master $(hwm "$NGINX_PID") MiB, workers $(for w in $(pgrep -P "$NGINX_PID"); do printf '%s ' "$(hwm "$w")"; done | sed 's/ $//; s/ / + /g') MiB"
for s in parallax nginx; do
	if [ $s = parallax ]; then f=$TMP/parallax.err; else f=$TMP/nginx-error.log; fi
	if [ -s "$f" ]; then
		echo "$s standard error / error log ($(wc -l <"$f") lines; the last 10):"
		tail -10 "$f" | sed 's/^/  /'
	else
		echo "$s standard error / error log: empty"
	fi
done
