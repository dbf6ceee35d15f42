#!/usr/bin/env bash
# Runs a benchmark against a real Kafka broker and ClickHouse server that it starts on their own
# ports (28123, 29092), and prints the figures. The README's "Benchmarks" section lists what this
# machine measured.
#
#   ./bench/run.sh throughput [RECORDS]     # metrics job: events/s over RECORDS (1,000,000)
#   ./bench/run.sh alert-latency [WINDOWS]  # window end to Telegram message, over WINDOWS (40)
set -euo pipefail
# shellcheck source=local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../local/lib.sh"

case "${1:-}" in
    throughput) main=com.shoppulse.it.MetricsThroughputBenchmark ;;
    alert-latency) main=com.shoppulse.it.AlertLatencyBenchmark ;;
    *) sp_die "usage: ./bench/run.sh throughput [RECORDS] | alert-latency [WINDOWS]" ;;
esac
shift

BENCH_CLICKHOUSE_PORT="${BENCH_CLICKHOUSE_PORT:-28123}"
BENCH_KAFKA_PORT="${BENCH_KAFKA_PORT:-29092}"
BENCH_KAFKA_CONTROLLER_PORT="${BENCH_KAFKA_CONTROLLER_PORT:-29093}"

sp_init bench
sp_check_prereqs
sp_stop_leftovers
sp_check_ports \
    "$BENCH_CLICKHOUSE_PORT|ClickHouse HTTP for benchmarks|BENCH_CLICKHOUSE_PORT" \
    "$BENCH_KAFKA_PORT|Kafka broker for benchmarks|BENCH_KAFKA_PORT" \
    "$BENCH_KAFKA_CONTROLLER_PORT|Kafka controller for benchmarks|BENCH_KAFKA_CONTROLLER_PORT"

sp_log "building (mvn -B -q -DskipTests install -pl jobs -am)"
(cd "$SP_ROOT" && mvn -B -q -DskipTests install -pl jobs -am) || sp_die "the build failed (output above)"
classpath="$SP_RUN/classpath.txt"
(cd "$SP_ROOT" && mvn -B -q -pl jobs dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$classpath") || sp_die "could not resolve the benchmark's classpath"
sp_fetch_runtimes

rm -rf "$SP_RUN/clickhouse" "$SP_RUN/kafka"
sp_install_traps
SP_KAFKA_BOOTSTRAP="127.0.0.1:$BENCH_KAFKA_PORT"
sp_start_clickhouse "$BENCH_CLICKHOUSE_PORT"
sp_prepare_kafka "$BENCH_KAFKA_PORT" "$BENCH_KAFKA_CONTROLLER_PORT"
sp_start_kafka
sp_wait_clickhouse
sp_wait_kafka

SHOPPULSE_IT_KAFKA="$SP_KAFKA_BOOTSTRAP" SHOPPULSE_IT_CLICKHOUSE_URL="$SP_CLICKHOUSE_URL" \
    java -Xmx3g ${BENCH_JAVA_OPTS:-} -cp "$SP_ROOT/jobs/target/test-classes:$SP_ROOT/jobs/target/classes:$(cat "$classpath")" \
    "$main" "$@" 2> >(grep -vE '^(SLF4J|WARNING)' >&2)
