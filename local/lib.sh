# shellcheck shell=bash
# Functions shared by local/up.sh and local/test.sh: prerequisite and port checks, fetching the
# Kafka, ZooKeeper, Flink and ClickHouse runtimes into .local/, and starting, waiting for,
# supervising and stopping the services. Each run's data, logs and pid files live under
# .local/<profile>/.
#
# Source it, then call sp_init <profile> before anything else.

SP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SP_LOCAL="$SP_ROOT/.local"
SP_RUNTIME="$SP_LOCAL/runtime"
SP_CHDB_VERSION="26.7.3-stable.1"
# The Prometheus reporter flink-conf/config.yaml names; the build makes it, the cluster loads it.
SP_METRICS_REPORTER_JAR="$SP_ROOT/metrics-reporter/target/shop-pulse-metrics-reporter.jar"
SP_REPORT_JAR="$SP_ROOT/report/target/shop-pulse-report.jar"
SP_SUBMIT_JAR="$SP_ROOT/submit/target/shop-pulse-submit.jar"
SP_READY_TIMEOUT="${SP_READY_TIMEOUT:-60}"

# Services started by this shell, in start order; sp_stop_all stops them in reverse.
SP_STARTED=()
# The job variables of the last sp_submit_jobs, for sp_save_jobs.
SP_SUBMITTED_WITH=()

sp_log() { printf '[shop-pulse] %s\n' "$*" >&2; }
sp_die() {
    printf '[shop-pulse] ERROR: %s\n' "$*" >&2
    exit 1
}

sp_init() {
    SP_PROFILE="$1"
    SP_RUN="$SP_LOCAL/$SP_PROFILE"
    mkdir -p "$SP_RUN"
}

# The metrics job's windows and event-time options as the local stack runs it, one per line;
# ./bench/run.sh compare measures the job with the same ones. An argument replaces the window
# sizes (e.g. 1h).
sp_metrics_time_args() {
    printf '%s\n' \
        --window-sizes "${1:-1m,1h,1d}" \
        --max-out-of-orderness 2m \
        --allowed-lateness 10m \
        --idleness 30s
}

# ---------------------------------------------------------------------------------------------
# Prerequisites and ports
# ---------------------------------------------------------------------------------------------

# The Debian/Ubuntu package that provides each tool, for the install hint.
sp_install_hint() {
    case "$1" in
        java) echo "sudo apt-get install -y openjdk-17-jdk-headless (or any JDK 17+)" ;;
        mvn) echo "sudo apt-get install -y maven (or from maven.apache.org)" ;;
        python3) echo "sudo apt-get install -y python3" ;;
        npm) echo "sudo apt-get install -y npm (or Node.js 18+ from nodejs.org)" ;;
        curl) echo "sudo apt-get install -y curl" ;;
        pdftotext | pdftoppm) echo "sudo apt-get install -y poppler-utils" ;;
        *) echo "install $1" ;;
    esac
}

# sp_require_tools TOOL...: one line per missing tool, then exits if any is missing.
sp_require_tools() {
    local tool missing=0
    for tool in "$@"; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            sp_log "missing tool: $tool; install it with: $(sp_install_hint "$tool")"
            missing=1
        fi
    done
    if command -v java >/dev/null 2>&1 && [[ " $* " == *" java "* ]]; then
        local version major
        version="$(java -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n1)"
        major="${version%%.*}"
        if [[ "$major" == 1 ]]; then major="$(echo "$version" | cut -d. -f2)"; fi
        if ! [[ "$major" =~ ^[0-9]+$ ]] || ((major < 17)); then
            sp_log "java 17 or newer is needed, found '${version:-unknown}' ($(command -v java));" \
                "install it with: $(sp_install_hint java), or put one first on PATH"
            missing=1
        fi
    fi
    ((missing == 0)) || exit 1
}

# The tools the local stack needs; npm only while the ClickHouse engine still has to be fetched.
sp_check_prereqs() {
    local tools=(java mvn python3 curl)
    if [[ -z "${CLICKHOUSE_URL:-}" ]] && [[ -z "$(sp_chdb_lib 2>/dev/null)" ]]; then
        tools+=(npm)
    fi
    sp_require_tools "${tools[@]}"
}

