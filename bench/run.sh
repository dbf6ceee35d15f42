#!/usr/bin/env bash
# Runs a benchmark and prints the figures; all but parse-cost and cleanup run against a real Kafka
# broker and ClickHouse server that it starts on their own ports (28123, 29092). The README's "Benchmarks"
# section lists what this machine measured.
#
#   ./bench/run.sh throughput [RECORDS] [P,...]  # metrics job: events/s over RECORDS (1,000,000)
#                                                # of test traffic, at each parallelism P (2)
#   ./bench/run.sh backlog [RECORDS] [P,...] [SPEED-UP]
#                                                # the same over a backlog the generator wrote to a
#                                                # 2-partition topic (2,000,000; parallelism 1,2)
#                                                # at SPEED-UP simulated seconds a second (8640:
#                                                # 3.65 days; 3.3: 4 minutes of 1.1 million users)
#   ./bench/run.sh compare [RECORDS [SPEED-UP]]  # over one such backlog (2,000,000; 8640): the metrics
#                                                # job at parallelism 1 and 2 (the local stack's
#                                                # options; at 2 also without events_raw) against
#                                                # a bare Kafka consumer, the
#                                                # consumer with the job's parser, the hourly KPIs
#                                                # in Flink SQL and in ClickHouse's Kafka engine,
#                                                # and all the job's KPIs in Flink SQL; then the
#                                                # consumer, the hourly Flink SQL and the job at 2
#                                                # again, each measured in a second run in its JVM:
#                                                # events/s, CPU time of the JVM, ClickHouse and
#                                                # Kafka, peak RSS, rows written, ratios
#   ./bench/run.sh alert-latency [WINDOWS] [OOO WM DIGEST [LOAD [USERS [WARM-UP [RAW [P/PARTS]]]]]]
#                                                # window end to Telegram message, over WINDOWS (40),
#                                                # with the events' out-of-orderness, the watermark
#                                                # interval and the digest delay (200ms each), under
#                                                # LOAD more events/s of live traffic (0) from USERS
#                                                # (LOAD / 40: crawlers, 40 views a second each),
#                                                # after WARM-UP windows of it (0) shown apart;
#                                                # RAW true also writes events_raw (false),
#                                                # the metrics job at parallelism P over PARTS
#                                                # partitions (1/2, the local stack's layout)
#   ./bench/run.sh users [USERS]                 # the metrics job at parallelism 2 (the local
#                                                # stack's options) over USERS (1,000,000) distinct
#                                                # users in one hour, on a standalone JobManager and
#                                                # TaskManager as the local stack runs them: the
#                                                # TaskManager's RSS, checkpoint durations and sizes,
#                                                # while reading and in the steady state after
#   ./bench/run.sh parse-cost [RECORDS]          # CPU time to parse one record, per kind of record
#                                                # in RECORDS (4,000) of test traffic; no services
#   ./bench/run.sh cleanup [USERS] [KEYS]        # how long the de-duplication's clean-ups of USERS
#                                                # (100,000) users of one hour, KEYS (3) views each,
#                                                # hold up the watermark as they expire, in steps
#                                                # of 5 s; on an operator harness, no services
# BENCH_FLINK_CONF="key=value key=value" adds Flink settings to the metrics job's runs (a state
# backend to compare, say; for users, to the cluster's flink-conf/config.yaml, the TaskManager's
# memory included); BENCH_JAVA_OPTS adds JVM options to every benchmark JVM.
set -euo pipefail
# shellcheck source=local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../local/lib.sh"

mode="${1:-}"
services=true
case "$mode" in
    throughput | backlog) main=com.shoppulse.it.MetricsThroughputBenchmark ;;
    compare) main=com.shoppulse.it.CompareBenchmark ;;
    alert-latency) main=com.shoppulse.it.AlertLatencyBenchmark ;;
    users) main=com.shoppulse.it.StateSizeBenchmark ;;
    parse-cost) main=com.shoppulse.it.ParseCostBenchmark services=false ;;
    cleanup) main=com.shoppulse.it.CleanupBenchmark services=false ;;
    *) sp_die "usage: ./bench/run.sh throughput [RECORDS] [P,...] | backlog [RECORDS] [P,...] [SPEED-UP] |" \
        "compare [RECORDS [SPEED-UP]] | alert-latency [WINDOWS] [OOO WM DIGEST [LOAD [USERS [WARM-UP [RAW [P/PARTS]]]]]] |" \
        "users [USERS] | parse-cost [RECORDS] | cleanup [USERS] [KEYS]" ;;
esac
shift

