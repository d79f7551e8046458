-- t-forged.lua - incoming X-Regphish-* headers are deleted, every one
dofile(os.getenv("RP_SRCDIR") .. "/common.lua")

local conn = open()
local forged = {
    {"X-Regphish-Score", "-100"},
    {"X-REGPHISH-Action", "accept"},
    {"X-Regphish-Score", "-50"},
}
check(send(conn, PHISH, "FORGE1", forged) == SMFIR_ACCEPT, "forged: reply is not accept")
check(mt.eom_check(conn, MT_HDRDELETE, "X-Regphish-Score"), "forged: X-Regphish-Score kept")
check(mt.eom_check(conn, MT_HDRDELETE, "X-REGPHISH-Action"), "forged: X-Regphish-Action kept")
check(header(conn, "X-Regphish-Score") ~= "-100", "forged: score not recomputed")
check(action(conn) == "quarantine", "forged: action is " .. tostring(action(conn)))
-- a clean message next on the connection has nothing to delete
check(send(conn, HAM, "FORGE2") == SMFIR_ACCEPT, "clean: reply is not accept")
check(not mt.eom_check(conn, MT_HDRDELETE), "clean: deleted a header")
mt.disconnect(conn)
