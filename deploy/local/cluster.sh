#!/usr/bin/env bash
# A Quant.Orleans cluster on this machine, loopback only: the Azurite storage emulator (cluster membership, reminders,
# grain state and the accounts' journals) and N silos, each `serve --cluster` with its own ports, storage folder, pid
# file and log.
# For a developer's laptop; docs/operations.md says how to run, scale, drain and upgrade it.
#
#   deploy/local/cluster.sh start [N] [--replay] [--no-build]  build a release of the silo, start Azurite and N silos (3);
#                                                               --replay: the first silo also replays the data (--speed 60);
#                                                               --no-build: the current release, else a copy of Silo/bin/…
#   deploy/local/cluster.sh stop                                SIGTERM every silo, wait, SIGKILL what is left; then Azurite
#   deploy/local/cluster.sh status                              what runs: pids, ports, GET /health, listening sockets
#   deploy/local/cluster.sh add                                 one more silo with the next ports (scale out)
#   deploy/local/cluster.sh drain I                             graceful stop of silo I (SIGTERM, wait, then SIGKILL)
#   deploy/local/cluster.sh restart I                           start silo I again on the current release (after drain or kill)
#   deploy/local/cluster.sh kill I                              SIGKILL silo I (a failure drill: its grains move)
#   deploy/local/cluster.sh upgrade [--no-build]                a new release, then drain and restart the silos one at a time
#   deploy/local/cluster.sh plan [N] [--replay] [--no-build]    print what start would run, one item a line; starts nothing
#
# The silos run a release: a numbered copy of the silo's build under the state folder (releases/N, built there with
# `dotnet build -o`), never Silo/bin itself, so rebuilding the code while they run does not touch their files, and an
# upgrade is a rolling restart onto the next release.
#
# Environment (optional). These are not QO_ variables on purpose: every QO_ variable is a silo setting, and the silo
# refuses unknown ones. QO_ variables of the calling shell reach every silo (e.g. QO_Strategy__KellyFraction=0.1).
#   QUANT_LOCAL_STATE          state folder: pid files, logs, Azurite's data, the silos' folders (<repo>/state/local-cluster)
#   QUANT_LOCAL_SILO_PORT      silo 1's Orleans silo-to-silo port (11111); silo i uses this + i - 1
#   QUANT_LOCAL_GATEWAY_PORT   silo 1's Orleans client gateway port (30000); silo i uses this + i - 1
#   QUANT_LOCAL_HTTP_PORT      silo 1's HTTP gateway and dashboards (5080); silo i uses this + i - 1
#   QUANT_LOCAL_AZURITE_PORT   Azurite's blob port (10000); queue and table use the next two
#   QUANT_LOCAL_CLUSTER_ID     Grid:ClusterId of the local cluster (quant-orleans-local)
#   QUANT_LOCAL_SPEED          replay pace of --replay, real time x this (60)
#   QUANT_LOCAL_REPLAY_SILOS   which silos get --replay: first (silo 1, the default) or all (each may drive the replay,
#                              one at a time, so it goes on when the driving silo dies)
#   QUANT_LOCAL_STOP_TIMEOUT   seconds a silo gets after SIGTERM to deactivate its grains before SIGKILL (45: more than
#                              Grid:DeactivationTimeout 30 s + the host's 5 s)
#   QUANT_LOCAL_START_TIMEOUT  seconds to wait for Azurite to listen and for a silo to serve (120)
#   QUANT_LOCAL_CONFIGURATION  the build the silos run: Release (the default) or Debug
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE="${QUANT_LOCAL_STATE:-$ROOT/state/local-cluster}"
SILO_PORT="${QUANT_LOCAL_SILO_PORT:-11111}"
GATEWAY_PORT="${QUANT_LOCAL_GATEWAY_PORT:-30000}"
HTTP_PORT="${QUANT_LOCAL_HTTP_PORT:-5080}"
AZURITE_PORT="${QUANT_LOCAL_AZURITE_PORT:-10000}"
CLUSTER_ID="${QUANT_LOCAL_CLUSTER_ID:-quant-orleans-local}"
SPEED="${QUANT_LOCAL_SPEED:-60}"
STOP_TIMEOUT="${QUANT_LOCAL_STOP_TIMEOUT:-45}"
START_TIMEOUT="${QUANT_LOCAL_START_TIMEOUT:-120}"
REPLAY_SILOS="${QUANT_LOCAL_REPLAY_SILOS:-first}"
SILO_PROJECT="$ROOT/Silo/Quant.Orleans.Silo.csproj"
CONFIGURATION="${QUANT_LOCAL_CONFIGURATION:-Release}"
BUILD_OUTPUT="$ROOT/Silo/bin/$CONFIGURATION/net10.0"
RELEASES="$STATE/releases"
LOOPBACK=127.0.0.1
# Azurite's documented development account (public: the emulator's only account, not a secret).
ACCOUNT_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

