-- t-rewrite.lua - rewrite on: a phish body with a deceptive link is replaced
dofile(os.getenv("RP_SRCDIR") .. "/common.lua")

-- send_raw - one message whose body (which may hold NUL bytes) goes as is
local function send_raw(conn, qid, headers, body)
    local path = os.tmpname()
    local f = io.open(path, "wb")
    f:write(body)
    f:close()
    check(envelope(conn, qid) == SMFIR_CONTINUE, qid .. ": MAIL FROM not continued")
    rcpt(conn, qid)
    check(mt.data(conn) == nil, qid .. ": data")
    for _, h in ipairs(headers) do
        check(mt.header(conn, h[1], h[2]) == nil, qid .. ": header " .. h[1])
    end
    check(mt.eoh(conn) == nil, qid .. ": eoh")
    check(mt.bodyfile(conn, path) == nil, qid .. ": body")
    os.remove(path)
    check(mt.eom(conn) == nil, qid .. ": eom")
    return mt.getreply(conn)
end

local conn = open()
check(send(conn, PHISH_SHORT, "RW1") == SMFIR_ACCEPT, "phish: reply is not accept")
check(mt.eom_check(conn, MT_BODYCHANGE), "phish: body not rewritten")
check(mt.eom_check(conn, MT_QUARANTINE), "phish: rewrite must not stop the hold")
check(send(conn, HAM, "RW2") == SMFIR_ACCEPT, "ham: reply is not accept")
check(not mt.eom_check(conn, MT_BODYCHANGE), "ham: body rewritten")

-- A NUL byte in a part left as it is, before the first change: the body
-- still differs, so it must still be replaced (compared by length).
local nul = send_raw(conn, "RW3", {
        {"From", " PyPI <noreply@pypj.org>"},
        {"Subject", " [PyPI] Email verification"},
        {"MIME-Version", " 1.0"},
        {"Content-Type", " multipart/mixed; boundary=\"M\""}},
    "--M\r\nContent-Type: application/octet-stream\r\n" ..
    "Content-Transfer-Encoding: binary\r\n\r\nAB\0CD\r\n" ..
    "--M\r\nContent-Type: text/plain\r\n\r\n" ..
    "Verify your email at https://pypj.org/account/login/\r\n--M--\r\n")
check(nul == SMFIR_ACCEPT, "NUL before the first change: reply is not accept")
check(mt.eom_check(conn, MT_BODYCHANGE), "NUL before the first change: body not rewritten")
mt.disconnect(conn)
