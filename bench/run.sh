#!/usr/bin/env bash
# Runs a benchmark and prints the figures; all but parse-cost run against a real Kafka broker and
# ClickHouse server that it starts on their own ports (28123, 29092). The README's "Benchmarks"
# section lists what this machine measured.
#
#   ./bench/run.sh throughput [RECORDS] [P,...]  # metrics job: events/s over RECORDS (1,000,000)
#                                                # of test traffic, at each parallelism P (2)
#   ./bench/run.sh backlog [RECORDS] [P,...]     # the same over a backlog the generator wrote to a
#                                                # 2-partition topic (2,000,000; parallelism 1,2)
#   ./bench/run.sh alert-latency [WINDOWS]       # window end to Telegram message, over WINDOWS (40)
#   ./bench/run.sh parse-cost [RECORDS]          # CPU time to parse one record, per kind of record
#                                                # in RECORDS (4,000) of test traffic; no services
set -euo pipefail
# shellcheck source=local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../local/lib.sh"

mode="${1:-}"
services=true
case "$mode" in
    throughput | backlog) main=com.shoppulse.it.MetricsThroughputBenchmark ;;
    alert-latency) main=com.shoppulse.it.AlertLatencyBenchmark ;;
    parse-cost) main=com.shoppulse.it.ParseCostBenchmark services=false ;;
    *) sp_die "usage: ./bench/run.sh throughput [RECORDS] [P,...] | backlog [RECORDS] [P,...] |" \
        "alert-latency [WINDOWS] | parse-cost [RECORDS]" ;;
esac
shift

BENCH_CLICKHOUSE_PORT="${BENCH_CLICKHOUSE_PORT:-28123}"
BENCH_KAFKA_PORT="${BENCH_KAFKA_PORT:-29092}"
BENCH_KAFKA_CONTROLLER_PORT="${BENCH_KAFKA_CONTROLLER_PORT:-29093}"

sp_init bench
if $services; then
    sp_check_prereqs
    sp_stop_leftovers
    sp_check_ports \
        "$BENCH_CLICKHOUSE_PORT|ClickHouse HTTP for benchmarks|BENCH_CLICKHOUSE_PORT" \
        "$BENCH_KAFKA_PORT|Kafka broker for benchmarks|BENCH_KAFKA_PORT" \
        "$BENCH_KAFKA_CONTROLLER_PORT|Kafka controller for benchmarks|BENCH_KAFKA_CONTROLLER_PORT"
else
    sp_require_tools java mvn
fi

sp_log "building (mvn -B -q -DskipTests install -pl jobs,generator -am)"
(cd "$SP_ROOT" && mvn -B -q -DskipTests install -pl jobs,generator -am) ||
    sp_die "the build failed (output above)"
classpath="$SP_RUN/classpath.txt"
(cd "$SP_ROOT" && mvn -B -q -pl jobs dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$classpath") || sp_die "could not resolve the benchmark's classpath"

if $services; then
    sp_fetch_runtimes
    rm -rf "$SP_RUN/clickhouse" "$SP_RUN/kafka"
    sp_install_traps
    SP_KAFKA_BOOTSTRAP="127.0.0.1:$BENCH_KAFKA_PORT"
    sp_start_clickhouse "$BENCH_CLICKHOUSE_PORT"
    sp_prepare_kafka "$BENCH_KAFKA_PORT" "$BENCH_KAFKA_CONTROLLER_PORT"
    sp_start_kafka
    sp_wait_clickhouse
    sp_wait_kafka
    export SHOPPULSE_IT_KAFKA="$SP_KAFKA_BOOTSTRAP" SHOPPULSE_IT_CLICKHOUSE_URL="$SP_CLICKHOUSE_URL"
fi

run_java() {
    java -Xmx3g ${BENCH_JAVA_OPTS:-} -cp "$1" "${@:2}" 2> >(grep -vE '^(SLF4J|WARNING)' >&2)
}
jobs_classpath="$SP_ROOT/jobs/target/test-classes:$SP_ROOT/jobs/target/classes:$(cat "$classpath")"

if [[ "$mode" == backlog ]]; then
    records="${1:-2000000}"
    topic="backlog_$(date +%s)"
    sp_create_topic "$topic" 2
    # 3.65 simulated days of a shop with about 120,000 users a day. The generator's
    # own job, on a local Flink, writes it as fast as its pacing allows (8640x: ~40 s).
    sp_log "the generator writes $records records to $topic"
    run_java "$SP_ROOT/generator/target/shop-pulse-generator.jar:$jobs_classpath" \
        com.shoppulse.generator.GeneratorJob --bootstrap-servers "$SP_KAFKA_BOOTSTRAP" \
        --topic "$topic" --seed 7 --speed-up 8640 --rate 66700 --max-events "$records" \
        --start 2025-06-02T00:00:00Z >"$SP_RUN/generator.log" 2>&1 ||
        sp_die "the generator failed; see ${SP_RUN#"$SP_ROOT"/}/generator.log"
    run_java "$jobs_classpath" "$main" --topic "$topic" "${2:-1,2}"
else
    run_java "$jobs_classpath" "$main" "$@"
fi