die() { echo "cluster.sh: $*" >&2; exit 1; }
usage() { sed -n '/^#   deploy\/local\/cluster.sh start/,/^#   deploy\/local\/cluster.sh plan/p' "${BASH_SOURCE[0]}" | sed 's/^#//' >&2; exit 2; }

is_count() { [[ "$1" =~ ^[1-9][0-9]{0,2}$ ]]; }
for value in "$SILO_PORT" "$GATEWAY_PORT" "$HTTP_PORT" "$AZURITE_PORT" "$STOP_TIMEOUT" "$START_TIMEOUT"; do
  [[ "$value" =~ ^[1-9][0-9]{0,4}$ ]] || die "a QUANT_LOCAL_* port or timeout must be a positive integer, got '$value'"
done
[[ "$CONFIGURATION" == Release || "$CONFIGURATION" == Debug ]] || die "QUANT_LOCAL_CONFIGURATION must be 'Release' or 'Debug', got '$CONFIGURATION'"
[[ "$REPLAY_SILOS" == first || "$REPLAY_SILOS" == all ]] || die "QUANT_LOCAL_REPLAY_SILOS must be 'first' or 'all', got '$REPLAY_SILOS'"

connection_string() {
  printf 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=%s;BlobEndpoint=http://%s:%d/devstoreaccount1;QueueEndpoint=http://%s:%d/devstoreaccount1;TableEndpoint=http://%s:%d/devstoreaccount1;' \
    "$ACCOUNT_KEY" "$LOOPBACK" "$AZURITE_PORT" "$LOOPBACK" $((AZURITE_PORT + 1)) "$LOOPBACK" $((AZURITE_PORT + 2))
}

# The Azurite command, one argument a line. Always --disableTelemetry (without it Azurite reaches an outside host).
azurite_command() {
  printf '%s\n' azurite --silent --disableTelemetry --skipApiVersionCheck --location "$STATE/azurite" \
    --blobHost "$LOOPBACK" --blobPort "$AZURITE_PORT" \
    --queueHost "$LOOPBACK" --queuePort $((AZURITE_PORT + 1)) \
    --tableHost "$LOOPBACK" --tablePort $((AZURITE_PORT + 2))
}

silo_http_port() { echo $((HTTP_PORT + $1 - 1)); }

# Silo I's environment, KEY=VALUE a line: every key is a silo setting (QO_<Section>__<Key>).
silo_environment() {
  local i="$1"
  printf '%s\n' \
    "QO_Grid__ClusterId=$CLUSTER_ID" \
    "QO_Grid__SiloPort=$((SILO_PORT + i - 1))" \
    "QO_Grid__GatewayPort=$((GATEWAY_PORT + i - 1))" \
    "QO_Cluster__AdvertisedAddress=$LOOPBACK" \
    "QO_Cluster__ConnectionString=$(connection_string)" \
    "QO_Storage__Path=$STATE/silo-$i/storage"
}

# Releases: numbered copies of the silo's build; $STATE/release names the one that silos start from.
last_release() {
  local r
  r="$(ls "$RELEASES" 2>/dev/null | grep -E '^[0-9]+$' | sort -n | tail -n 1 || true)"
  echo "${r:-0}"
}
current_release() { [[ -f "$STATE/release" ]] && cat "$STATE/release"; }
silo_dll() { echo "$RELEASES/$1/Quant.Orleans.Silo.dll"; }

