#!/usr/bin/env python3
"""rig.py - the Python half of the Postfix test rig (see rig.sh)

Subcommands, each printing tab-separated lines on stdout:

  send --port P --sessions N --messages M --prefix ID [--retry SECONDS]
       [--results FILE] MESSAGE...
      Sends M messages over N concurrent SMTP sessions to 127.0.0.1:P.
      Message i is MESSAGE[i % len] with "X-Test-Id: ID-i" prepended.
      Each session sends its share one after another on one connection
      (RSET between), reconnecting after an error.  With --retry, a
      message answered 4xx (or lost to a dropped connection) is sent again
      with the same X-Test-Id, like an MTA's queue retry, until accepted,
      rejected or SECONDS after the start of the load.  Writes "ID-i<TAB>CODE<TAB>TRIES"
      per message to FILE (CODE: 2, 4 or 5; E = no SMTP reply at all)
      and prints one summary line: sent, 2xx, 4xx, 5xx, E (final
      replies), tempfail_replies (4xx or no reply, retried or not, seen
      along the way), dropped (of those, no reply at all: only then can
      a retry duplicate a message), seconds, messages/s.  After a 4xx or
      a lost connection the session is closed and opened anew.

  scan-sink DIR
      One line per file smtp-sink -d wrote: "TEST-ID<TAB>ACTION<TAB>HDRS",
      ACTION the X-Regphish-Action value ("-" when absent), HDRS 1 when
      X-Regphish-Score and X-Regphish-Symbols are both present.

  scan-queue DIR
      The same for Postfix queue files (e.g. SPOOL/hold), read as records
      without postcat, so 10,000 held messages take a second, not minutes.
"""

import argparse
import os
import re
import smtplib
import socket
import sys
import threading
import time

TEST_ID = re.compile(rb"^X-Test-Id:[ \t]*(\S+)", re.I | re.M)
ACTION = re.compile(rb"^X-Regphish-Action:[ \t]*(\S+)", re.I | re.M)
SCORE = re.compile(rb"^X-Regphish-Score:", re.I | re.M)
SYMBOLS = re.compile(rb"^X-Regphish-Symbols:", re.I | re.M)


def summarise(text):
    """TEST-ID, ACTION, HDRS of one message's header text."""
    head = text.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    tid = TEST_ID.search(head)
    act = ACTION.search(head)
    hdrs = 1 if SCORE.search(head) and SYMBOLS.search(head) else 0
    return (tid.group(1).decode("ascii", "replace") if tid else "-",
            act.group(1).decode("ascii", "replace") if act else "-", hdrs)


def queue_file_text(data):
    """Message content of a Postfix queue file, as postcat -b -h shows it.

    A record is a type byte, a length in base-128 little-endian groups
    (high bit: more follows), then the data.  M starts the content, X
    ends it; N is a whole line, L a line continued by the next record.
    Headers a milter added or changed sit in records appended at the end
    of the file, reached through p (pointer) records whose data is a
    decimal file offset; those are followed, at most a bounded number of
    times, so the lines come out in message order."""
    out, pos, n, jumps, content = [], 0, len(data), 0, False
    while pos < n:
        rtype = data[pos]
        pos += 1
        length, shift = 0, 0
        while pos < n and shift < 35:
            c = data[pos]
            pos += 1
            length |= (c & 0x7f) << shift
            shift += 7
            if not c & 0x80:
                break
        chunk = data[pos:pos + length]
        pos += length
        if rtype == ord("M"):
            content = True
        elif rtype == ord("X"):
            break
        elif rtype == ord("p") and content:
            target = int(chunk or b"0")
            if target > 0 and jumps < 100000:
                pos, jumps = target, jumps + 1
        elif rtype == ord("N") and content:
            out.append(chunk + b"\n")
        elif rtype == ord("L") and content:
            out.append(chunk)
    return b"".join(out)


def scan(directory, queue):
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        if not os.path.isfile(path):
            continue
        with open(path, "rb") as fp:
            data = fp.read()
        if queue:
            tid, act, hdrs = summarise(queue_file_text(data))
        else:
            tid, act, hdrs = summarise(data)
        print("%s\t%s\t%d" % (tid, act, hdrs))


