#!/usr/bin/env bash
# Mutation testing with PIT: how many planted bugs (mutants) in dsbench's own code do its tests catch?
#
#   ./scripts/mutation.sh              # both targets below (slow: tens of minutes on 2 cores)
#   ./scripts/mutation.sh patterns     # core's io.dsbench.patterns.*, killed by core's unit tests and the kit on inmemory
#   ./scripts/mutation.sh checker      # the linearizability module (checker, models, formats), by its own tests
#
# Not part of the test command. Reports: target/pit/<target>/index.html; a per-package score table is printed.
# PIT mutates the classes in --mutableCodePaths only; the kit's tests live in impl-inmemory while the patterns live
# in core, so PIT's command line is used (its Maven plugin mutates a module's own classes only).
# Narrow the mutated classes with PIT_CLASSES (e.g. PIT_CLASSES='io.dsbench.patterns.saga.*'); extra PIT flags via PIT_ARGS.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
what="${1:-all}"
case "$what" in patterns|checker|all) ;; *) echo "mutation.sh: unknown target '$what' (patterns, checker or all)" >&2; exit 2;; esac
threads="${PIT_THREADS:-2}"

echo "mutation.sh: compiling and resolving class paths ..." >&2
mvn -B -ntp -q -Pmutation -DskipTests -pl impl-inmemory,linearizability -am test-compile \
    dependency:build-classpath -Dmdep.outputFile=target/mutation.cp -Dmdep.includeScope=test

run_pit() { # name, class path, mutable code path, source dir, target classes, target tests, excluded tests
    local name="$1" cp="$2" mutable="$3" src="$4" classes="$5" tests="$6" excluded="$7"
    local out="target/pit/$name"
    rm -rf "$out"; mkdir -p target/pit
    echo "mutation.sh: PIT on $classes (tests $tests) ..." >&2
    # shellcheck disable=SC2086
    java -cp "$cp" org.pitest.mutationtest.commandline.MutationCoverageReport \
        --reportDir "$out" --targetClasses "$classes" --targetTests "$tests" --excludedTestClasses "$excluded" \
        --mutableCodePaths "$mutable" --sourceDirs "$src" --threads "$threads" --outputFormats HTML,CSV \
        --timestampedReports=false --timeoutConst 8000 ${PIT_ARGS:-} >"$out.log" 2>&1 \
        || { echo "mutation.sh: PIT failed; the last lines of $out.log:" >&2; tail -n 30 "$out.log" >&2; exit 1; }
    summarize "$out/mutations.csv" "$name"
}

summarize() { # PIT's CSV: file,class,mutator,method,line,status,killing test
    awk -F, -v name="$2" '
        { pkg = $2; sub(/\.[^.]*$/, "", pkg); sub(/\$.*/, "", pkg); total[pkg]++; all++
          if ($6 == "KILLED" || $6 == "TIMED_OUT" || $6 == "MEMORY_ERROR") { killed[pkg]++; k++ }
          if ($6 == "NO_COVERAGE") { nocov[pkg]++; n++ } }
        END {
          printf "\n%s: mutation score per package (killed incl. timed out / all mutants; no coverage counts as survived)\n", name
          printf "%-45s %8s %8s %8s %7s\n", "package", "mutants", "killed", "no-cov", "score"
          for (p in total) printf "%-45s %8d %8d %8d %6.1f%%\n", p, total[p], killed[p], nocov[p], 100 * killed[p] / total[p] | "sort"
          close("sort")
          printf "%-45s %8d %8d %8d %6.1f%%\n", "all", all, k, n, (all ? 100 * k / all : 0)
        }' "$1"
}

if [ "$what" = patterns ] || [ "$what" = all ]; then
    cp="$root/impl-inmemory/target/test-classes:$root/impl-inmemory/target/classes:$root/core/target/test-classes:$root/core/target/classes:$(cat impl-inmemory/target/mutation.cp)"
    run_pit patterns "$cp" "$root/core/target/classes" "$root/core/src/main/java" "${PIT_CLASSES:-io.dsbench.patterns.*}" \
        'io.dsbench.inmemory.*,io.dsbench.patterns.*' 'io.dsbench.inmemory.lincheck.*'
fi
if [ "$what" = checker ] || [ "$what" = all ]; then
    cp="$root/linearizability/target/test-classes:$root/linearizability/target/classes:$(cat linearizability/target/mutation.cp)"
    run_pit checker "$cp" "$root/linearizability/target/classes" "$root/linearizability/src/main/java" "${PIT_CLASSES:-io.dsbench.lin.*}" \
        'io.dsbench.lin.*' 'io.dsbench.lin.external.*'
fi
