#!/bin/sh
# The integration stage of `make test`: PostgreSQL and Redis (Debian's packages) started for
# the stage as an unprivileged user in a temporary folder on 127.0.0.1 with free ports, the
# `integration` tests run against them (gunicorn with 3 workers and `python -m emulator` are
# started by the tests), then both servers stopped and the folder removed, even on failure.
#   sh tools/integration-stage.sh [pytest options]
#   sh tools/integration-stage.sh --run COMMAND...   (e.g. bench/served.py on PostgreSQL+Redis)
set -eu
cd "$(dirname "$0")/.."
PY=.venv/bin/python

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$PGBIN/initdb" ] || { echo "PostgreSQL's initdb not found under /usr/lib/postgresql" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "redis-server not found" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/homeydash-stage.XXXXXX")
# initdb and postgres refuse to run as root: as root, the cluster belongs to nobody.
if [ "$(id -u)" = 0 ]; then
  chown nobody "$WORK"
  AS="runuser -u nobody --"
else
  AS=""
fi
free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PGPORT=$(free_port)
REDISPORT=$(free_port)

stop() {
  status=$?
  [ -f "$WORK/pg/postmaster.pid" ] && $AS "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  [ -f "$WORK/redis.pid" ] && kill "$(cat "$WORK/redis.pid")" 2>/dev/null || true
  rm -rf "$WORK"
  exit $status
}
trap stop EXIT INT TERM

$AS "$PGBIN/initdb" -D "$WORK/pg" -U homeydash --auth=trust -E UTF8 --no-sync >/dev/null
$AS "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w -o \
  "-c listen_addresses=127.0.0.1 -p $PGPORT -k $WORK -c fsync=off -c max_connections=60" \
  start >/dev/null
redis-server --bind 127.0.0.1 --port "$REDISPORT" --save '' --appendonly no \
  --daemonize yes --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log" --dir "$WORK"

echo "Integration stage: PostgreSQL on 127.0.0.1:$PGPORT, Redis on 127.0.0.1:$REDISPORT"
export HOMEYDASH_STAGE_POSTGRES="postgres://homeydash@127.0.0.1:$PGPORT"
export HOMEYDASH_STAGE_REDIS="redis://127.0.0.1:$REDISPORT"
if [ "${1:-}" = "--run" ]; then
  shift
  "$@"
else
  .venv/bin/pytest -m integration -p no:randomly "$@"
fi
