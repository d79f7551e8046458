-- milter-load.lua - miltertest script of bench/run: RP_COUNT messages, one
-- connection each, cycling over the files named in RP_MSGS (relative to
-- RP_DATA), through the steps an MTA takes (tests/milter/common.lua).
-- Any reply counts: the milter under test may be regphish-milter or
-- noop-milter; only the work each does per message is measured.
dofile(os.getenv("RP_SRCDIR") .. "/common.lua")

local msgs = {}
for path in string.gmatch(os.getenv("RP_MSGS"), "%S+") do
    table.insert(msgs, path)
end
check(#msgs > 0, "RP_MSGS names no message")
local count = tonumber(os.getenv("RP_COUNT"))
for i = 1, count do
    local conn = open("192.0.2.10")
    local qid = string.format("B%05d", i)
    check(send(conn, msgs[(i - 1) % #msgs + 1], qid) ~= nil, qid .. ": no reply at eom")
    mt.disconnect(conn)
end
