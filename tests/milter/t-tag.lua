-- t-tag.lua - quarantine off: phish is only tagged (subject, X-Spam-Flag)
dofile(os.getenv("RP_SRCDIR") .. "/common.lua")

local conn = open()
check(send(conn, PHISH, "TAG1") == SMFIR_ACCEPT, "phish: reply is not accept")
check(action(conn) == "tag", "phish: action is " .. tostring(action(conn)))
check(not mt.eom_check(conn, MT_QUARANTINE), "phish: quarantined although quarantine = no")
check(header(conn, "X-Spam-Flag") == "YES", "phish: no X-Spam-Flag: YES")
local headers = load_eml(PHISH)
local subject
for _, h in ipairs(headers) do
    if h.name:lower() == "subject" then subject = h.value:gsub("^[ \t]+", "") break end
end
-- Under SMFIP_HDR_LEADSPC the changed value carries its leading space.
check(mt.eom_check(conn, MT_HDRCHANGE, "Subject", " [PHISH] " .. subject),
      "phish: subject not \"[PHISH] " .. subject .. "\"")
mt.disconnect(conn)
