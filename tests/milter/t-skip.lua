-- t-skip.lua - trusted networks and authenticated senders are not analysed
-- (their messages still pass through, so that forged X-Regphish-* headers
-- can be deleted: t-forged-skipped.lua); each leaves a log line with the
-- reason, which t-milter.sh checks
dofile(os.getenv("RP_SRCDIR") .. "/common.lua")

local conn = open("198.51.100.7")
check(send(conn, PHISH, "TRUST1") == SMFIR_ACCEPT, "trusted network: reply is not accept")
check(not mt.eom_check(conn, MT_HDRADD, "X-Regphish-Score"), "trusted network: analysed")
check(not mt.eom_check(conn, MT_QUARANTINE), "trusted network: quarantined")
mt.disconnect(conn)

conn = open()
check(send(conn, PHISH, "AUTH1", nil, "me") == SMFIR_ACCEPT, "authenticated sender: reply is not accept")
check(not mt.eom_check(conn, MT_HDRADD, "X-Regphish-Score"), "authenticated sender: analysed")
check(not mt.eom_check(conn, MT_QUARANTINE), "authenticated sender: quarantined")
-- the next, unauthenticated message on the connection is analysed
check(send(conn, HAM, "AUTH2") == SMFIR_ACCEPT, "AUTH2: reply is not accept")
check(mt.eom_check(conn, MT_HDRADD, "X-Regphish-Score"), "AUTH2: not analysed")
mt.disconnect(conn)
