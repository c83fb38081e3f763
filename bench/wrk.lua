-- wrk script for `make bench-http`: sends the requests listed in a file, in turn.
--
-- wrk -s bench/wrk.lua URL -- FILE THREADS CSRF OFFSET
-- Each line of FILE is METHOD<TAB>PATH<TAB>COOKIE<TAB>BODY (BODY may be empty). Thread n of
-- THREADS takes lines n, n + THREADS, ..., so no two requests carry the same answer, and
-- skips the first OFFSET of them: earlier runs sent those ("sent" below counts the requests
-- a thread made, answered or still in flight). A thread that runs out starts again from its
-- first line and counts it as "wrapped". Every request
-- is an htmx request with the CSRF header; responses other than 200, and htmx redirects (an
-- answer refused), are counted. `done` prints one JSON line starting with BENCH-JSON.

local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

local requests = {}
local next_request = 1
wrapped = 0
sent = 0
not_ok = 0
refused = 0

function init(args)
  local file, count, csrf, offset = args[1], tonumber(args[2]), args[3], tonumber(args[4])
  local lines = {}
  for line in io.lines(file) do table.insert(lines, line) end
  local mine = 0
  for position, line in ipairs(lines) do
    -- A file shorter than the threads (one page to GET) is sent whole by each thread.
    local taken = #lines < count or (position - 1) % count == index
    if taken then mine = mine + 1 end
    if taken and mine > offset then
      local method, path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t?(.*)$")
      local headers = {["HX-Request"] = "true", ["X-CSRFToken"] = csrf}
      if cookie ~= "" then headers["Cookie"] = cookie end
      if body ~= "" then
        headers["Content-Type"] = "application/x-www-form-urlencoded"
      else
        body = nil
      end
      table.insert(requests, wrk.format(method, path, headers, body))
    end
  end
end

function request()
  sent = sent + 1
  local chosen = requests[next_request]
  next_request = next_request + 1
  if next_request > #requests then
    next_request = 1
    wrapped = wrapped + 1
  end
  return chosen
end

function response(status, headers, body)
  if status ~= 200 then not_ok = not_ok + 1 end
  if headers["HX-Redirect"] then refused = refused + 1 end
end

function done(summary, latency, requests_seen)
  local total_wrapped, total_not_ok, total_refused, most_sent = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    most_sent = math.max(most_sent, thread:get("sent"))
    total_wrapped = total_wrapped + thread:get("wrapped")
    total_not_ok = total_not_ok + thread:get("not_ok")
    total_refused = total_refused + thread:get("refused")
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"timeout": %d, "status": %d, "not_ok": %d, "refused": %d, "wrapped": %d, "sent": %d, ' ..
    '"p50_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, errors.connect, errors.read, errors.write,
    errors.timeout, errors.status, total_not_ok, total_refused, total_wrapped, most_sent,
    latency:percentile(50), latency:percentile(99)))
end
