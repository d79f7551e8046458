#!/bin/sh
# t-docs.sh - one install story in every doc (issue 15)
#
# (a) The settings tables (as `regphish config -c /dev/null` prints their
#     keys and defaults), conf/regphish.conf and man/regphish.conf.5 list
#     the same keys with the same defaults, and the man page is what
#     tools/gen-confman makes of the conf today (it cannot drift).
# (b) README.md, the conf files, the systemd unit, the man pages (and
#     debian/, when there) name one socket, unix:/var/spool/postfix/
#     regphish/regphish.sock (unix:regphish/regphish.sock inside
#     Postfix's chroot), recommend milter_default_action = tempfail
#     (Sendmail F=T), write no pidfile, and tell the user, the unit's
#     ExecStart and the trusted_networks log line alike.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$top_srcdir/tests/lib.sh"
make_tmp
S=$top_srcdir
sock=/var/spool/postfix/regphish/regphish.sock

# --- (a) keys and defaults
"$cli" config -c /dev/null -r "$rules" | sed 's/\t#.*//' > "$tmp/defaults"
rules_dir=$(sed -n 's/^rules_dir = //p' "$tmp/defaults")
local_dir=$(sed -n 's/^local_rules_dir = //p' "$tmp/defaults")
if [ -s "$tmp/defaults" ]; then ok "settings tables print their defaults"
else not_ok "regphish config -c /dev/null printed nothing"; finish; fi

# same_keys NAME FILE - FILE ("key = value" lines) has exactly the
#	tables' keys, and regphish config reads it back as the defaults
same_keys() {
    sed 's/ =.*//' "$tmp/defaults" | sort > "$tmp/keys.want"
    sed 's/ =.*//' "$2" | sort > "$tmp/keys.have"
    if diff "$tmp/keys.want" "$tmp/keys.have" > "$tmp/keys.diff"; then
	ok "$1 lists every key of the settings tables, no other"
    else
	not_ok "$1 and the settings tables list different keys (< tables only, > $1 only)"
	sed -n 's/^[<>]/    &/p' "$tmp/keys.diff"
    fi
    if ! "$cli" config -c "$2" -r "$rules" > "$tmp/shown" 2> "$tmp/err"; then
	not_ok "$1: its keys and defaults do not load"; sed 's/^/    /' "$tmp/err"
    elif sed 's/\t#.*//' "$tmp/shown" | diff "$tmp/defaults" - > "$tmp/values.diff"; then
	ok "$1 gives every key its built-in default"
    else
	not_ok "$1 and the settings tables give different defaults (< tables, > $1)"
	sed 's/^/    /' "$tmp/values.diff"
    fi
}

sed -n 's/^#\{0,1\}\([a-z][a-z0-9_]* =.*\)$/\1/p' "$S/conf/regphish.conf" \
    | sed -e "s|@rulesdir@|$rules_dir|" -e "s|@localrulesdir@|$local_dir|" > "$tmp/conf.keys"
same_keys conf/regphish.conf "$tmp/conf.keys"

# The man page shows the package's rules directories for the placeholders.
sed -n 's/^\\fB\([a-z][a-z0-9_]* =.*\)\\fR$/\1/p' "$S/man/regphish.conf.5" \
    | sed -e 's/\\e/\\/g' -e 's/^\\&//' \
	  -e "s|^rules_dir = /usr/share/regphish/rules$|rules_dir = $rules_dir|" \
	  -e "s|^local_rules_dir = /etc/regphish/rules.d$|local_rules_dir = $local_dir|" \
	> "$tmp/man.keys"
same_keys man/regphish.conf.5 "$tmp/man.keys"

if ! command -v python3 > /dev/null 2>&1; then
    not_ok "python3 not installed: cannot regenerate man/regphish.conf.5"
elif python3 "$S/tools/gen-confman" "$S" > "$tmp/regphish.conf.5" 2> "$tmp/err" \
    && cmp -s "$tmp/regphish.conf.5" "$S/man/regphish.conf.5"; then
    ok "man/regphish.conf.5 is tools/gen-confman's output for conf/regphish.conf"
else
    not_ok "man/regphish.conf.5 is stale: run tools/gen-confman > man/regphish.conf.5"
    diff "$S/man/regphish.conf.5" "$tmp/regphish.conf.5" | head -20 | sed 's/^/    /'
    sed 's/^/    /' "$tmp/err"
fi

