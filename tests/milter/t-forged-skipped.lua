-- t-forged-skipped.lua - forged X-Regphish-* headers on mail that is not
-- analysed (from a trusted network, from a SASL-authenticated sender) are
-- deleted too: a trusted relay or a user's account must not be a way to
-- hand a reader "X-Regphish-Action: accept"
dofile(os.getenv("RP_SRCDIR") .. "/common.lua")

local forged = {
    {"X-Regphish-Action", "accept"},
    {"x-regphish-score", "-100"},
    {"X-REGPHISH-Symbols", "none"},
    {"X-Regphish-Action", "accept"},
}

-- check_skipped - the forged headers deleted, nothing added: not analysed
local function check_skipped(conn, what)
    check(mt.eom_check(conn, MT_HDRDELETE, "X-Regphish-Action"), what .. ": X-Regphish-Action kept")
    check(mt.eom_check(conn, MT_HDRDELETE, "x-regphish-score"), what .. ": x-regphish-score kept")
    check(mt.eom_check(conn, MT_HDRDELETE, "X-REGPHISH-Symbols"), what .. ": X-REGPHISH-Symbols kept")
    check(not mt.eom_check(conn, MT_HDRADD, "X-Regphish-Score"), what .. ": analysed")
    check(not mt.eom_check(conn, MT_QUARANTINE), what .. ": quarantined")
    check(not mt.eom_check(conn, MT_HDRCHANGE, "Subject"), what .. ": subject changed")
end

-- from a trusted network (base.conf: 198.51.100.0/24); not accepted at
-- connect, where an MTA would send the filter nothing more to delete
local conn = mt.connect(socket, 40, 0.25)
check(conn ~= nil, "connect")
check(mt.conninfo(conn, "relay.example", "198.51.100.7") == nil, "conninfo")
check(mt.getreply(conn) == SMFIR_CONTINUE, "trusted: connection accepted outright")
check(mt.helo(conn, "relay.example") == nil, "helo")
check(send(conn, PHISH, "TRUST1", forged) == SMFIR_ACCEPT, "trusted: reply is not accept")
check_skipped(conn, "trusted")
check(send(conn, HAM, "TRUST2") == SMFIR_ACCEPT, "trusted clean: reply is not accept")
check(not mt.eom_check(conn, MT_HDRDELETE), "trusted clean: deleted a header")
mt.disconnect(conn)

-- from an authenticated sender (skip_authenticated defaults to yes)
conn = open()
check(send(conn, PHISH, "SASL1", forged, "me") == SMFIR_ACCEPT, "authenticated: reply is not accept")
check_skipped(conn, "authenticated")
-- the next, unauthenticated message on the connection is analysed
check(send(conn, PHISH, "SASL2", forged) == SMFIR_ACCEPT, "SASL2: reply is not accept")
check(mt.eom_check(conn, MT_HDRDELETE, "X-Regphish-Action"), "SASL2: X-Regphish-Action kept")
check(action(conn) == "quarantine", "SASL2: action is " .. tostring(action(conn)))
mt.disconnect(conn)
