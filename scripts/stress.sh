#!/usr/bin/env bash
# The whole test suite on a busy machine: two CPU hogs (stress-ng, Debian package stress-ng) keep both cores of
# a 2-core machine busy for as long as ./scripts/test.sh runs, then are stopped by PID. Extra arguments go to
# test.sh (and so to Maven), e.g. -pl impl-redis -am. Exit code: test.sh's.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
hogs="${DSBENCH_STRESS_CPUS:-2}"
if ! command -v stress-ng >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "stress.sh: installing stress-ng with apt-get ..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends stress-ng
  else
    echo "stress.sh: stress-ng is missing; install it first, e.g.: sudo apt-get install -y stress-ng" >&2
    exit 2
  fi
fi
# bounded: the hogs stop on their own after 2 hours even if this script is killed
stress-ng --cpu "$hogs" --timeout 7200s --quiet &
hog=$!
trap 'kill "$hog" 2>/dev/null || true; wait "$hog" 2>/dev/null || true' EXIT
echo "stress.sh: stress-ng --cpu $hogs running as pid $hog while the tests run"
start=$(date +%s)
set +e
"$root/scripts/test.sh" "$@"
rc=$?
set -e
echo "stress.sh: test.sh exited $rc after $(( $(date +%s) - start )) s under stress-ng --cpu $hogs"
exit $rc
