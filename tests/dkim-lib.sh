# dkim-lib.sh - DKIM keys and signed mail made at test time (sourced by
# t-dkim.sh and postfix/t-dkim-postfix.sh)
#
# dkim_tools_missing - say what is missing and return 0, or return 1
# dkim_key DIR NAME SELECTOR DOMAIN - a new key pair: DIR/NAME.private, and
#     the public key appended to DIR/keys as libopendkim's file query method
#     reads it (SELECTOR._domainkey.DOMAIN, a space, the TXT record's text)
# dkim_sign DIR NAME SELECTOR DOMAIN [relaxed|simple] <in >out - sign with
#     DIR/NAME.private as d=DOMAIN, s=SELECTOR (tests/dkim-sign)
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
