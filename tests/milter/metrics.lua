-- metrics.lua - known mail for t-metrics.sh: RP_ROUND 1 sends two ham, one
-- phish and one phish from a trusted network (198.51.100.0/24 in
-- base.conf); RP_ROUND 2 (after the reloads) one more ham
dofile(os.getenv("RP_SRCDIR") .. "/common.lua")

local round = os.getenv("RP_ROUND")
local conn = open()
check(send(conn, HAM, "HAM" .. round .. "A") == SMFIR_ACCEPT, "ham: reply is not accept")
check(action(conn) == "accept", "ham: action is " .. tostring(action(conn)))
if round == "1" then
    check(send(conn, HAM2, "HAM1B") == SMFIR_ACCEPT, "ham 2: reply is not accept")
    check(action(conn) == "accept", "ham 2: action is " .. tostring(action(conn)))
    check(send(conn, PHISH, "PHISH1") == SMFIR_ACCEPT, "phish: reply is not accept")
    check(action(conn) == "quarantine", "phish: action is " .. tostring(action(conn)))
    mt.disconnect(conn)
    conn = open("198.51.100.7")
    check(send(conn, PHISH, "TRUST1") == SMFIR_ACCEPT, "trusted: reply is not accept")
    check(not mt.eom_check(conn, MT_HDRADD, "X-Regphish-Score"), "trusted: analysed")
end
mt.disconnect(conn)
