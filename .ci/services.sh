#!/usr/bin/env bash
# Installs and starts what the tests need on a fresh Debian machine: Chromium (browser tests),
# PostgreSQL (the store's tests), Redis (scale-out tests), and tcpdump, tshark/dumpcap, tc and
# unshare (captures made on loopback and read back by the capture tests), all on loopback. Idempotent.
# Prints the environment to use: `eval "$(bash .ci/services.sh)"`.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v tcpdump >/dev/null 2>&1 || need+=(tcpdump)
command -v dumpcap >/dev/null 2>&1 || need+=(tshark)
command -v tc >/dev/null 2>&1 || need+=(iproute2)
command -v unshare >/dev/null 2>&1 || need+=(util-linux)
[ -d /usr/lib/postgresql ] && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq >&2
  apt-get install -y -qq "${need[@]}" >&2
fi

# PostgreSQL: Debian's cluster "main", a login role and a test database.
pgver=$(ls /usr/lib/postgresql | sort -n | tail -1)
pg_ctlcluster "$pgver" main start >&2 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 0.5; done
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='synack'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"CREATE ROLE synack LOGIN PASSWORD 'synack'\"" >&2
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='synack_test'\"" | grep -q 1 \
  || su postgres -c "createdb -O synack synack_test" >&2

# Redis on loopback, nothing kept on disk.
redis-cli -p 6390 ping >/dev/null 2>&1 || redis-server --port 6390 --bind 127.0.0.1 --save "" --appendonly no --daemonize yes >&2

echo "export DATABASE_URL=postgres://synack:synack@127.0.0.1:5432/synack_test"
echo "export REDIS_URL=redis://127.0.0.1:6390"
echo "export CHROMIUM_PATH=/usr/bin/chromium"
