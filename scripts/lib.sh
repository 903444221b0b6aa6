# Checks shared by start.sh, test.sh and .ci/run. Each stops with one sentence
# that says what is wrong and how to fix it.

fail() { echo "error: $*" >&2; exit 1; }

# accepts_connections HOST PORT: true when something listens there.
accepts_connections() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

require_free_port() {
  if accepts_connections 127.0.0.1 "$1"; then
    fail "port $1 is already in use ($2): stop the process holding it (see 'ss -ltnp | grep :$1') and run this again."
  fi
}
