-- common.lua - helpers shared by the t-*.lua miltertest scripts
--
-- The runner (t-milter.sh) starts regphish-milter on RP_SOCKET with the
-- scenario's config and sets RP_DATA to the tests directory.  A scenario
-- loads this file, opens a connection, sends corpus messages through the
-- same steps an MTA takes, and checks what the filter asked for at end
-- of message.  Every check names the scenario and the message.

socket = os.getenv("RP_SOCKET")
data = os.getenv("RP_DATA")

-- fail - stop the scenario with a message
-- (miltertest does not print a script's error, so say it first)
function fail(what)
    io.stderr:write("FAILED: " .. what .. "\n")
    error(what, 2)
end

-- check - fail unless cond holds
function check(cond, what)
    if not cond then
        fail(what)
    end
end

-- load_eml - a corpus file as a header list and a CRLF body
function load_eml(path)
    local f = io.open(data .. "/" .. path, "rb")
    if f == nil then fail("cannot open " .. path) end
    local text = f:read("*a")
    f:close()
    text = text:gsub("\r\n", "\n")
    local head, body = text:match("^(.-)\n\n(.*)$")
    if head == nil then head, body = text, "" end
    local headers = {}
    for line in (head .. "\n"):gmatch("(.-)\n") do
        if line:match("^[ \t]") and #headers > 0 then
            headers[#headers].value = headers[#headers].value .. "\r\n" .. line
        else
            -- The value as written after the colon, leading space and all,
            -- as an MTA hands it over under SMFIP_HDR_LEADSPC.
            local name, value = line:match("^([^:]+):(.*)$")
            if name then table.insert(headers, {name = name, value = value}) end
        end
    end
    return headers, body:gsub("\n", "\r\n")
end

-- open - a connection from an untrusted client, after HELO
function open(ip)
    local conn = mt.connect(socket, 40, 0.25)
    if conn == nil then fail("cannot connect to " .. socket) end
    check(mt.conninfo(conn, "client.example", ip or "192.0.2.10") == nil, "conninfo")
    check(mt.helo(conn, "client.example") == nil, "helo")
    return conn
end

-- envelope - MAIL FROM (with the queue id macro) and RCPT TO
function envelope(conn, qid, sender, auth)
    if auth then
        mt.macro(conn, SMFIC_MAIL, "i", qid, "{auth_authen}", auth)
    else
        mt.macro(conn, SMFIC_MAIL, "i", qid)
    end
    check(mt.mailfrom(conn, sender or "<sender@example.org>") == nil, qid .. ": mailfrom")
    return mt.getreply(conn)
end

-- rcpt - RCPT TO, unless the filter declined to see recipients
function rcpt(conn, qid)
    if not mt.test_option(conn, SMFIP_NORCPT) then
        check(mt.rcptto(conn, "<user@example.net>") == nil, qid .. ": rcptto")
    end
end

-- send - one message; extra headers go first; auth, when given, is the
-- {auth_authen} of MAIL FROM; returns the eom reply
function send(conn, path, qid, extra, auth)
    local headers, body = load_eml(path)
    check(envelope(conn, qid, nil, auth) == SMFIR_CONTINUE, qid .. ": MAIL FROM not continued")
    rcpt(conn, qid)
    check(mt.data(conn) == nil, qid .. ": data")
    for _, h in ipairs(extra or {}) do
        check(mt.header(conn, h[1], h[2]) == nil, qid .. ": header " .. h[1])
    end
    for _, h in ipairs(headers) do
        check(mt.header(conn, h.name, h.value) == nil, qid .. ": header " .. h.name)
    end
    check(mt.eoh(conn) == nil, qid .. ": eoh")
    local pos = 1
    while pos <= #body do
        check(mt.bodystring(conn, body:sub(pos, pos + 65534)) == nil, qid .. ": body")
        pos = pos + 65535
    end
    check(mt.eom(conn) == nil, qid .. ": eom")
    return mt.getreply(conn)
end

-- header - the value of the filter's n-th added header called name, or nil.
-- miltertest offers SMFIP_HDR_LEADSPC, which the filter takes, so values
-- it adds carry the space after the colon: compare without it.
function header(conn, name, n)
    local v = mt.getheader(conn, name, n or 0)
    if v ~= nil then
        v = string.gsub(v, "^[ \t]+", "")
    end
    return v
end

-- action - the X-Regphish-Action the filter added, or nil
function action(conn)
    return header(conn, "X-Regphish-Action")
end

-- ham and phish samples used by several scenarios
HAM = "corpus/ham/pub-h001.eml"
HAM2 = "corpus/ham/pub-h002.eml"
PHISH = "corpus/phish/pub-p010.eml"
PHISH_HTML = "corpus/phish/pub-p003.eml"
-- (miltertest itself crashes on a replaced body over about 1 KB, so the
-- rewrite scenario uses a short one; tests/postfix checks long ones)
PHISH_SHORT = "corpus/phish/pub-p004.eml"