def reply_class(exc):
    """2/4/5 for an smtplib exception, E when there was no reply."""
    code = getattr(exc, "smtp_code", None)
    if code is None and isinstance(exc, smtplib.SMTPRecipientsRefused):
        code = min(c for c, _ in exc.recipients.values())
    if code is None:
        return "E"
    return str(code // 100)


def close(conn):
    """Drop an SMTP connection without a word."""
    if conn is not None:
        try:
            conn.close()
        except OSError:
            pass


class Sender:
    def __init__(self, args, bodies):
        self.args, self.bodies = args, bodies
        self.lock = threading.Lock()
        self.next = 0
        self.results = {}
        self.tempfails = 0
        self.dropped = 0
        self.deadline = time.time() + (args.retry or 0)

    def take(self):
        with self.lock:
            if self.next >= self.args.messages:
                return None
            i = self.next
            self.next += 1
            return i

    def session(self):
        conn = None
        i = self.take()
        tries = 0
        while i is not None:
            tid = "%s-%d" % (self.args.prefix, i)
            msg = b"X-Test-Id: " + tid.encode() + b"\r\n" + self.bodies[i % len(self.bodies)]
            tries += 1
            try:
                if conn is None:
                    conn = smtplib.SMTP("127.0.0.1", self.args.port, timeout=120)
                conn.sendmail("sender@example.org", ["user@example.net"], msg)
                code = "2"
            except (smtplib.SMTPException, OSError) as exc:
                code = reply_class(exc)
                # after a 5xx the session goes on; after a 4xx or a lost
                # connection it is closed and opened anew, as an MTA
                # would on its next queue run
                try:
                    if code != "5" or conn is None:
                        raise OSError
                    conn.rset()
                except (smtplib.SMTPException, OSError):
                    close(conn)
                    conn = None
            if code in ("4", "E"):
                with self.lock:
                    self.tempfails += 1
                    self.dropped += code == "E"
                if self.args.retry and time.time() < self.deadline:
                    time.sleep(0.2)
                    continue
            with self.lock:
                self.results[tid] = (code, tries)
            i, tries = self.take(), 0
        if conn is not None:
            try:
                conn.quit()
            except (smtplib.SMTPException, OSError):
                close(conn)

    def run(self):
        start = time.time()
        threads = [threading.Thread(target=self.session) for _ in range(self.args.sessions)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return time.time() - start


def send(args):
    bodies = []
    for path in args.files:
        with open(path, "rb") as fp:
            data = fp.read()
        # SMTP wants CRLF line ends (smtplib dot-stuffs bytes but leaves
        # bare LF alone, which a strict smtpd refuses)
        bodies.append(re.sub(rb"\r?\n", b"\r\n", data))
    sender = Sender(args, bodies)
    secs = sender.run()
    counts = {"2": 0, "4": 0, "5": 0, "E": 0}
    with open(args.results or os.devnull, "w") as out:
        for tid, (code, tries) in sorted(sender.results.items()):
            counts[code] += 1
            out.write("%s\t%s\t%d\n" % (tid, code, tries))
    print("sent=%d ok=%d tempfail=%d reject=%d noreply=%d tempfail_replies=%d dropped=%d "
          "seconds=%.1f rate=%.1f"
          % (len(sender.results), counts["2"], counts["4"], counts["5"], counts["E"],
             sender.tempfails, sender.dropped, secs, len(sender.results) / secs if secs else 0))


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("send")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--sessions", type=int, default=32)
    p.add_argument("--messages", type=int, required=True)
    p.add_argument("--prefix", required=True)
    p.add_argument("--retry", type=float, default=0)
    p.add_argument("--results")
    p.add_argument("files", nargs="+")
    sub.add_parser("scan-sink").add_argument("dir")
    sub.add_parser("scan-queue").add_argument("dir")
    args = parser.parse_args()
    socket.setdefaulttimeout(120)
    if args.cmd == "send":
        send(args)
    else:
        scan(args.dir, args.cmd == "scan-queue")


if __name__ == "__main__":
    sys.exit(main())
