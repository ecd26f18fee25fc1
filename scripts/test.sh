#!/usr/bin/env bash
# The tests: sets up what they need on a fresh Debian machine (redis-server, etcd, chromium), then runs `mvn verify`.
# As root, missing servers are installed with apt-get; otherwise this fails naming what to install.
# Extra arguments go to Maven (e.g. -pl core -am, or -Dit.test=RedisKeyValueIT).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

missing=()
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
{ command -v redis-server >/dev/null 2>&1 || [ -n "${DSBENCH_REDIS_SERVER:-}" ]; } || missing+=(redis-server)
{ command -v etcd >/dev/null 2>&1 || [ -n "${DSBENCH_ETCD:-}" ]; } || missing+=(etcd-server)
command -v etcdctl >/dev/null 2>&1 || missing+=(etcd-client)
command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
# the report's browser test (reports/ReportInBrowserIT): Debian's chromium, driven through its chromedriver
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
# partitions between etcd members (chaos --nemesis partition, tradeoffs' consistency experiment) put each member in a
# network namespace with nftables rules; only root can, so only root installs them (others get the documented fallback)
if [ "$(id -u)" = "0" ]; then
  [ -x /usr/sbin/nft ] || missing+=(nftables)
  { [ -x /usr/sbin/ip ] || [ -x /sbin/ip ]; } || missing+=(iproute2)
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${missing[*]} with apt-get ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "test.sh: missing ${missing[*]}; install them first, e.g.: sudo apt-get install -y ${missing[*]}" >&2
    echo "         (or point DSBENCH_REDIS_SERVER / DSBENCH_ETCD at the binaries)" >&2
    exit 2
  fi
fi

echo "test.sh: $(java -version 2>&1 | head -n 1); $(mvn -v 2>/dev/null | head -n 1)"
echo "test.sh: redis-server $(redis-server --version 2>/dev/null | sed -n 's/.*v=\([^ ]*\).*/\1/p'); $(etcd --version 2>/dev/null | head -n 1)"
exec mvn -B -ntp verify "$@"
