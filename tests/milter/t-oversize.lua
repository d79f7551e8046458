-- t-oversize.lua - past max_message_size: not analysed, a header says so
dofile(os.getenv("RP_SRCDIR") .. "/common.lua")

local conn = open()
check(send(conn, PHISH, "BIG1", {{"X-Regphish-Score", "-1"}}) == SMFIR_ACCEPT,
      "oversized: reply is not accept")
check(mt.eom_check(conn, MT_HDRADD, "X-Regphish-Skipped"), "oversized: no X-Regphish-Skipped")
check(not mt.eom_check(conn, MT_HDRADD, "X-Regphish-Score"), "oversized: scored anyway")
check(not mt.eom_check(conn, MT_QUARANTINE), "oversized: quarantined")
check(mt.eom_check(conn, MT_HDRDELETE, "X-Regphish-Score"), "oversized: forged header kept")
-- a small message on the same connection is analysed again
check(envelope(conn, "BIG2") == SMFIR_CONTINUE, "BIG2: mailfrom")
check(mt.header(conn, "From", "a@example.org") == nil, "BIG2: header")
check(mt.eoh(conn) == nil, "BIG2: eoh")
check(mt.bodystring(conn, "hello\r\n") == nil, "BIG2: body")
check(mt.eom(conn) == nil, "BIG2: eom")
check(mt.getreply(conn) == SMFIR_ACCEPT, "BIG2: reply is not accept")
check(mt.eom_check(conn, MT_HDRADD, "X-Regphish-Score"), "BIG2: not analysed")
mt.disconnect(conn)