sp_port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# sp_check_ports "PORT|WHAT|ENV_VAR" ...: one line per busy port, then exits if any is busy.
sp_check_ports() {
    local spec port what var busy=0
    for spec in "$@"; do
        IFS='|' read -r port what var <<<"$spec"
        if sp_port_in_use "$port"; then
            sp_log "port $port is in use ($what); stop what uses it or set $var"
            busy=1
        fi
    done
    ((busy == 0)) || exit 1
}

# ---------------------------------------------------------------------------------------------
# Runtimes: fetched once into .local/runtime, refetched when their pom changes
# ---------------------------------------------------------------------------------------------

sp_fetch_maven_runtime() {
    local name="$1"
    local pom="$SP_ROOT/local/runtime/$name/pom.xml"
    local dest="$SP_RUNTIME/$name"
    local stamp
    stamp="$(cksum <"$pom")"
    if [[ -f "$dest/.fetched" ]] && [[ "$(cat "$dest/.fetched")" == "$stamp" ]]; then
        return 0
    fi
    sp_log "fetching the $name runtime jars from Maven Central into ${dest#"$SP_ROOT"/}"
    # Into a scratch dir first: an interrupted fetch must not leave a half-filled lib dir behind.
    local partial="$dest.partial"
    rm -rf "$partial"
    if ! mvn -q -B -f "$pom" dependency:copy-dependencies -DincludeScope=runtime \
        -DoutputDirectory="$partial/lib"; then
        rm -rf "$partial"
        sp_die "could not fetch the $name runtime (mvn output above)"
    fi
    echo "$stamp" >"$partial/.fetched"
    rm -rf "$dest"
    mv "$partial" "$dest"
}

sp_chdb_package() {
    case "$(uname -s)-$(uname -m)" in
        Linux-x86_64) echo "@chdb/lib-linux-x64-gnu" ;;
        Linux-aarch64 | Linux-arm64) echo "@chdb/lib-linux-arm64-gnu" ;;
        Darwin-arm64) echo "@chdb/lib-darwin-arm64" ;;
        Darwin-x86_64) echo "@chdb/lib-darwin-x64" ;;
        *) return 1 ;;
    esac
}

# Prints the path of the fetched ClickHouse engine library, or nothing.
sp_chdb_lib() {
    local pkg
    pkg="$(sp_chdb_package)" || return 0
    find "$SP_LOCAL/chdb/node_modules/$pkg" -maxdepth 1 -name 'libchdb.*' 2>/dev/null | head -n1
}

sp_fetch_chdb() {
    [[ -n "$(sp_chdb_lib)" ]] && return 0
    local pkg
    pkg="$(sp_chdb_package)" ||
        sp_die "no ClickHouse engine package for $(uname -s)-$(uname -m);" \
            "run a ClickHouse server yourself and set CLICKHOUSE_URL"
    sp_log "fetching the ClickHouse engine ($pkg@$SP_CHDB_VERSION, ~180 MB)" \
        "from npm into .local/chdb"
    mkdir -p "$SP_LOCAL/chdb"
    npm install --prefix "$SP_LOCAL/chdb" --no-save --no-package-lock --no-audit --no-fund \
        --loglevel=error "$pkg@$SP_CHDB_VERSION" >&2 ||
        sp_die "npm could not install $pkg@$SP_CHDB_VERSION (output above)"
    [[ -n "$(sp_chdb_lib)" ]] || sp_die "$pkg installed, but no libchdb library was found in it"
}

sp_fetch_runtimes() {
    sp_fetch_maven_runtime kafka
    sp_fetch_maven_runtime zookeeper
    sp_fetch_maven_runtime flink
    if [[ -z "${CLICKHOUSE_URL:-}" ]]; then sp_fetch_chdb; fi
}

# ---------------------------------------------------------------------------------------------
# Processes: pid files under .local/<profile>/<service>/pid
# ---------------------------------------------------------------------------------------------

