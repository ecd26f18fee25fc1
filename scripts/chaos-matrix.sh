#!/bin/sh
# The chaos matrix: every backend with the workloads and nemeses that fit it (README, "Chaos").
# Not part of the test command (mvn verify runs the 20 s smoke runs in chaos/ChaosSmokeIT). Run it as root for
# etcd partitions in network namespaces. Exit 0 when every outcome matched its declared expectation.
# Usage: scripts/chaos-matrix.sh [--time 60s] [--seed S]   (extra flags go to every run)
set -u
cd "$(dirname "$0")/.."
rc=0
run() {
  echo "+ ./dsbench chaos $*"
  ./dsbench chaos "$@" || rc=1
}
run --backend etcd --workload register --nemesis kill,pause,partition "$@"
run --backend etcd --workload register,idempotency --nemesis packet,clock "$@"
run --backend redis --workload register,set --nemesis pause,partition,packet "$@"
run --backend redis-sentinel --workload set --nemesis partition "$@"
run --backend redis-sentinel --workload register --nemesis kill "$@"
run --backend redis --workload lock,lock-fenced --nemesis pause "$@"
run --backend etcd --workload lock,lock-fenced --nemesis pause,clock "$@"
run --backend etcd --workload registry,saga,2pc --nemesis kill,pause,partition --rate 50 "$@"
run --backend redis --workload registry,saga,2pc --nemesis pause "$@"
if [ "$(id -u)" = 0 ] && command -v nft >/dev/null 2>&1; then   # the majorities ring needs network namespaces
  run --backend etcd --members 5 --target ring --workload register --nemesis partition "$@"
else
  echo "skipped: --target ring (needs root and nft)"
fi
run --backend etcd --reads serializable --workload register --nemesis partition "$@"
run --backend inmemory --workload register,set,lock,lock-fenced,idempotency,registry,saga,2pc --nemesis kill,pause,clock "$@"
exit $rc
