-- t-log-escape.lua - a From header and an envelope sender made of terminal
-- escapes (CSI, OSC with BEL, backspace, CR, a C1 CSI) and bidi controls;
-- t-milter.sh then checks the log line shows them escaped, never raw
dofile(os.getenv("RP_SRCDIR") .. "/common.lua")

-- ESC [ 2 J (clear screen), OSC 0 (window title) ended by BEL, backspaces,
-- CR, U+009B (C1 CSI), U+202E (right-to-left override), U+2066 (isolate)
local hostile = "\027[2J\027]0;owned\007\008\008\rPyPI\194\155" .. "31m\226\128\174gro.ipyp\226\129\166"
local conn = open()
check(envelope(conn, "ESC1", "<" .. hostile .. "@example.org>") == SMFIR_CONTINUE,
      "ESC1: MAIL FROM not continued")
rcpt(conn, "ESC1")
check(mt.data(conn) == nil, "ESC1: data")
check(mt.header(conn, "From", " \"" .. hostile .. "\" <support@example.org>") == nil, "ESC1: From")
check(mt.header(conn, "Subject", " " .. hostile) == nil, "ESC1: Subject")
check(mt.eoh(conn) == nil, "ESC1: eoh")
check(mt.bodystring(conn, "hello\r\n") == nil, "ESC1: body")
check(mt.eom(conn) == nil, "ESC1: eom")
check(mt.getreply(conn) == SMFIR_ACCEPT, "ESC1: reply is not accept")
mt.disconnect(conn)
