# lib-postfix.sh - a private Postfix on loopback for bench/run (sourced)
#
# The same approach as tests/postfix/t-postfix.sh: run as root, everything
# under one temp dir, Postfix from its own config_directory (no chroot, no
# DNS, relayhost an IP literal, maillog_file in the temp dir), the next hop
# an smtp-sink, loopback ports chosen at random.  The system Postfix is
# never touched.  Unlike the test, one instance serves every configuration
# at once: each has its own smtpd listener with its own smtpd_milters, so
# no configuration waits for a reload and all share one queue.
#
# Every process started here is recorded and stopped by PID (bench_stop).
#
#   bench_init DIR        set up the helpers' state under DIR
#   bench_free_port       print an unused loopback TCP port
#   bench_wait_for CMD..  retry CMD for up to 20 s
#   bench_port_open PORT  is something listening on 127.0.0.1:PORT
#   bench_spawn NAME CMD  start CMD in the background, log to DIR/NAME.log,
#                         remember its PID as pid_NAME
#   bench_sink            start smtp-sink; sets sink_port
#   bench_listener NAME MILTER
#                         add an smtpd listener (MILTER empty: none);
#                         sets port_NAME; call before bench_postfix
#   bench_postfix         write main.cf/master.cf and start Postfix
#   bench_queue_settled   nothing in incoming, active, deferred or maildrop
#   bench_stop            stop everything started, by PID

PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

# bench_init DIR - where everything lives
bench_init() {
    bench_dir=$1
    bench_cfg=$bench_dir/etc
    bench_spool=$bench_dir/spool
    bench_pids=""
    bench_postfix_started=""
    bench_listeners=""
    mkdir -p "$bench_cfg" "$bench_spool" "$bench_dir/data" "$bench_dir/run"
    chmod 755 "$bench_dir"
    chown postfix "$bench_dir/data"
    chown nobody "$bench_dir/run"	# like systemd's RuntimeDirectory
}

bench_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# bench_wait_for COMMAND... - retry for up to 20 s
bench_wait_for() {
    _i=0
    until "$@"; do
        _i=$((_i + 1)); [ $_i -ge 200 ] && return 1; sleep 0.1
    done
}

bench_port_open() {
    python3 -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $1)))"
}

# bench_spawn NAME COMMAND... - start in the background, remember the PID
bench_spawn() {
    _name=$1; shift
    "$@" >> "$bench_dir/$_name.log" 2>&1 &
    eval "pid_$_name=\$!"
    bench_pids="$bench_pids $!"
}

# bench_sink - the next hop: accepts and discards everything
bench_sink() {
    sink_port=$(bench_free_port)
    bench_spawn sink smtp-sink -u postfix "127.0.0.1:$sink_port" 256
    bench_wait_for bench_port_open "$sink_port"
}

# bench_listener NAME MILTER - one smtpd per configuration
bench_listener() {
    _port=$(bench_free_port)
    eval "port_$1=$_port"
    bench_listeners="$bench_listeners
127.0.0.1:$_port inet n - n - - smtpd -o smtpd_milters=$2"
}

# bench_postfix - configure and start the private instance
bench_postfix() {
    cat > "$bench_cfg/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $bench_spool
data_directory = $bench_dir/data
mail_owner = postfix
setgid_group = postdrop
maillog_file = $bench_dir/maillog
maillog_file_prefixes = $bench_dir
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = mx.bench.test
mydestination =
mynetworks = 127.0.0.0/8
relayhost = [127.0.0.1]:$sink_port
smtp_dns_support_level = disabled
smtp_tls_security_level = none
smtpd_tls_security_level = none
smtpd_peername_lookup = no
alias_maps =
alias_database =
local_recipient_maps =
in_flow_delay = 0
smtputf8_enable = no
biff = no
smtpd_milters =
non_smtpd_milters =
milter_default_action = tempfail
milter_protocol = 6
milter_connect_timeout = 5s
CONF
    cat > "$bench_cfg/master.cf" <<CONF
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n - 0 cleanup
qmgr      unix  n - n 300 1 qmgr
rewrite   unix  - - n - - trivial-rewrite
bounce    unix  - - n - 0 bounce
defer     unix  - - n - 0 bounce
trace     unix  - - n - 0 bounce
verify    unix  - - n - 1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n - - proxymap
smtp      unix  - - n - - smtp
relay     unix  - - n - - smtp
showq     unix  n - n - - showq
error     unix  - - n - - error
retry     unix  - - n - - error
discard   unix  - - n - - discard
anvil     unix  - - n - 1 anvil
scache    unix  - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd$bench_listeners
CONF
    postfix -c "$bench_cfg" start > "$bench_dir/postfix-start.log" 2>&1 || return 1
    bench_postfix_started=1
}

# bench_queue_settled - everything accepted has been delivered (or held)
bench_queue_settled() {
    [ -z "$(find "$bench_spool/incoming" "$bench_spool/active" "$bench_spool/deferred" \
        "$bench_spool/maildrop" -type f 2>/dev/null | head -n 1)" ]
}

# bench_stop - stop Postfix and every process started, by PID
bench_stop() {
    if [ -n "$bench_postfix_started" ]; then
        postfix -c "$bench_cfg" stop >/dev/null 2>&1
        _master=$(head -n 1 "$bench_spool/pid/master.pid" 2>/dev/null | tr -d ' ')
        if [ -n "$_master" ]; then
            kill -TERM "$_master" 2>/dev/null
            _i=0
            while kill -0 "$_master" 2>/dev/null && [ $_i -lt 50 ]; do
                sleep 0.1; _i=$((_i + 1))
            done
        fi
        bench_postfix_started=""
    fi
    for _pid in $bench_pids; do
        kill -TERM "$_pid" 2>/dev/null
    done
    for _pid in $bench_pids; do
        _i=0
        while kill -0 "$_pid" 2>/dev/null && [ $_i -lt 50 ]; do
            sleep 0.1; _i=$((_i + 1))
        done
        kill -KILL "$_pid" 2>/dev/null
        wait "$_pid" 2>/dev/null
    done
    bench_pids=""
}
