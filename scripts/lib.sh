# Checks shared by start.sh and test.sh. Each stops with one sentence that says
# what is wrong and how to fix it.

fail() { echo "error: $*" >&2; exit 1; }

# port_in_use PORT: true when something on this machine accepts connections on PORT.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

require_free_port() {
  if port_in_use "$1"; then
    fail "port $1 is already in use ($2): stop the process holding it (see 'ss -ltnp | grep :$1') and run this again."
  fi
}

# postgres_answers HOST PORT: true when a PostgreSQL server accepts connections there.
postgres_answers() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}
