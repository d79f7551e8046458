-- t-quarantine.lua - with the shipped defaults, phish is tagged and held
dofile(os.getenv("RP_SRCDIR") .. "/common.lua")

local conn = open()
check(send(conn, PHISH, "PHISH1") == SMFIR_ACCEPT, "phish: reply is not accept")
check(action(conn) == "quarantine", "phish: action is " .. tostring(action(conn)))
check(mt.eom_check(conn, MT_QUARANTINE), "phish: not quarantined")
check(mt.eom_check(conn, MT_HDRCHANGE, "Subject"), "phish: subject not tagged")
local score = tonumber(header(conn, "X-Regphish-Score"))
check(score ~= nil and score >= 8, "phish: score header " .. tostring(score))
check(not mt.eom_check(conn, MT_HDRADD, "X-Spam-Flag"), "phish: X-Spam-Flag although spam_flag = no")
mt.disconnect(conn)