# --- (b) one story
docs="README.md conf/regphish.conf conf/postfix-main.cf conf/sendmail.mc
conf/regphish-milter.service man/regphish-milter.8 man/regphish.1 man/regphish.conf.5"
if [ -d "$S/debian" ]; then
    docs="$docs $(cd "$S" && find debian -type f ! -name changelog ! -name '*.debhelper*' \
	! -path 'debian/.debhelper/*' ! -path 'debian/regphish/*' | sort)"
fi

# absent NAME PATTERN - the flattened file holds no PATTERN (shown in context)
absent() {
    if grep -q -- "$2" "$tmp/flat"; then
	not_ok "$1"; grep -o -- ".\{0,40\}$2.\{0,40\}" "$tmp/flat" | sed 's/^/    /'
    else
	ok "$1"
    fi
}

# flat FILE - FILE as one line of words: comment marks, roff font and
#	dash escapes gone, whitespace squeezed (a phrase may wrap)
flat() {
    sed -e 's/^dnl //' -e 's/^#*[ 	]*//' -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' \
	-e 's/\\e/\\/g' -e 's/\\&//g' "$S/$1" | tr -s ' \t\n' '   '
}

for f in $docs; do
    flat "$f" > "$tmp/flat"
    # every socket named is the one socket, or its name in Postfix's chroot
    grep -o '[A-Za-z0-9:/._-]*\.sock\b' "$tmp/flat" | sort -u > "$tmp/socks"
    if grep -v -x -e "unix:$sock" -e "local:$sock" -e "$sock" \
	-e 'unix:regphish/regphish.sock' "$tmp/socks" > "$tmp/bad"; then
	not_ok "$f names another socket: $(tr '\n' ' ' < "$tmp/bad")"
    else
	ok "$f names no other socket"
    fi
    absent "$f does not mention /run/regphish" '/run/regphish'
    absent "$f sets no pidfile" 'pidfile = /' 
    grep -o 'milter_default_action = [a-z]*' "$tmp/flat" | sort -u > "$tmp/mda"
    if grep -v -x 'milter_default_action = tempfail' "$tmp/mda" > "$tmp/bad"; then
	not_ok "$f recommends $(cat "$tmp/bad")"
    else
	ok "$f recommends no milter_default_action but tempfail"
    fi
done

# has NAME FILE... - each FILE holds the literal phrase NAME
has() {
    _p=$1; shift
    for f in "$@"; do
	flat "$f" > "$tmp/flat"
	if grep -qF -- "$_p" "$tmp/flat"; then ok "$f: $_p"
	else not_ok "$f does not say: $_p"; fi
    done
}

expect_grep "the built-in socket is unix:$sock" "^socket = unix:$sock\$" "$tmp/defaults"
expect_grep "the built-in pidfile is empty" '^pidfile = ""$' "$tmp/defaults"
expect_grep "the built-in user is regphish" '^user = regphish$' "$tmp/defaults"
expect_grep "the built-in fallback is accept" '^fallback = accept$' "$tmp/defaults"
expect_grep "the built-in trusted_networks" '^trusted_networks = 127.0.0.0/8 ::1/128$' "$tmp/defaults"
has "$sock" README.md conf/regphish.conf conf/postfix-main.cf conf/sendmail.mc \
    conf/regphish-milter.service man/regphish-milter.8 man/regphish.conf.5
has "smtpd_milters = unix:regphish/regphish.sock" README.md conf/postfix-main.cf \
    man/regphish-milter.8
has 'non_smtpd_milters = $smtpd_milters' README.md conf/postfix-main.cf man/regphish-milter.8
has "milter_default_action = tempfail" README.md conf/postfix-main.cf man/regphish-milter.8
has "S=local:$sock, F=T" README.md conf/sendmail.mc man/regphish-milter.8
has "every message passes unfiltered whenever the milter is down" README.md \
    conf/postfix-main.cf man/regphish-milter.8
has "adduser --system --group --home /var/lib/regphish regphish" README.md \
    conf/regphish.conf man/regphish-milter.8
has "skipped: client 127.0.0.1 in trusted_networks" README.md conf/regphish.conf \
    conf/postfix-main.cf man/regphish-milter.8 man/regphish.conf.5
has "ExecStart=/usr/sbin/regphish-milter -f -c /etc/regphish/regphish.conf" \
    conf/regphish-milter.service
has "/usr/sbin/regphish-milter -f -c /etc/regphish/regphish.conf" README.md
has "ReadWritePaths=-/var/spool/postfix/regphish " conf/regphish-milter.service
has "X-Regphish-Skipped" README.md conf/regphish.conf man/regphish-milter.8
finish
