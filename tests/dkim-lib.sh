# dkim-lib.sh - DKIM keys and signed mail made at test time (sourced by
# t-dkim.sh and postfix/t-dkim-postfix.sh after lib.sh, directly or
# through postfix/rig.sh: lib.sh sets top_builddir)
#
# dkim_tools_missing - say what is missing and return 0, or return 1
# dkim_key DIR NAME SELECTOR DOMAIN - a new key pair: DIR/NAME.private, and
#     the public key appended to DIR/keys as libopendkim's file query method
#     reads it (SELECTOR._domainkey.DOMAIN, a space, the TXT record's text)
# dkim_sign DIR NAME SELECTOR DOMAIN [relaxed|simple] <in >out - sign with
#     DIR/NAME.private as d=DOMAIN, s=SELECTOR (tests/dkim-sign)
# dkim_cases DIR ID - the messages both DKIM tests check, made in DIR from
#     keys "pypi" (s1, pypi.org) and "pypj" (s2, pypj.org): genuine.txt
#     (unsigned, Message-ID <ID@pypi.org>) and lookalike.txt, then
#     genuine.eml and genuine-simple.eml (aligned brand mail with urgent
#     wording), lookalike.eml (signed by the lookalike, lure and lookalike
#     link), forged-ar.eml (an untrusted Authentication-Results claiming
#     pypi.org passed), forged-trusted.eml (the same claim under the trusted
#     id mx.example.net, in mixed case, below the Received header of the
#     relay the sender used: the sender wrote it), broken.eml (d=pypi.org
#     signed with the wrong key) and altered.eml (body changed after signing)
# For the tests on the Postfix rig (postfix/rig.sh), where each message went
# in with rig_send FILE ID:
# dkim_copy_of ID - the delivered or held copy of message ID (headers, body)
# dkim_where ID - "delivered", "held" or "lost"
# dkim_expect ID PLACES ACTIONS WANT REJECT - where it went and its action
#     (one of PLACES, of ACTIONS: "a|b"), symbols that must (WANT, space
#     separated) and must not (REJECT) be listed in X-Regphish-Symbols; one
#     rig_ok, or a rig_fail for each miss
PATH=$PATH:/usr/sbin
dkim_signer="${top_builddir:?}/tests/dkim-sign"

dkim_tools_missing() {
    if ! command -v opendkim-genkey >/dev/null 2>&1; then
        echo "opendkim-genkey not installed (Debian package opendkim-tools)"
    elif [ ! -x "$dkim_signer" ]; then
        echo "$dkim_signer not built (make -C tests dkim-sign)"
    else
        return 1
    fi
}

dkim_key() {
    (cd "$1" && opendkim-genkey -b 1024 -d "$4" -s "$3" && mv "$3.private" "$2.private" \
        && { printf '%s._domainkey.%s ' "$3" "$4"; grep -o '"[^"]*"' "$3.txt" | tr -d '"\n'; echo; } >> keys \
        && rm -f "$3.txt")
}

dkim_sign() {
    "$dkim_signer" "$1/$2.private" "$3" "$4" ${5:-relaxed}
}

dkim_cases() {
    cat > "$1/genuine.txt" <<EOF
From: PyPI <noreply@pypi.org>
To: user@example.net
Subject: [PyPI] Two-factor authentication required
Date: Mon, 01 Jan 2024 10:00:00 +0000
Message-ID: <$2@pypi.org>

Urgent: your account will be suspended unless you enable two-factor
authentication within 24 hours. Verify your account now at
https://pypi.org/manage/account/two-factor/
EOF
    cat > "$1/lookalike.txt" <<'EOF'
From: PyPI Security <security@pypj.org>
To: user@example.net
Subject: [PyPI] Verify your account
Date: Mon, 01 Jan 2024 10:00:00 +0000
Content-Type: text/html

<p>Your account will be suspended within 24 hours. Verify your account:</p>
<p><a href="https://pypj.org/account/login/">https://pypi.org/account/login/</a></p>
EOF
    dkim_sign "$1" pypi s1 pypi.org < "$1/genuine.txt" > "$1/genuine.eml"
    dkim_sign "$1" pypi s1 pypi.org simple < "$1/genuine.txt" > "$1/genuine-simple.eml"
    dkim_sign "$1" pypj s2 pypj.org < "$1/lookalike.txt" > "$1/lookalike.eml"
    { echo "Authentication-Results: mx.attacker.example; dkim=pass header.d=pypi.org; dmarc=pass header.from=pypi.org"
      cat "$1/genuine.txt"; } > "$1/forged-ar.eml"
    { printf 'Received: from [192.0.2.9] (unknown [192.0.2.9])\n'
      printf '\tby smtp.relay.example (Postfix) with ESMTPSA id 4XyZ;\n'
      printf '\tMon, 01 Jan 2024 09:59:58 +0000\n'
      echo "Authentication-Results: MX.Example.NET; dkim=pass header.d=pypi.org; dmarc=pass header.from=pypi.org"
      cat "$1/genuine.txt"; } > "$1/forged-trusted.eml"
    # Signed with the lookalike's private key, claiming d=pypi.org s=s1.
    dkim_sign "$1" pypj s1 pypi.org < "$1/genuine.txt" > "$1/broken.eml"
    sed 's/within 24 hours/within 2 hours/' "$1/genuine.eml" > "$1/altered.eml"
}

dkim_copy_of() {
    _f=$(rig_delivered "$1")
    if [ -n "$_f" ]; then tr -d '\r' < "$_f"; return; fi
    for _q in $(rig_held_ids); do
	_c=$(postcat -c "$RIG_CFG" -bh -q "$_q" 2>/dev/null)
	case "$_c" in *"X-Test-Id: $1"*) printf '%s\n' "$_c"; return ;; esac
    done
}

dkim_where() {
    if [ -n "$(rig_delivered "$1")" ]; then echo delivered
    elif dkim_copy_of "$1" | grep -q "^X-Test-Id: $1"; then echo held
    else echo lost; fi
}

dkim_expect() {
    _copy=$RIG_TMP/copy.$1
    dkim_copy_of "$1" > "$_copy"
    _where=$(dkim_where "$1") _bad=$RIG_FAILURES
    case "|$2|" in *"|$_where|"*) ;; *) rig_fail "$1: $_where, want $2" ;; esac
    _action=$(sed -n 's/^X-Regphish-Action: //p' "$_copy")
    case "|$3|" in *"|$_action|"*) ;; *) rig_fail "$1: action '$_action', want $3" ;; esac
    # -Symbols is folded: join its lines first.
    _syms=$(awk '/^X-Regphish-Symbols:/{s=1} s&&/^[^ \t]/&&!/^X-Regphish-Symbols:/{s=0} s' "$_copy" | tr -d '\n')
    for _s in $4; do
	case "$_syms" in *"$_s="*) ;; *) rig_fail "$1: $_s missing from X-Regphish-Symbols: $_syms" ;; esac
    done
    for _s in $5; do
	case "$_syms" in *"$_s="*) rig_fail "$1: $_s in X-Regphish-Symbols: $_syms" ;; esac
    done
    [ "$RIG_FAILURES" -eq "$_bad" ] && rig_ok "$1: $_where, $_action"
}
