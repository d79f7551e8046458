-- t-rewrite.lua - rewrite on: a phish body with a deceptive link is replaced
dofile(os.getenv("RP_SRCDIR") .. "/common.lua")

local conn = open()
check(send(conn, PHISH_SHORT, "RW1") == SMFIR_ACCEPT, "phish: reply is not accept")
check(mt.eom_check(conn, MT_BODYCHANGE), "phish: body not rewritten")
check(mt.eom_check(conn, MT_QUARANTINE), "phish: rewrite must not stop the hold")
check(send(conn, HAM, "RW2") == SMFIR_ACCEPT, "ham: reply is not accept")
check(not mt.eom_check(conn, MT_BODYCHANGE), "ham: body rewritten")
mt.disconnect(conn)
