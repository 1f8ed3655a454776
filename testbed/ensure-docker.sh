#!/usr/bin/env bash
# Make sure a Docker daemon is reachable for the herd testbed.
# Idempotent: installs docker.io when dockerd is missing, and starts dockerd
# (no bridge, no iptables: test containers use --network host only) when
# `docker info` fails. Log: /tmp/herd-dockerd.log
set -euo pipefail

LOG=/tmp/herd-dockerd.log
WAIT_SECONDS=60

log() { echo "ensure-docker: $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
  log "dockerd/docker not found; installing docker.io from apt"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io
fi

if docker info >/dev/null 2>&1; then
  log "docker daemon already running"
  exit 0
fi

# A stale pid file from a killed daemon makes dockerd refuse to start.
if [ -f /var/run/docker.pid ] && ! kill -0 "$(cat /var/run/docker.pid 2>/dev/null)" 2>/dev/null; then
  as_root rm -f /var/run/docker.pid
fi

if pgrep -x dockerd >/dev/null 2>&1; then
  log "dockerd process exists but is not answering yet; waiting"
else
  log "starting dockerd --bridge=none --iptables=false (log: $LOG)"
  as_root sh -c "nohup dockerd --bridge=none --iptables=false >>'$LOG' 2>&1 </dev/null &"
fi

for _ in $(seq 1 "$WAIT_SECONDS"); do
  if docker info >/dev/null 2>&1; then
    log "docker daemon is up ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
    exit 0
  fi
  sleep 1
done

log "ERROR: docker daemon did not answer 'docker info' within ${WAIT_SECONDS}s"
log "last lines of $LOG:"
tail -n 30 "$LOG" >&2 2>/dev/null || true
exit 1
