#!/bin/sh
# t-history-cli.sh - regphish check --history/--learn and regphish history
#
# A local store (LMDB) in a temp dir.  Checks: check without either option
# leaves the store as it was (and --history reads without writing); --learn
# records, so a domain's first message carries FIRST_CONTACT and its
# second, once the first was recorded as unflagged, does not; regphish
# history shows both roles (text and JSON), reduces a name to its
# registrable domain, exits 0 for a known domain and 1 for an unknown one;
# history --import records at the Date: of each message, and at the time
# of the import when the Date: is missing, before 1990 or in the future; a
# history_redis that is not HOST:PORT is refused as the milter refuses it.

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$top_srcdir/tests/lib.sh"
make_tmp
mkdir -p "$tmp/store" "$tmp/maildir/cur" "$tmp/maildir/new" "$tmp/maildir/tmp"
hconf=$tmp/history.conf
{ cat "$conf"; printf 'history = local\nhistory_path = %s\n' "$tmp/store"; } > "$hconf"
R="-c $hconf -r $rules"

# lure FILE DOMAIN [DATE] - lure wording from DOMAIN, below the tag threshold
#	even with FIRST_CONTACT (so it is recorded unflagged)
lure() {
    { printf 'From: Accounts <desk@%s>\nSubject: Action needed\n' "$2"
      [ -n "$3" ] && printf 'Date: %s\n' "$3"
      printf '\nYour account will be suspended within 24 hours unless you verify your email.\n'
      printf 'https://login.%s/verify\n' "$2"; } > "$1"
}
lure "$tmp/a.eml" first-time.example

# No option: the history is neither read nor written (the store stays empty).
expect_rc "check without --history" 0 "$cli" check $R "$tmp/a.eml"
expect_no "no history symbol without --history" "FIRST_CONTACT" "$tmp/out"
[ -z "$(ls "$tmp/store")" ] && ok "check without --learn writes nothing" \
    || not_ok "check without --learn wrote $(ls "$tmp/store")"
expect_rc "--history on a store not yet made is an error" 2 "$cli" check $R --history "$tmp/a.eml"
expect_grep "... that names the store" "cannot open the history: $tmp/store" "$tmp/err"

expect_rc "--learn records" 0 "$cli" check $R --learn "$tmp/a.eml"
expect_grep "the first message is a first contact" "FIRST_CONTACT .*first message from first-time.example" "$tmp/out"
expect_rc "--history reads" 0 "$cli" check $R --history "$tmp/a.eml"
expect_no "the second message is no first contact" "FIRST_CONTACT " "$tmp/out"
cp -r "$tmp/store" "$tmp/store.before"
expect_rc "--history again" 0 "$cli" check $R --history "$tmp/a.eml"
expect_rc "history shows the domain" 0 "$cli" history $R first-time.example
before=$(cat "$tmp/out")
"$cli" check $R --history "$tmp/a.eml" > /dev/null
"$cli" history $R first-time.example > "$tmp/after"
[ "$before" = "$(cat "$tmp/after")" ] && ok "--history does not count the message" \
    || not_ok "--history changed the store: $before / $(cat "$tmp/after")"
expect_grep "sender role, with its counts" "^first-time.example: sender: first seen .*, 1 message, 0 flagged" "$tmp/after"
expect_grep "link role too" "^first-time.example: link: first seen .*, 1 message, 0 flagged" "$tmp/after"

expect_rc "a name is reduced to its registrable domain" 0 "$cli" history --json $R Login.First-Time.example
expect_grep "JSON names both" '"domain":"Login.First-Time.example","registrable":"first-time.example","sender":{"first_seen":"[0-9T:Z-]*","last_seen":"[0-9T:Z-]*","messages":1,"flagged":0,"brand":null},"link":{' "$tmp/out"
expect_rc "an unknown domain exits 1" 1 "$cli" history $R never-seen.example
expect_grep "... and says so" "never-seen.example: sender: never seen" "$tmp/out"
expect_rc "a name that is no domain exits 2" 2 "$cli" history $R "no domain"

# --import: at the message's Date:, when it is sane (dates within the
# retention, or the store would rightly forget them).
day=$(date -u -d '3 days ago' '+%d %b %Y') iso=$(date -u -d '3 days ago' '+%Y-%m-%d')
short=$(date -u -d '3 days ago' '+%d %b %y')
lure "$tmp/maildir/cur/1" dated.example "Tue, $day 10:00:00 +0100"
lure "$tmp/maildir/cur/2" obsolete.example "$short 10:00 EST"
lure "$tmp/maildir/new/3" ancient.example "Thu, 1 Jan 1970 00:00:01 +0000"
lure "$tmp/maildir/new/4" future.example "Fri, 1 Jan 2100 00:00:00 +0000"
lure "$tmp/maildir/new/5" undated.example
expect_rc "--import" 0 "$cli" history --import $R "$tmp/maildir"
expect_grep "... counts the messages" "^imported 5 messages (0 flagged)" "$tmp/out"
"$cli" history --json $R dated.example obsolete.example ancient.example future.example \
    undated.example > "$tmp/imported"
expect_grep "the Date: is the first sight" '"registrable":"dated.example","sender":{"first_seen":"'$iso'T09:00:00Z"' "$tmp/imported"
expect_grep "an obsolete Date: is read" '"registrable":"obsolete.example","sender":{"first_seen":"'$iso'T15:00:00Z"' "$tmp/imported"
today=$(date -u +%Y-%m-%d)
for d in ancient future undated; do
    expect_grep "$d: the time of the import" "\"registrable\":\"$d.example\",\"sender\":{\"first_seen\":\"$today" "$tmp/imported"
done
expect_rc "--import is for history only" 2 "$cli" check --import $R "$tmp/a.eml"
expect_rc "--learn is for check only" 2 "$cli" history --learn $R first-time.example

printf 'history_redis = 6379\n' >> "$hconf"
expect_rc "a bad history_redis is refused" 2 "$cli" config $R
expect_grep "... with the reason" 'history_redis: "6379" is not HOST:PORT' "$tmp/err"
finish