# True if PID runs and its command line mentions this profile's directory, so a pid that the
# OS has since given to an unrelated process is never signalled.
sp_pid_is_ours() {
    local pid="$1"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
    if [[ -r "/proc/$pid/cmdline" ]]; then
        tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$SP_RUN/"
    else
        ps -o command= -p "$pid" 2>/dev/null | grep -qF "$SP_RUN/"
    fi
}

# sp_spawn NAME LOGFILE CMD...: starts CMD in the background, detached from the terminal's
# process group so Ctrl-C reaches only the script, which then stops services in order.
sp_spawn() {
    local name="$1" logfile="$2"
    shift 2
    mkdir -p "$(dirname "$logfile")"
    printf '\n==== %s starting %s ====\n' "$(date '+%F %T')" "$name" >>"$logfile"
    if command -v setsid >/dev/null 2>&1; then
        setsid "$@" </dev/null >>"$logfile" 2>&1 &
    else
        "$@" </dev/null >>"$logfile" 2>&1 &
    fi
    echo $! >"$SP_RUN/$name.pid"
    echo "$SECONDS" >"$SP_RUN/$name.started"
    [[ " ${SP_STARTED[*]} " == *" $name "* ]] || SP_STARTED+=("$name")
}

sp_pid_of() { cat "$SP_RUN/$1.pid" 2>/dev/null || true; }

# sp_stop NAME: SIGTERM, up to 20 s to exit, then SIGKILL.
sp_stop() {
    local name="$1" pid i
    pid="$(sp_pid_of "$name")"
    if sp_pid_is_ours "$pid"; then
        sp_log "stopping $name (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 200; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            sp_log "$name (pid $pid) did not stop within 20 s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$SP_RUN/$name.pid" "$SP_RUN/$name.started"
}

sp_stop_all() {
    local i
    # Stopping must run to the end: a second Ctrl-C, or a closed pipe when the output went to
    # `| tee` that Ctrl-C also ended, must not leave services running.
    trap '' INT TERM PIPE
    set +e
    sp_save_jobs
    for ((i = ${#SP_STARTED[@]} - 1; i >= 0; i--)); do
        sp_stop "${SP_STARTED[i]}"
    done
    SP_STARTED=()
}

# Stops the started services when the script ends, however it ends.
sp_install_traps() {
    trap sp_stop_all EXIT
    trap 'sp_on_signal 130' INT
    trap 'sp_on_signal 143' TERM
}

sp_on_signal() {
    # Output may go to a pipe whose reader the same Ctrl-C ended; SIGPIPE would kill the
    # script before its EXIT trap could stop the services.
    trap '' PIPE
    echo >&2 || true
    exit "$1"
}

# Stops what an earlier run of this profile left running (e.g. after kill -9 of the script).
sp_stop_leftovers() {
    local name pid
    for name in report flink-taskmanager flink-jobmanager zookeeper kafka clickhouse; do
        pid="$(sp_pid_of "$name")"
        if sp_pid_is_ours "$pid"; then
            sp_log "$name from an earlier $SP_PROFILE run is still running"
            sp_stop "$name"
        fi
        rm -f "$SP_RUN/$name.pid"
    done
}

# sp_wait_for NAME LOGFILE CHECK...: polls CHECK every 0.5 s for up to SP_READY_TIMEOUT seconds;
# on failure prints the tail of LOGFILE and exits.
sp_wait_for() {
    local name="$1" logfile="$2"
    shift 2
    local start=$SECONDS pid spawned
    pid="$(sp_pid_of "$name")"
    spawned="$(cat "$SP_RUN/$name.started" 2>/dev/null || echo "$start")"
    while ((SECONDS - start < SP_READY_TIMEOUT)); do
        if "$@" >/dev/null 2>&1; then
            sp_log "$name is ready ($((SECONDS - spawned)) s after its start)"
            return 0
        fi
        if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
            sp_log "$name exited during startup; last lines of ${logfile#"$SP_ROOT"/}:"
            tail -n 40 "$logfile" >&2
            exit 1
        fi
        sleep 0.5
    done
    sp_log "$name was not ready after $SP_READY_TIMEOUT s; last lines of ${logfile#"$SP_ROOT"/}:"
    tail -n 40 "$logfile" >&2
    exit 1
}

# sp_supervise: the demo's wait loop. Restarts every service that dies, after a pause that
# doubles with each crash of that service in a row (1 s up to 30 s; five healthy minutes reset
# it), and never returns; Ctrl-C still stops everything through the traps. A crash of one service
# is no reason to stop the others: Flink restores its jobs, Kafka keeps the backlog, and the
# ClickHouse writers hold their rows until the server is back.
sp_supervise() {
    local name pid code pause
    declare -A crashes=()
    while true; do
        for name in "${SP_STARTED[@]}"; do
            pid="$(sp_pid_of "$name")"
            if kill -0 "$pid" 2>/dev/null; then
                if ((SECONDS - $(cat "$SP_RUN/$name.started") > 300)); then
                    crashes[$name]=0
                fi
                continue
            fi
            code=0
            wait "$pid" 2>/dev/null || code=$?
            crashes[$name]=$((${crashes[$name]:-0} + 1))
            pause=$((1 << (crashes[$name] - 1)))
            ((pause <= 30)) || pause=30
            sp_log "$name (pid $pid) died with exit code $code; restarting it in $pause s" \
                "(crash ${crashes[$name]} in a row; log under ${SP_RUN#"$SP_ROOT"/}/)"
            sleep "$pause" &
            wait $! || true
            sp_restart "$name"
            sp_log "$name restarted (pid $(sp_pid_of "$name"))"
        done
        sp_report_job_restarts
        # In the background: bash runs the INT trap only once the foreground command ends.
        sleep 2 &
        wait $! || true
    done
}

# sp_restart NAME: starts a service again as it was started first.
sp_restart() {
    case "$1" in
        clickhouse) sp_start_clickhouse "$SP_CLICKHOUSE_PORT" ;;
        kafka) sp_start_kafka ;;
        zookeeper) sp_start_zookeeper ;;
        flink-jobmanager | flink-taskmanager) sp_start_flink_process "${1#flink-}" ;;
        report) sp_start_report ;;
        *) sp_die "no way to restart $1" ;;
    esac
}