# The release `start` runs: a new one, or with --no-build the current one (a new copy of Silo/bin/… when there is none).
start_release() {
  local nobuild="$1" current
  if [[ "$nobuild" == 1 ]] && current="$(current_release)" && [[ -f "$(silo_dll "$current")" ]]; then
    echo "$current"
  else
    echo $(($(last_release) + 1))
  fi
}

# How release R comes to be, for plan: "build PROJECT", "copy FOLDER" or "exists".
release_source() {
  local release="$1" nobuild="$2"
  if [[ -f "$(silo_dll "$release")" ]]; then echo exists
  elif [[ "$nobuild" == 1 ]]; then echo "copy $BUILD_OUTPUT"
  else echo "build $SILO_PROJECT"
  fi
}

# Silo I's command, one argument a line.
silo_command() {
  local i="$1" replay="$2" release="$3"
  printf '%s\n' dotnet "$(silo_dll "$release")" serve --cluster --urls "http://$LOOPBACK:$(silo_http_port "$i")"
  if [[ "$replay" == 1 && ("$i" == 1 || "$REPLAY_SILOS" == all) ]]; then
    printf '%s\n' --replay --speed "$SPEED"
  fi
}

plan() {
  local count="$1" replay="$2" nobuild="$3" i line release
  release="$(start_release "$nobuild")"
  echo "release $release $(release_source "$release" "$nobuild")"
  while IFS= read -r line; do echo "azurite arg $line"; done < <(azurite_command)
  for ((i = 1; i <= count; i++)); do
    while IFS= read -r line; do echo "silo $i env $line"; done < <(silo_environment "$i")
    while IFS= read -r line; do echo "silo $i arg $line"; done < <(silo_command "$i" "$replay" "$release")
    echo "silo $i log $STATE/logs/silo-$i.log"
    echo "silo $i pid $STATE/silo-$i.pid"
  done
}

# True when something accepts connections on 127.0.0.1:PORT.
listening() { (exec 3<>"/dev/tcp/$LOOPBACK/$1") 2>/dev/null; }

# The pid in FILE when that process still runs and is the one we started (its command line holds MARKER).
live_pid() {
  local file="$1" marker="$2" pid
  [[ -f "$file" ]] || return 1
  pid="$(cat "$file")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$marker" || return 1
  echo "$pid"
}

silo_pid() { live_pid "$STATE/silo-$1.pid" Quant.Orleans.Silo.dll; }
azurite_pid() { live_pid "$STATE/azurite.pid" azurite; }

# The indexes of the silos this state folder knows (those started once), ascending.
known_silos() {
  local d
  for d in "$STATE"/silo-*/; do
    [[ -d "$d" ]] || continue
    d="${d%/}"
    echo "${d##*/silo-}"
  done | sort -n
}

# Starts COMMAND... in a session of its own with its output in LOG; the pid goes to PIDFILE (written by the process
# itself before it becomes the program, so it is the program's pid).
launch() {
  local pidfile="$1" log="$2"
  shift 2
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" </dev/null >>"$log" 2>&1 &
}

wait_listening() {
  local what="$1" port="$2" pidfile="$3" marker="$4" log="$5" waited=0
  until listening "$port"; do
    if ! live_pid "$pidfile" "$marker" >/dev/null && [[ $waited -gt 10 ]]; then
      echo "$what exited before it listened on $LOOPBACK:$port; the end of $log:" >&2
      tail -n 30 "$log" >&2 || true
      return 1
    fi
    if ((waited >= START_TIMEOUT * 5)); then
      echo "$what did not listen on $LOOPBACK:$port within $START_TIMEOUT s; the end of $log:" >&2
      tail -n 30 "$log" >&2 || true
      return 1
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
}

