#!/usr/bin/env bash
# Start a local Docker daemon for the container integration tests, if none answers yet.
#
# - Exits 0 at once when `docker info` already answers.
# - Installs Debian's docker.io if dockerd is missing.
# - Starts dockerd without any networking of its own (no bridge, no iptables, no NAT):
#   test containers run with --network none, and no image is ever pulled.
# - Waits (bounded) until the daemon answers; on failure prints the tail of its log.
# Idempotent and safe to run twice (also concurrently: a lock serialises the runs).
#
# Environment (all optional):
#   DOCKER_UP_TIMEOUT     seconds to wait for the daemon (default 60)
#   DOCKER_UP_DIR         where the log and pid files go (default ${TMPDIR:-/tmp}/mmsb-dockerd)
#   DOCKERD_EXTRA_ARGS    extra dockerd flags, e.g. "--storage-driver=vfs"
#
# On the java-maven machine no storage or cgroup flag is needed: dockerd 20.10 picks
# overlay2 (on ext4) and the cgroupfs driver (cgroup v1 memory controller) by itself.
set -euo pipefail

TIMEOUT="${DOCKER_UP_TIMEOUT:-60}"
DIR="${DOCKER_UP_DIR:-${TMPDIR:-/tmp}/mmsb-dockerd}"
LOG="$DIR/dockerd.log"
PIDFILE="$DIR/dockerd.pid"
LOCK="$DIR/docker-up.lock"

log() { echo "docker-up: $*" >&2; }

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=(sudo -n); else SUDO=(); fi
fi

docker_answers() {
  command -v docker >/dev/null 2>&1 || return 1
  local v
  v="$(timeout 15 docker info --format '{{.ServerVersion}}' 2>/dev/null)" || return 1
  [ -n "$v" ] && [ "$v" != "<no value>" ]
}

if docker_answers; then
  exit 0
fi

mkdir -p "$DIR"
# Serialise concurrent runs; the second one just sees a running daemon.
exec 9>"$LOCK"
if command -v flock >/dev/null 2>&1; then
  flock -w "$((TIMEOUT + 120))" 9 || { log "could not take lock $LOCK"; exit 1; }
fi

if docker_answers; then
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
  log "dockerd/docker not installed; installing Debian's docker.io"
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get -qq update >/dev/null
  "${SUDO[@]}" apt-get -qq install -y --no-install-recommends docker.io >/dev/null
  command -v dockerd >/dev/null 2>&1 || { log "docker.io installed but dockerd not found on PATH"; exit 1; }
fi

show_log() {
  echo "--- errors in $LOG:" >&2
  grep -E 'level=(error|fatal)|failed to start' "$LOG" 2>/dev/null | tail -n 10 >&2 || true
  echo "--- last lines of $LOG:" >&2
  tail -n 15 "$LOG" >&2 || true
}

pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

PID=""
if [ -f "$PIDFILE" ]; then
  PID="$(cat "$PIDFILE" 2>/dev/null || true)"
  if pid_alive "$PID" && tr '\0' ' ' <"/proc/$PID/cmdline" 2>/dev/null | grep -q dockerd; then
    log "dockerd (pid $PID) already started, waiting for it to answer"
  else
    PID=""
  fi
fi

if [ -z "$PID" ]; then
  # Another dockerd (not ours) may still be starting or hung: do not start a second one.
  if [ -f /var/run/docker.pid ] && pid_alive "$(cat /var/run/docker.pid 2>/dev/null)"; then
    PID="$(cat /var/run/docker.pid)"
    log "a dockerd (pid $PID, from /var/run/docker.pid) is running, waiting for it to answer"
  else
    # shellcheck disable=SC2206
    EXTRA=(${DOCKERD_EXTRA_ARGS:-})
    log "starting dockerd (log: $LOG)"
    : >"$LOG"
    # setsid: own session, so the caller's process group ending does not take dockerd down.
    "${SUDO[@]}" setsid nohup dockerd \
      --bridge=none --iptables=false --ip-masq=false --ip6tables=false \
      "${EXTRA[@]}" \
      </dev/null >>"$LOG" 2>&1 9>&- &
    PID=$!
    echo "$PID" >"$PIDFILE"
  fi
fi

deadline=$(( $(date +%s) + TIMEOUT ))
while :; do
  if docker_answers; then
    log "docker daemon is up ($(docker info --format '{{.ServerVersion}} {{.Driver}} cgroup={{.CgroupDriver}}/v{{.CgroupVersion}}' 2>/dev/null))"
    exit 0
  fi
  if ! pid_alive "$PID"; then
    log "ERROR: dockerd (pid $PID) exited before answering."
    show_log
    exit 1
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    log "ERROR: docker daemon did not answer within ${TIMEOUT}s (dockerd pid $PID still running)."
    show_log
    exit 1
  fi
  sleep 1
done
