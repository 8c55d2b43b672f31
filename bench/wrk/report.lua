-- Shared by every scenario: print the latency percentiles and counts as one JSON line.
-- Errors are split into answers with a non-2xx status and requests past wrk's timeout
-- (2 s by default: queueing at high concurrency, not a failure the service reported).
done = function(summary, latency, requests)
   local errors = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout
   io.write(string.format(
      'WRK_JSON {"requests": %d, "seconds": %.3f, "errors": %d, '
         .. '"non_2xx": %d, "timeouts": %d, '
         .. '"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, "mean_ms": %.3f}\n',
      summary.requests, summary.duration / 1e6, errors,
      summary.errors.status, summary.errors.timeout,
      latency:percentile(50) / 1000, latency:percentile(95) / 1000,
      latency:percentile(99) / 1000, latency.mean / 1000))
end