# Makes release R (build it into its folder, or copy Silo/bin/… with --no-build) and makes it the current one.
make_release() {
  local release="$1" nobuild="$2" folder="$RELEASES/$1"
  mkdir -p "$RELEASES"
  if [[ ! -f "$(silo_dll "$release")" ]]; then
    rm -rf "$folder.partial"
    if [[ "$nobuild" == 1 ]]; then
      [[ -f "$BUILD_OUTPUT/Quant.Orleans.Silo.dll" ]] || die "no release in $RELEASES and no build in $BUILD_OUTPUT: run without --no-build"
      cp -r "$BUILD_OUTPUT" "$folder.partial"
      echo "release $release: a copy of $BUILD_OUTPUT"
    else
      command -v dotnet >/dev/null || die "dotnet is not on the PATH (the .NET 10 SDK)"
      echo "building release $release of the silo ($CONFIGURATION; log $STATE/logs/build.log)..."
      dotnet build "$SILO_PROJECT" -c "$CONFIGURATION" -o "$folder.partial" --nologo -v quiet >"$STATE/logs/build.log" 2>&1 \
        || { rm -rf "$folder.partial"; tail -n 30 "$STATE/logs/build.log" >&2; die "the build failed (log: $STATE/logs/build.log)"; }
    fi
    mv "$folder.partial" "$folder"
  fi
  echo "$release" >"$STATE/release"
}

# Deletes the releases that are neither current nor run by a silo.
prune_releases() {
  local r running="" i pid current
  current="$(current_release || true)"
  for i in $(known_silos); do
    if pid="$(silo_pid "$i")"; then running+=" $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"; fi
  done
  for r in $(ls "$RELEASES" 2>/dev/null | grep -E '^[0-9]+$' || true); do
    [[ "$r" == "$current" || "$running" == *"$RELEASES/$r/"* ]] || rm -rf "${RELEASES:?}/$r"
  done
}

start_azurite() {
  local -a command
  mapfile -t command < <(azurite_command)
  command -v azurite >/dev/null || die "azurite is not on the PATH: npm install -g azurite@3.35.0"
  mkdir -p "$STATE/azurite"
  launch "$STATE/azurite.pid" "$STATE/logs/azurite.log" "${command[@]}"
  wait_listening Azurite "$AZURITE_PORT" "$STATE/azurite.pid" azurite "$STATE/logs/azurite.log" || return 1
  wait_listening Azurite "$((AZURITE_PORT + 2))" "$STATE/azurite.pid" azurite "$STATE/logs/azurite.log" || return 1
  echo "azurite: pid $(azurite_pid), blob/queue/table on $LOOPBACK:$AZURITE_PORT-$((AZURITE_PORT + 2)), data $STATE/azurite"
}

start_silo() {
  local i="$1" replay="$2" line release
  local -a environment command
  release="$(current_release)" || die "no current release in $STATE: '$0 start' first"
  mapfile -t environment < <(silo_environment "$i")
  mapfile -t command < <(silo_command "$i" "$replay" "$release")
  for port in $((SILO_PORT + i - 1)) $((GATEWAY_PORT + i - 1)) "$(silo_http_port "$i")"; do
    listening "$port" && die "port $LOOPBACK:$port of silo $i is in use (another silo or program); set QUANT_LOCAL_*_PORT"
  done
  mkdir -p "$STATE/silo-$i/storage"
  line="$(date -u +%Y-%m-%dT%H:%M:%SZ) start silo $i: ${command[*]}"
  echo "$line" >>"$STATE/logs/silo-$i.log"
  # Where this run's output starts in the log: wait_silo looks for its 'silo serving on' line after it.
  wc -l <"$STATE/logs/silo-$i.log" >"$STATE/silo-$i.logstart"
  (cd "$ROOT" && launch "$STATE/silo-$i.pid" "$STATE/logs/silo-$i.log" env "${environment[@]}" "${command[@]}")
}

wait_silo() {
  local i="$1" log="$STATE/logs/silo-$i.log" from waited=0
  from=$(($(cat "$STATE/silo-$i.logstart" 2>/dev/null || echo 0) + 1))
  # Serving: the silo prints 'silo serving on …' once it has joined the cluster, its gateway listens and its first grain
  # call (the replay's account) has answered; a silo that is drained before that would fail its start.
  until tail -n "+$from" "$log" 2>/dev/null | grep -q '^silo serving on '; do
    if ! silo_pid "$i" >/dev/null && ((waited > 10)); then
      echo "silo $i exited before it served; the end of $log:" >&2
      tail -n 30 "$log" >&2 || true
      return 1
    fi
    if ((waited >= START_TIMEOUT * 5)); then
      echo "silo $i did not serve within $START_TIMEOUT s; the end of $log:" >&2
      tail -n 30 "$log" >&2 || true
      return 1
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  echo "silo $i: release $(current_release), pid $(silo_pid "$i"), http://$LOOPBACK:$(silo_http_port "$i") (/dashboard, /orleans, /health), silo port $((SILO_PORT + i - 1)), gateway port $((GATEWAY_PORT + i - 1)), log $log"
}