# Says when a Flink job restarted since the last look, with its restart count (Flink's
# numRestarts): a job that keeps restarting needs a person, and this is where they look.
sp_report_job_restarts() {
    [[ -n "${SP_FLINK_URL:-}" ]] || return 0
    local line
    while IFS= read -r line; do
        [[ -n "$line" ]] && sp_log "$line"
    done < <(curl -sf --max-time 2 "$SP_FLINK_URL/jobs/overview" 2>/dev/null |
        python3 -c '
import json, sys, urllib.request
seen_file = sys.argv[1]
try:
    seen = json.load(open(seen_file))
except (OSError, ValueError):
    seen = {}
for job in json.load(sys.stdin).get("jobs", []):
    if job["state"] in ("FINISHED", "CANCELED", "FAILED"):
        continue
    url = sys.argv[2] + "/jobs/" + job["jid"] + "/metrics?get=numRestarts"
    try:
        metrics = json.load(urllib.request.urlopen(url, timeout=2))
    except OSError:
        continue
    restarts = int(float(metrics[0]["value"])) if metrics else 0
    if restarts > seen.get(job["jid"], 0):
        print("job \"" + job["name"] + "\" restarted: " + str(restarts) + " restart(s) so far,"
              + " now " + job["state"] + "; the reason is under Exceptions in the Flink web UI")
    seen[job["jid"]] = restarts
json.dump(seen, open(seen_file, "w"))
' "$SP_RUN/job-restarts.json" "$SP_FLINK_URL" 2>/dev/null)
}

# ---------------------------------------------------------------------------------------------
# ClickHouse
# ---------------------------------------------------------------------------------------------

# sp_start_clickhouse PORT: starts the chDB-based server, or uses CLICKHOUSE_URL if set.
# Sets SP_CLICKHOUSE_URL.
sp_start_clickhouse() {
    local port="$1"
    if [[ -n "${CLICKHOUSE_URL:-}" ]]; then
        SP_CLICKHOUSE_URL="${CLICKHOUSE_URL%/}"
        sp_log "using the ClickHouse server at $SP_CLICKHOUSE_URL (CLICKHOUSE_URL)"
        return 0
    fi
    SP_CLICKHOUSE_URL="http://127.0.0.1:$port"
    SP_CLICKHOUSE_PORT="$port"
    local dir="$SP_RUN/clickhouse"
    mkdir -p "$dir/data"
    sp_spawn clickhouse "$dir/clickhouse.log" \
        python3 "$SP_ROOT/local/clickhouse_server.py" --data-dir "$dir/data" --port "$port" \
        --lib "$(sp_chdb_lib)"
}

sp_clickhouse_ping() { curl -sf --max-time 2 "$SP_CLICKHOUSE_URL/ping" | grep -q Ok; }

sp_wait_clickhouse() {
    if [[ -n "${CLICKHOUSE_URL:-}" ]]; then
        local start=$SECONDS
        until sp_clickhouse_ping; do
            ((SECONDS - start < SP_READY_TIMEOUT)) ||
                sp_die "no ClickHouse answers at $SP_CLICKHOUSE_URL/ping (CLICKHOUSE_URL)"
            sleep 0.5
        done
        return 0
    fi
    sp_wait_for clickhouse "$SP_RUN/clickhouse/clickhouse.log" sp_clickhouse_ping
}

# ---------------------------------------------------------------------------------------------
# Kafka: a single-node KRaft broker
# ---------------------------------------------------------------------------------------------

sp_kafka_java() {
    java -cp "$SP_RUNTIME/kafka/lib/*" \
        -Dlog4j2.configurationFile="$SP_ROOT/local/runtime/kafka/log4j2.properties" "$@"
}

# sp_prepare_kafka PORT CONTROLLER_PORT: writes server.properties and formats the storage.
sp_prepare_kafka() {
    local port="$1" controller_port="$2"
    local dir="$SP_RUN/kafka"
    mkdir -p "$dir/data"
    cat >"$dir/server.properties" <<EOF
# Generated by local/lib.sh for the $SP_PROFILE profile; changes are overwritten at next start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# Flink's transactional Kafka sink asks for 1 h transaction timeouts; the default cap is 15 min.
transaction.max.timeout.ms=3600000
EOF
    if [[ ! -f "$dir/data/meta.properties" ]]; then
        local cluster_id
        # What StorageTool random-uuid prints (16 random bytes, base64url), without a JVM start;
        # a leading '-' would read as an option.
        cluster_id="$(python3 -c '
import base64, uuid
while True:
    id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
    if not id.startswith("-"):
        print(id)
        break
')"
        sp_kafka_java -Dkafka.root.level=WARN kafka.tools.StorageTool format -t "$cluster_id" \
            -c "$dir/server.properties" >>"$dir/kafka.log" 2>&1 ||
            {
                tail -n 20 "$dir/kafka.log" >&2
                sp_die "could not format the Kafka storage in ${dir#"$SP_ROOT"/}/data"
            }
    fi
}

sp_start_kafka() {
    local dir="$SP_RUN/kafka"
    sp_spawn kafka "$dir/kafka.log" \
        java -Xms512m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true \
        -Dlog4j2.configurationFile="$SP_ROOT/local/runtime/kafka/log4j2.properties" \
        -cp "$SP_RUNTIME/kafka/lib/*" kafka.Kafka "$dir/server.properties"
}

sp_kafka_started() {
    sp_port_in_use "${SP_KAFKA_BOOTSTRAP##*:}" &&
        grep -q 'Kafka Server started' "$SP_RUN/kafka/kafka.log"
}

sp_wait_kafka() { sp_wait_for kafka "$SP_RUN/kafka/kafka.log" sp_kafka_started; }

sp_kafka_topics() {
    sp_kafka_java -Dkafka.root.level=WARN org.apache.kafka.tools.TopicCommand \
        --bootstrap-server "$SP_KAFKA_BOOTSTRAP" "$@"
}

# sp_create_topic NAME PARTITIONS: creates the topic, or gives an existing one at least PARTITIONS.
# A client that writes before this runs makes the broker create the topic with 1 partition; left
# so, one metrics subtask would read every event.
sp_create_topic() {
    sp_kafka_topics --create --if-not-exists --topic "$1" --partitions "$2" \
        --replication-factor 1 >/dev/null || sp_die "could not create the Kafka topic $1"
    local had
    had="$(sp_kafka_topics --describe --topic "$1" | sed -nE 's/.*PartitionCount: *([0-9]+).*/\1/p')"
    [[ -n "$had" ]] || sp_die "could not read the partitions of the Kafka topic $1"
    if ((had < $2)); then
        sp_kafka_topics --alter --topic "$1" --partitions "$2" >/dev/null ||
            sp_die "the Kafka topic $1 has $had partitions and could not be given $2"
        sp_log "topic $1 had only $had partition(s): a client wrote to it before it was created here"
        had="$2"
    fi
    sp_log "topic $1 is there (partitions: $had)"
}

# ---------------------------------------------------------------------------------------------
# ZooKeeper: one server, where Flink's JobManager keeps its leadership, its jobs and their latest
# checkpoints (ZooKeeper high availability), so that a restarted JobManager takes its jobs back
# ---------------------------------------------------------------------------------------------

# sp_prepare_zookeeper PORT: writes zoo.cfg. The data starts empty on every run: the script
# submits the jobs itself, resuming each from its newest checkpoint, and jobs left in ZooKeeper by
# an earlier run would run twice.
sp_prepare_zookeeper() {
    local port="$1" dir="$SP_RUN/zookeeper"
    SP_ZOOKEEPER_QUORUM="127.0.0.1:$port"
    rm -rf "$dir/data"
    mkdir -p "$dir/data"
    cat >"$dir/zoo.cfg" <<EOF
# Generated by local/lib.sh for the $SP_PROFILE profile; changes are overwritten at next start.
tickTime=2000
dataDir=$dir/data
clientPort=$port
clientPortAddress=127.0.0.1
# The admin HTTP server would listen on all interfaces, on port 8080.
admin.enableServer=false
EOF
}

sp_start_zookeeper() {
    local dir="$SP_RUN/zookeeper"
    sp_spawn zookeeper "$dir/zookeeper.log" \
        java -Xms64m -Xmx128m -Djava.awt.headless=true \
        -cp "$SP_RUNTIME/zookeeper/lib/*" org.apache.zookeeper.server.ZooKeeperServerMain \
        "$dir/zoo.cfg"
}

# The report service (report/): weekly PDF reports into $SP_RUN/reports and, with a bot token in
# the environment, the Telegram bot. SP_REPORT_ARGS holds its options.
sp_start_report() {
    sp_spawn report "$SP_RUN/report/report.log" \
        java -Xms32m -Xmx256m -Djava.awt.headless=true -jar "$SP_REPORT_JAR" \
        --archive-dir "$SP_RUN/reports" "${SP_REPORT_ARGS[@]}"
}

sp_wait_zookeeper() {
    sp_wait_for zookeeper "$SP_RUN/zookeeper/zookeeper.log" \
        sp_port_in_use "${SP_ZOOKEEPER_QUORUM##*:}"
}

# ---------------------------------------------------------------------------------------------
# Flink: a standalone session cluster of one JobManager and one TaskManager JVM
# ---------------------------------------------------------------------------------------------

# Writes $SP_RUN/flink/conf: the repo's flink-conf/ with the given "key: value" lines replacing
# the file's own values for those keys.
sp_flink_conf() {
    local conf="$SP_RUN/flink/conf" line key
    rm -rf "$conf"
    mkdir -p "$conf"
    cp "$SP_ROOT"/flink-conf/* "$conf/"
    for line in "$@"; do
        key="${line%%:*}"
        sed -i.bak "/^${key//./\\.}:/d" "$conf/config.yaml"
    done
    rm -f "$conf/config.yaml.bak"
    {
        echo
        echo "# Set by local/lib.sh for the $SP_PROFILE profile."
        printf '%s\n' "$@"
    } >>"$conf/config.yaml"
}

# Prints the JVM options and the -D dynamic properties Flink derives from the memory config, as
# Flink's own start scripts do (GET_JM_RESOURCE_PARAMS / GET_TM_RESOURCE_PARAMS).
sp_flink_resource_params() {
    local out
    out="$(java -cp "$SP_RUNTIME/flink/lib/*" org.apache.flink.runtime.util.bash.BashJavaUtils \
        "$1" --configDir "$SP_RUN/flink/conf" 2>&1)" || {
        echo "$out" | tail -n 20 >&2
        sp_die "Flink rejected the memory settings in flink-conf/config.yaml"
    }
    echo "$out" | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p'
}

# Builds the metrics reporter jar alone, for scripts that start the cluster before their build.
sp_build_metrics_reporter() {
    sp_log "building the metrics reporter (mvn -B -q -DskipTests package -pl metrics-reporter)"
    (cd "$SP_ROOT" && mvn -B -q -DskipTests package -pl metrics-reporter) ||
        sp_die "the metrics reporter build failed (output above)"
}

# sp_prepare_flink REST_PORT RPC_PORT ["KEY: VALUE"...]: writes the cluster's config dir, with the
# given settings replacing flink-conf's, and the memory options Flink derives from it
# (params.jobmanager, params.taskmanager), and copies the jars of this repo that the cluster itself
# loads into its lib dir. High availability goes through the ZooKeeper of
# sp_prepare_zookeeper; its storage starts empty, as ZooKeeper's data does.
sp_prepare_flink() {
    local rest_port="$1" rpc_port="$2"
    local dir="$SP_RUN/flink"
    rm -rf "$dir/ha"
    mkdir -p "$dir/log" "$dir/tmp" "$dir/checkpoints" "$dir/savepoints" "$dir/web-upload" \
        "$dir/ha"
    # A copy: a build while the cluster runs rewrites the jar in target/ under the running JVMs.
    rm -rf "$dir/lib"
    mkdir -p "$dir/lib"
    cp "$SP_METRICS_REPORTER_JAR" "$dir/lib/" ||
        sp_die "build the metrics reporter first: mvn -B -DskipTests package -pl metrics-reporter"
    sp_flink_conf \
        "rest.port: $rest_port" \
        "jobmanager.rpc.port: $rpc_port" \
        "high-availability.jobmanager.port: $rpc_port" \
        "high-availability.zookeeper.quorum: $SP_ZOOKEEPER_QUORUM" \
        "high-availability.storageDir: file://$dir/ha" \
        "high-availability.cluster-id: /$SP_PROFILE" \
        "io.tmp.dirs: $dir/tmp" \
        "web.tmpdir: $dir/tmp" \
        "web.upload.dir: $dir/web-upload" \
        "blob.storage.directory: $dir/tmp" \
        "execution.checkpointing.dir: file://$dir/checkpoints" \
        "execution.checkpointing.savepoint-dir: file://$dir/savepoints" \
        "${@:3}"
    sp_flink_resource_params GET_JM_RESOURCE_PARAMS >"$dir/conf/params.jobmanager" &
    local jm=$!
    sp_flink_resource_params GET_TM_RESOURCE_PARAMS >"$dir/conf/params.taskmanager" || return 1
    wait "$jm"
}

sp_start_flink() {
    sp_start_flink_process jobmanager
    sp_start_flink_process taskmanager
}

# sp_start_flink_process jobmanager|taskmanager
sp_start_flink_process() {
    local role="$1" dir="$SP_RUN/flink"
    local conf="$dir/conf" opts main params
    opts="$(sed -n 's/^env\.java\.opts\.all:[[:space:]]*//p' "$conf/config.yaml")"
    if [[ "$role" == jobmanager ]]; then
        main=org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint
    else
        main=org.apache.flink.runtime.taskexecutor.TaskManagerRunner
    fi
    params="$(cat "$conf/params.$role")"
    # Word splitting is wanted: the first line holds JVM options, the second -D key=value pairs.
    # shellcheck disable=SC2046,SC2086
    sp_spawn "flink-$role" "$dir/log/$role.out" \
        java $(echo "$params" | head -n1) $opts \
        -Djava.io.tmpdir="$dir/tmp" \
        -Dlog.file="$dir/log/$role.log" \
        -Dlog4j.configurationFile="file:$conf/log4j.properties" \
        -cp "$SP_RUNTIME/flink/lib/*:$dir/lib/*" "$main" --configDir "$conf" \
        $(echo "$params" | tail -n1)
}

sp_flink_has_slots() {
    curl -sf --max-time 2 "$SP_FLINK_URL/overview" | grep -q '"taskmanagers":[1-9]'
}

sp_wait_flink() {
    sp_wait_for flink-jobmanager "$SP_RUN/flink/log/jobmanager.log" \
        curl -sf --max-time 2 "$SP_FLINK_URL/config"
    sp_wait_for flink-taskmanager "$SP_RUN/flink/log/taskmanager.log" sp_flink_has_slots
}

# ---------------------------------------------------------------------------------------------
# All three
# ---------------------------------------------------------------------------------------------

# sp_start_services CLICKHOUSE_PORT KAFKA_PORT KAFKA_CONTROLLER_PORT FLINK_REST_PORT FLINK_RPC_PORT
# ZOOKEEPER_PORT
# starts the three services and waits until each is ready. The JVM runs that must precede the
# start (Kafka's storage format, Flink's memory calculation) run side by side, and the services
# warm up side by side. Sets SP_CLICKHOUSE_URL, SP_KAFKA_BOOTSTRAP and SP_FLINK_URL.
sp_start_services() {
    SP_KAFKA_BOOTSTRAP="127.0.0.1:$2"
    SP_FLINK_URL="http://127.0.0.1:$4"
    sp_start_clickhouse "$1"
    sp_prepare_zookeeper "$6"
    sp_start_zookeeper
    sp_prepare_kafka "$2" "$3" &
    local kafka=$!
    sp_prepare_flink "$4" "$5" || exit 1
    wait "$kafka" || exit 1
    sp_start_kafka
    sp_wait_zookeeper
    sp_start_flink
    sp_wait_clickhouse
    sp_wait_kafka
    sp_wait_flink
}

# ---------------------------------------------------------------------------------------------
# Submitting the jobs, as the web UI's "Submit New Job" does it
# ---------------------------------------------------------------------------------------------

# sp_submit_jobs NAME=VALUE...: submits the jobs of flink-jobs.yaml with the submit client, these
# values set for the list's variables. Each job checkpoints to its own directory under this run's
# flink/checkpoints, and a job that ran before resumes from its newest complete checkpoint there:
# a stopped or killed stack starts again where it left off instead of replaying its input into a
# new job.
sp_submit_jobs() {
    SP_SUBMITTED_WITH=("$@")
    (cd "$SP_ROOT" && env "$@" java -jar "$SP_SUBMIT_JAR" --flink-rest-url "$SP_FLINK_URL" \
        --jobs flink-jobs.yaml --checkpoints "$SP_RUN/flink/checkpoints") ||
        sp_die "submitting the jobs failed (output above)"
}

# Stops the jobs sp_submit_jobs submitted, each with a savepoint where the next sp_submit_jobs
# resumes it: a checkpoint is up to an interval old, and a job resumed from it would do again what
# it did since, such as send a Telegram message twice. A job that cannot take one in time resumes
# from its checkpoint; the stop goes on either way.
sp_save_jobs() {
    [[ ${#SP_SUBMITTED_WITH[@]} -gt 0 ]] && sp_pid_is_ours "$(sp_pid_of flink-jobmanager)" || return 0
    sp_log "stopping the jobs with a savepoint each"
    (cd "$SP_ROOT" && env "${SP_SUBMITTED_WITH[@]}" java -jar "$SP_SUBMIT_JAR" \
        --flink-rest-url "$SP_FLINK_URL" --jobs flink-jobs.yaml \
        --checkpoints "$SP_RUN/flink/checkpoints" --stop true) ||
        sp_log "the jobs could not be stopped with savepoints; they resume from their checkpoints"
    SP_SUBMITTED_WITH=()
}
