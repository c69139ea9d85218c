-- Writes, each to a record not written before in the run, at the version it has: a case's summary changed
-- (PATCH, merge patch) or a referral accepted (POST .../actions). Lines of the file given after `--`:
-- `<method>\t<path>\t<etag>\t<json body>`. The national coordinator acts as a correction, with its reason.
--   wrk -t1 ... -s scripts/load/write.lua -- <writes-file> <route-name> <token>
package.path = "scripts/load/?.lua;" .. package.path
local common = require("common")
local writes, i, bearer
-- The status of every answer that was not 2xx, counted per status, so the figures say which refusals they were.
common.count_statuses("write")

function init(args)
  writes = common.lines(args[1])
  bearer = "Bearer " .. args[3]
  i = 0
end

function request()
  i = i + 1
  if i > #writes then
    -- Out of fresh records: an unknown case (404) would count as an error, so stop quickly instead.
    wrk.thread:stop()
  end
  local w = common.split(writes[math.min(i, #writes)])
  local content = w[1] == "PATCH" and "application/merge-patch+json" or "application/json"
  -- wrk.format takes these headers instead of wrk.headers, not with them: every header is named here.
  return wrk.format(w[1], w[2], {
    ["Authorization"] = bearer,
    ["Lekhotla-Correction"] = "synthetic load test of the registry",
    ["If-Match"] = w[3],
    ["Content-Type"] = content,
  }, w[4])
end