# SIGTERM, wait up to SECONDS for the process to exit, then SIGKILL. Returns 0 when it exited by itself.
terminate() {
  local what="$1" pid="$2" seconds="$3" waited=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= seconds * 5)); then
      echo "$what (pid $pid) still runs $seconds s after SIGTERM: SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
      return 1
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
}

stop_all() {
  local i pid code=0
  local -a pids=() names=()
  for i in $(known_silos); do
    if pid="$(silo_pid "$i")"; then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
      names+=("silo $i")
    fi
    rm -f "$STATE/silo-$i.pid"
  done
  # Every silo got its SIGTERM at once; each now deactivates its grains and writes their state to Azurite, which
  # therefore stops last.
  for i in "${!pids[@]}"; do
    if terminate "${names[$i]}" "${pids[$i]}" "$STOP_TIMEOUT"; then
      echo "${names[$i]} (pid ${pids[$i]}) stopped"
    else
      code=1
    fi
  done
  if pid="$(azurite_pid)"; then
    terminate azurite "$pid" 10 && echo "azurite (pid $pid) stopped"
  fi
  rm -f "$STATE/azurite.pid"
  return $code
}

status() {
  local i pid health any=0 sockets release
  if pid="$(azurite_pid)"; then
    echo "azurite: running, pid $pid, $LOOPBACK:$AZURITE_PORT-$((AZURITE_PORT + 2))"
    any=1
  else
    echo "azurite: stopped"
  fi
  for i in $(known_silos); do
    if pid="$(silo_pid "$i")"; then
      any=1
      health="?"
      if command -v curl >/dev/null; then
        health="$(curl -s --max-time 2 "http://$LOOPBACK:$(silo_http_port "$i")/health" 2>/dev/null || true)"
      fi
      release="$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | sed -n "s|^$RELEASES/\([0-9]*\)/.*|\1|p" | head -n 1 || true)"
      echo "silo $i: running, release ${release:-?}, pid $pid, http://$LOOPBACK:$(silo_http_port "$i"), silo port $((SILO_PORT + i - 1)), gateway port $((GATEWAY_PORT + i - 1)), health ${health:-no answer}"
    else
      echo "silo $i: stopped (log $STATE/logs/silo-$i.log)"
    fi
  done
  if [[ $any == 1 ]] && command -v ss >/dev/null; then
    # Every socket our processes listen on, and a warning for any that is not on loopback.
    local pids
    pids="$(cat "$STATE"/*.pid 2>/dev/null || true)"
    sockets="$(ss -Hltnp 2>/dev/null | while read -r _ _ _ local _ users; do
      for pid in $pids; do
        if [[ "$users" == *"pid=$pid,"* ]]; then echo "$local"; fi
      done
    done | sort -u)" || true
    echo "listening: $(echo "$sockets" | tr '\n' ' ')"
    if echo "$sockets" | grep -v -E '^(127\.[0-9.]+|\[::1\]):[0-9]+$' | grep -q .; then
      echo "WARNING: a process of this cluster listens beyond loopback" >&2
      return 1
    fi
  fi
}

read_options() {
  REPLAY=0
  [[ -f "$STATE/options" ]] && REPLAY="$(cat "$STATE/options")"
  [[ "$REPLAY" == 1 ]] || REPLAY=0
}

