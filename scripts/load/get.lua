-- GET requests over a list of paths (one per line of the file given after `--`), in random order from a
-- random start per thread: case views, lists, searches, reports.
--   wrk ... -s scripts/load/get.lua -- <paths-file> <route-name> <token>
package.path = "scripts/load/?.lua;" .. package.path
local common = require("common")
local paths, i
-- A pause before each request (ms), for users who ask now and then (the report).
local pause = tonumber(os.getenv("LOAD_DELAY_MS") or "0")

function init(args)
  paths = common.lines(args[1])
  wrk.headers["Authorization"] = "Bearer " .. args[3]
  i = math.random(#paths)
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

if pause > 0 then
  function delay()
    return pause
  end
end

-- LOAD_STATUSES=1: the status of every answer that was not 2xx, counted per status (as write.lua does), so the
-- figures say which refusals they were. Off by default: a `response` function makes wrk hand every answer to
-- Lua, which costs the fast routes' client CPU on the same two cores.
if os.getenv("LOAD_STATUSES") == "1" then
  common.count_statuses("get")
else
  done = function(summary, latency, requests)
    common.done(os.getenv("LOAD_ROUTE") or "get")(summary, latency, requests)
  end
end
