-- Shared by the wrk scripts of scripts/load: the bearer token and a list of lines read from a file given
-- after `--`, and a done() that prints one JSON line of the run's figures (p50/p95/p99 in ms).
local M = {}

function M.lines(path)
  local out = {}
  for line in io.lines(path) do
    if line ~= "" then out[#out + 1] = line end
  end
  return out
end

function M.split(line)
  local parts = {}
  for field in string.gmatch(line, "[^\t]+") do parts[#parts + 1] = field end
  return parts
end

-- `statuses` (optional): the count of each non-2xx status seen, printed as "statuses":"412:2 409:1".
function M.done(name, statuses)
  return function(summary, latency, requests)
    local e = summary.errors
    local seen = {}
    for status, n in pairs(statuses or {}) do seen[#seen + 1] = string.format("%d:%d", status, n) end
    table.sort(seen)
    io.write(string.format(
      '{"route":"%s","requests":%d,"seconds":%.3f,"p50":%.2f,"p95":%.2f,"p99":%.2f,"max":%.2f,' ..
      '"non2xx":%d,"socket_errors":%d,"statuses":"%s"}\n',
      name, summary.requests, summary.duration / 1e6,
      latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
      latency.max / 1000, e.status, e.connect + e.read + e.write + e.timeout, table.concat(seen, " ")))
  end
end

-- Counts the status of every answer that was not 2xx, per status, over all of wrk's threads: defines wrk's
-- `setup`, `response` and `done` (which prints the figures with the counts, under LOAD_ROUTE or `name`).
function M.count_statuses(name)
  local threads = {}
  refused = {}
  setup = function(thread)
    threads[#threads + 1] = thread
  end
  response = function(status)
    if status < 200 or status > 299 then
      refused[status] = (refused[status] or 0) + 1
    end
  end
  done = function(summary, latency, requests)
    local statuses = {}
    for _, t in ipairs(threads) do
      for status, n in pairs(t:get("refused") or {}) do
        statuses[status] = (statuses[status] or 0) + n
      end
    end
    M.done(os.getenv("LOAD_ROUTE") or name, statuses)(summary, latency, requests)
  end
end

return M
