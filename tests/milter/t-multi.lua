-- t-multi.lua - several messages on one connection keep separate state
dofile(os.getenv("RP_SRCDIR") .. "/common.lua")

local conn = open()
local cases = {
    {HAM, "M1", "accept"},
    {PHISH, "M2", "quarantine"},
    {HAM2, "M3", "accept"},
    {PHISH_HTML, "M4", "quarantine"},
    {HAM, "M5", "accept"},
}
for _, c in ipairs(cases) do
    check(send(conn, c[1], c[2]) == SMFIR_ACCEPT, c[2] .. ": reply is not accept")
    check(action(conn) == c[3], c[2] .. ": action " .. tostring(action(conn)) .. ", want " .. c[3])
    check(mt.eom_check(conn, MT_QUARANTINE) == (c[3] == "quarantine"), c[2] .. ": quarantine")
end
mt.disconnect(conn)