BENCH_CLICKHOUSE_PORT="${BENCH_CLICKHOUSE_PORT:-28123}"
BENCH_KAFKA_PORT="${BENCH_KAFKA_PORT:-29092}"
BENCH_KAFKA_CONTROLLER_PORT="${BENCH_KAFKA_CONTROLLER_PORT:-29093}"
BENCH_FLINK_PORT="${BENCH_FLINK_PORT:-28081}"
BENCH_FLINK_RPC_PORT="${BENCH_FLINK_RPC_PORT:-26123}"
BENCH_ZOOKEEPER_PORT="${BENCH_ZOOKEEPER_PORT:-22181}"

sp_init bench
if $services; then
    sp_check_prereqs
    sp_stop_leftovers
    sp_check_ports \
        "$BENCH_CLICKHOUSE_PORT|ClickHouse HTTP for benchmarks|BENCH_CLICKHOUSE_PORT" \
        "$BENCH_KAFKA_PORT|Kafka broker for benchmarks|BENCH_KAFKA_PORT" \
        "$BENCH_KAFKA_CONTROLLER_PORT|Kafka controller for benchmarks|BENCH_KAFKA_CONTROLLER_PORT"
    [[ "$mode" != users ]] || sp_check_ports \
        "$BENCH_FLINK_PORT|Flink REST for benchmarks|BENCH_FLINK_PORT" \
        "$BENCH_FLINK_RPC_PORT|Flink RPC for benchmarks|BENCH_FLINK_RPC_PORT" \
        "$BENCH_ZOOKEEPER_PORT|ZooKeeper for benchmarks|BENCH_ZOOKEEPER_PORT"
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
    # Whose CPU time the benchmarks count besides their own JVM's (CpuClock in jobs/src/test).
    BENCH_CLICKHOUSE_PID="$(sp_pid_of clickhouse)" BENCH_KAFKA_PID="$(sp_pid_of kafka)"
    export BENCH_CLICKHOUSE_PID BENCH_KAFKA_PID
fi

# Every system measured runs with the cluster's state backend as flink-conf/config.yaml ships it;
# BENCH_FLINK_CONF, which comes after, can change it.
shipped_state="$(grep -E '^(state\.backend\.[a-z.-]+|execution\.checkpointing\.incremental):' \
    "$SP_ROOT/flink-conf/config.yaml" | sed -E 's/:[[:space:]]*/=/' | tr '\n' ' ')"
export BENCH_FLINK_CONF="$shipped_state${BENCH_FLINK_CONF:-}"
sp_log "Flink settings of the systems measured: $BENCH_FLINK_CONF"

run_java() {
    java -Xmx3g ${BENCH_JAVA_OPTS:-} -cp "$1" "${@:2}" 2> >(grep -vE '^(SLF4J|WARNING)' >&2)
}
jobs_classpath="$SP_ROOT/jobs/target/test-classes:$SP_ROOT/jobs/target/classes:$(cat "$classpath")"

# write_backlog RECORDS [SPEED-UP]: a fresh 2-partition topic with RECORDS records of the
# generator; sets topic.
write_backlog() {
    topic="backlog_$(date +%s)"
    sp_create_topic "$topic" 2
    # 66,700 records a second, as fast as the generator's own job on a local Flink writes them. At
    # 8640x, 3.65 simulated days (at 2,000,000 records) of a shop with about 120,000 users a day.
    # Fewer simulated seconds a second make the shop as much larger, its users included: at 3.3x,
    # 2,000,000 records are the first 4 minutes of a shop 2,600 times that size, from 09:30 (when
    # it runs at its daily average), 1.1 million users with a view or two each as their sessions
    # start: traffic as dense in event time as a large shop's, where each window holds many events.
    local speed_up="${2:-8640}" start=2025-06-02T00:00:00Z
    [[ "$speed_up" == 8640 ]] || start=2025-06-02T09:30:00Z
    sp_log "the generator writes $1 records to $topic at ${speed_up}x"
    run_java "$SP_ROOT/generator/target/shop-pulse-generator.jar:$jobs_classpath" \
        com.shoppulse.generator.GeneratorJob --bootstrap-servers "$SP_KAFKA_BOOTSTRAP" \
        --events-topic "$topic" --seed 7 --speed-up "$speed_up" --rate 66700 --max-events "$1" \
        --start "$start" >"$SP_RUN/generator.log" 2>&1 ||
        sp_die "the generator failed; see ${SP_RUN#"$SP_ROOT"/}/generator.log"
}

if [[ "$mode" == backlog ]]; then
    write_backlog "${1:-2000000}" "${3:-8640}"
    run_java "$jobs_classpath" "$main" --topic "$topic" "${2:-1,2}"
