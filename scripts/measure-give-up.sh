#!/usr/bin/env bash
# Measures how long `dsbench run` goes on after its external server is killed (issue 11 item 1).
# Usage: scripts/measure-give-up.sh redis|etcd [seconds-before-kill, default 25] [extra dsbench run flags ...]
# Starts the server on a free loopback port (its own temp dir), runs ./dsbench against it, kill -9s the server
# after the given time, and prints the seconds from the kill to the end of the run. Stops only what it started.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
backend="${1:?usage: $0 redis|etcd [seconds-before-kill] [dsbench run flags...]}"
wait_s="${2:-25}"
shift $(( $# >= 2 ? 2 : 1 ))
tmp="$(mktemp -d)"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
p="$(port)"
case "$backend" in
  redis)
    redis-server --port "$p" --bind 127.0.0.1 --save '' --appendonly no --dir "$tmp" >"$tmp/server.log" 2>&1 &
    endpoint="redis://127.0.0.1:$p" ;;
  etcd)
    q="$(port)"
    etcd --data-dir "$tmp/etcd" --listen-client-urls "http://127.0.0.1:$p" --advertise-client-urls "http://127.0.0.1:$p" \
      --listen-peer-urls "http://127.0.0.1:$q" --initial-advertise-peer-urls "http://127.0.0.1:$q" \
      --initial-cluster "default=http://127.0.0.1:$q" >"$tmp/server.log" 2>&1 &
    endpoint="http://127.0.0.1:$p" ;;
  *) echo "measure-give-up: backend must be redis or etcd, not '$backend'" >&2; exit 2 ;;
esac
server=$!
trap 'kill -9 "$server" 2>/dev/null || true; rm -rf "$tmp"' EXIT
sleep 2
"$root/dsbench" run -b "$backend" --endpoint "$endpoint" --out "$tmp/results" "$@" >"$tmp/run.log" 2>&1 &
run=$!
sleep "$wait_s"
kill -9 "$server"
t0=$(date +%s.%N)
set +e
wait "$run"
code=$?
set -e
t1=$(date +%s.%N)
grep -m1 "is unreachable" "$tmp/run.log" || true
echo "$backend: exit $code, the run ended $(echo "$t1 - $t0" | bc) s after kill -9 of the server"
