-- t-skip.lua - trusted networks and authenticated senders are not analysed
dofile(os.getenv("RP_SRCDIR") .. "/common.lua")

local conn = mt.connect(socket, 40, 0.25)
check(conn ~= nil, "connect")
check(mt.conninfo(conn, "relay.example", "198.51.100.7") == nil, "conninfo")
check(mt.getreply(conn) == SMFIR_ACCEPT, "trusted network: connect not accepted outright")
mt.disconnect(conn)

conn = open()
check(envelope(conn, "AUTH1", "<me@example.net>", "me") == SMFIR_ACCEPT,
      "authenticated sender: MAIL FROM not accepted outright")
-- the next, unauthenticated message on the connection is analysed
check(send(conn, HAM, "AUTH2") == SMFIR_ACCEPT, "AUTH2: reply is not accept")
check(mt.eom_check(conn, MT_HDRADD, "X-Regphish-Score"), "AUTH2: not analysed")
mt.disconnect(conn)
