-- wrk reports latency percentiles and errors as one JSON line (bench/run.py reads it).
-- Any answer other than 200 counts as an error ("not_200"): a redirect to the login page means
-- the session was not accepted and the page was not measured.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  not_200 = 0
end

function response(status, headers, body)
  if status ~= 200 then
    not_200 = not_200 + 1
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local other = 0
  for _, thread in ipairs(threads) do
    other = other + thread:get("not_200")
  end
  io.write(string.format(
    'WRKJSON {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, '
      .. '"errors": %d, "not_200": %d, "errors_timeout": %d}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout + other, other, e.timeout))
end