command="${1:-}"
[[ -n "$command" ]] || usage
shift
case "$command" in
  plan | start)
    count=3 replay=0 nobuild=0
    for arg in "$@"; do
      case "$arg" in
        --replay) replay=1 ;;
        --no-build) nobuild=1 ;;
        *) is_count "$arg" || die "$command: the silo count must be 1..999, got '$arg'"; count="$arg" ;;
      esac
    done
    if [[ "$command" == plan ]]; then
      plan "$count" "$replay" "$nobuild"
      exit 0
    fi
    mkdir -p "$STATE/logs"
    if azurite_pid >/dev/null || [[ -n "$(for i in $(known_silos); do silo_pid "$i" || true; done)" ]]; then
      die "a cluster already runs from $STATE ('$0 status'); stop it first"
    fi
    rm -rf "$STATE"/silo-* "$STATE"/*.pid
    echo "$replay" >"$STATE/options"
    for port in "$AZURITE_PORT" $((AZURITE_PORT + 1)) $((AZURITE_PORT + 2)); do
      listening "$port" && die "Azurite's port $LOOPBACK:$port is in use; set QUANT_LOCAL_AZURITE_PORT"
    done
    for ((i = 1; i <= count; i++)); do
      for port in $((SILO_PORT + i - 1)) $((GATEWAY_PORT + i - 1)) "$(silo_http_port "$i")"; do
        listening "$port" && die "port $LOOPBACK:$port of silo $i is in use (another silo or program); set QUANT_LOCAL_*_PORT"
      done
    done
    make_release "$(start_release "$nobuild")" "$nobuild"
    prune_releases
    start_azurite || { stop_all || true; exit 1; }
    for ((i = 1; i <= count; i++)); do start_silo "$i" "$replay"; done
    for ((i = 1; i <= count; i++)); do wait_silo "$i" || { stop_all || true; exit 1; }; done
    echo "cluster $CLUSTER_ID: $count silos; '$0 stop' stops it"
    ;;
  add)
    [[ -z "${1:-}" ]] || die "add: unknown option '$1' (a new silo runs the current release; 'upgrade' makes a new one)"
    azurite_pid >/dev/null || die "no cluster runs from $STATE: '$0 start' first"
    last="$(known_silos | tail -n 1)"
    next=$((${last:-0} + 1))
    read_options
    start_silo "$next" "$REPLAY"
    wait_silo "$next" || exit 1
    ;;
  restart)
    i="${1:-}"
    is_count "$i" && [[ -d "$STATE/silo-$i" ]] || die "restart: no silo '$i' in $STATE (known: $(known_silos | tr '\n' ' '))"
    silo_pid "$i" >/dev/null && die "silo $i runs (pid $(silo_pid "$i")): drain it first"
    azurite_pid >/dev/null || die "Azurite does not run: '$0 start' first"
    read_options
    start_silo "$i" "$REPLAY"
    wait_silo "$i" || exit 1
    ;;
  drain | kill)
    i="${1:-}"
    is_count "$i" || die "$command: which silo? ($(known_silos | tr '\n' ' '))"
    pid="$(silo_pid "$i")" || die "silo $i does not run"
    if [[ "$command" == kill ]]; then
      kill -KILL "$pid"
      echo "silo $i (pid $pid) killed (SIGKILL)"
    else
      terminate "silo $i" "$pid" "$STOP_TIMEOUT" && echo "silo $i (pid $pid) drained: its grains deactivated and wrote their state"
    fi
    rm -f "$STATE/silo-$i.pid"
    ;;
  upgrade)
    nobuild=0
    if [[ -n "${1:-}" ]]; then
      [[ "$1" == --no-build ]] || die "upgrade: unknown option '$1'"
      nobuild=1
    fi
    azurite_pid >/dev/null || die "no cluster runs from $STATE: '$0 start' first"
    previous="$(current_release || true)"
    release=$(($(last_release) + 1))
    make_release "$release" "$nobuild"
    read_options
    # One silo at a time: each is drained (its grains deactivate and write their state; the others take them over),
    # then started on the new release, and the next waits until it serves again.
    for i in $(known_silos); do
      if ! pid="$(silo_pid "$i")"; then
        echo "silo $i does not run: not upgraded ('$0 restart $i' starts it on release $release)" >&2
        continue
      fi
      terminate "silo $i" "$pid" "$STOP_TIMEOUT" && echo "silo $i (pid $pid, release $previous) drained"
      rm -f "$STATE/silo-$i.pid"
      start_silo "$i" "$REPLAY"
      wait_silo "$i" || die "silo $i did not come back on release $release; the silos after it still run release $previous ('$0 status')"
    done
    prune_releases
    echo "cluster $CLUSTER_ID upgraded to release $release"
    ;;
  stop) stop_all ;;
  status) status ;;
  *) usage ;;
esac
