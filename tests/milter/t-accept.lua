-- t-accept.lua - ham is accepted and still gets the X-Regphish headers
dofile(os.getenv("RP_SRCDIR") .. "/common.lua")

local conn = open()
check(send(conn, HAM, "HAM1") == SMFIR_ACCEPT, "ham: reply is not accept")
check(mt.eom_check(conn, MT_HDRADD, "X-Regphish-Score"), "ham: no X-Regphish-Score")
check(mt.eom_check(conn, MT_HDRADD, "X-Regphish-Symbols"), "ham: no X-Regphish-Symbols")
check(action(conn) == "accept", "ham: action is " .. tostring(action(conn)))
check(not mt.eom_check(conn, MT_QUARANTINE), "ham: quarantined")
check(not mt.eom_check(conn, MT_HDRCHANGE, "Subject"), "ham: subject changed")
check(not mt.eom_check(conn, MT_HDRINSERT, "Subject"), "ham: subject added")
check(not mt.eom_check(conn, MT_HDRADD, "X-Spam-Flag"), "ham: X-Spam-Flag")
check(not mt.eom_check(conn, MT_BODYCHANGE), "ham: body changed")
mt.disconnect(conn)
