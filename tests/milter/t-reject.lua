-- t-reject.lua - reject on: phish gets 550 5.7.1 and no other change
dofile(os.getenv("RP_SRCDIR") .. "/common.lua")

local conn = open()
check(send(conn, PHISH, "REJ1") == SMFIR_REPLYCODE, "phish: no reply code")
-- (miltertest matches a reply only when given code, status and text)
check(mt.eom_check(conn, MT_SMTPREPLY, "550", "5.7.1",
                   "Message looks like a phishing attempt (regphish)"),
      "phish: reply is not 550 5.7.1")
check(not mt.eom_check(conn, MT_HDRADD), "phish: headers added to a rejected message")
-- the next message on the same connection is judged afresh
check(send(conn, HAM, "REJ2") == SMFIR_ACCEPT, "ham after reject: not accepted")
check(action(conn) == "accept", "ham after reject: action " .. tostring(action(conn)))
mt.disconnect(conn)
