-- t-header-utf8.lua - reasons that quote a Japanese display name read as
-- written: X-Regphish-Symbols holds them as RFC 2047 UTF-8 words, and
-- nothing but printable ASCII and folds; a display name that spells an
-- encoded-word ("=?utf-8?b?...?=") is itself encoded, never left for a
-- client to decode into something else
dofile(os.getenv("RP_SRCDIR") .. "/common.lua")

-- "PyPI サポート" and "PyPI =?utf-8?b?U2VjdXJpdHk=?= チーム"
local names = {
    {"JP1", "PyPI \227\130\181\227\131\157\227\131\188\227\131\136", "=E3=82=B5=E3=83=9D"},
    {"JP2", "PyPI =?utf-8?b?U2VjdXJpdHk=?= \227\131\129\227\131\188\227\131\160", "=E3=83=81"},
}
for _, n in ipairs(names) do
    local qid, display, encoded = n[1], n[2], n[3]
    local conn = open()
    check(envelope(conn, qid, "<support@pypi-help.example>") == SMFIR_CONTINUE,
          qid .. ": MAIL FROM not continued")
    rcpt(conn, qid)
    check(mt.data(conn) == nil, qid .. ": data")
    check(mt.header(conn, "From", " \"" .. display .. "\" <support@pypi-help.example>") == nil,
          qid .. ": From")
    check(mt.header(conn, "Subject", " Verify your account") == nil, qid .. ": Subject")
    check(mt.eoh(conn) == nil, qid .. ": eoh")
    check(mt.bodystring(conn, "Log in to keep your packages.\r\n") == nil, qid .. ": body")
    check(mt.eom(conn) == nil, qid .. ": eom")
    local v = header(conn, "X-Regphish-Symbols")
    check(v ~= nil, qid .. ": no X-Regphish-Symbols")
    check(not v:find("[^\t\n\r -~]"), qid .. ": a byte outside printable ASCII: " .. v)
    check(v:find("=?UTF-8?Q?", 1, true), qid .. ": no encoded-word: " .. v)
    check(v:find(encoded, 1, true), qid .. ": the name's characters not encoded: " .. v)
    check(not v:lower():find("=?utf-8?b?", 1, true), qid .. ": the sender's word left raw: " .. v)
    for line in (v .. "\n"):gmatch("(.-)\n") do
        check(#line <= 78, qid .. ": line over 78: " .. line)
    end
    mt.disconnect(conn)
end