elif [[ "$mode" == compare ]]; then
    write_backlog "${1:-2000000}" "${2:-8640}"
    # Each system in its own JVM, one after the other, so that a JVM's peak RSS is its system's.
    results="$SP_RUN/compare-results.tsv"
    rm -f "$results"
    # compare [warm] SYSTEM ARGUMENT...: one system in a JVM of its own; with warm, run twice in
    # it and measured the second time, as it goes once its JIT has compiled its code.
    compare() {
        local warm=()
        [[ "$1" != warm ]] || { warm=(warm); shift; }
        local what="$1"
        [[ "$1" != metrics-job ]] || what="metrics job at parallelism $2"
        sp_log "compare: $what${warm:+, second run in one JVM}"
        run_java "$jobs_classpath" "$main" "$results" "${warm[@]}" "$1" "$topic" "${@:2}" ||
            sp_die "compare: $1 failed (output above)"
    }
    compare consumer
    compare parser
    compare flink-sql "$SP_ROOT/bench/flink-sql-peer.sql" "1 h, overall and city"
    # The job's own amount of work (all its windows, dimensions and KPIs) in Flink SQL.
    compare flink-sql "$SP_ROOT/bench/flink-sql-same-work-peer.sql" "1 min, 1 h, 1 d, 6 dims"
    mapfile -t metrics_options < <(sp_metrics_time_args)
    compare metrics-job 1 "${topic}_p1" "${metrics_options[@]}"
    compare metrics-job 2 "${topic}_p2" "${metrics_options[@]}"
    # Without events_raw: the windows' cost alone, closer to the peers' work.
    compare metrics-job 2 "${topic}_p2_no_raw" "${metrics_options[@]}" --raw-events false
    # As close to the hourly peer's work as the job's options go: hourly windows only, no
    # events_raw; still every dimension and KPI, de-duplication, lateness and dead letters.
    mapfile -t hourly_options < <(sp_metrics_time_args 1h)
    compare metrics-job 2 "${topic}_p2_hourly" "${hourly_options[@]}" --raw-events false
    # A job runs for days: how fast each goes once its JVM is warm, the JIT's work done.
    compare warm consumer
    compare warm flink-sql "$SP_ROOT/bench/flink-sql-peer.sql" "1 h, overall and city"
    compare warm metrics-job 2 "${topic}_p2_warm" "${metrics_options[@]}"
    compare warm metrics-job 2 "${topic}_p2_warm_no_raw" "${metrics_options[@]}" --raw-events false
    # ClickHouse does this work in its server, whose peak RSS then counts: a fresh start, so the
    # metrics job's inserts before do not. The data stays, for a row-by-row check against the job.
    clickhouse_pid=unknown
    if [[ -z "${CLICKHOUSE_URL:-}" ]]; then
        sp_stop clickhouse
        sp_start_clickhouse "$BENCH_CLICKHOUSE_PORT"
        sp_wait_clickhouse
        clickhouse_pid="$(sp_pid_of clickhouse)"
        export BENCH_CLICKHOUSE_PID="$clickhouse_pid"
    fi
    compare clickhouse-kafka "$SP_ROOT/bench/clickhouse-kafka-peer.sql" "$clickhouse_pid" \
        "${topic}_p2"
    run_java "$jobs_classpath" "$main" "$results" report
elif [[ "$mode" == users ]]; then
    # The cluster of the local stack (ZooKeeper for its high availability included), so that the
    # TaskManager's memory is a process of its own, sized by flink-conf/config.yaml.
    flink_settings=()
    for setting in ${BENCH_FLINK_CONF:-}; do flink_settings+=("${setting%%=*}: ${setting#*=}"); done
    sp_build_metrics_reporter
    sp_prepare_zookeeper "$BENCH_ZOOKEEPER_PORT"
    sp_start_zookeeper
    sp_prepare_flink "$BENCH_FLINK_PORT" "$BENCH_FLINK_RPC_PORT" "${flink_settings[@]}" || exit 1
    sp_wait_zookeeper
    sp_start_flink
    SP_FLINK_URL="http://127.0.0.1:$BENCH_FLINK_PORT"
    sp_wait_flink
    mapfile -t metrics_options < <(sp_metrics_time_args)
    run_java "$jobs_classpath" "$main" "${1:-1000000}" 2 "$SP_RUN/flink/conf" \
        "$SP_ROOT/jobs/target/shop-pulse-jobs.jar" "$(sp_pid_of flink-taskmanager)" \
        "$(sp_pid_of flink-jobmanager)" "${metrics_options[@]}"
else
    run_java "$jobs_classpath" "$main" "$@"
fi
