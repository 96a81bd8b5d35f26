// Sigma matching throughput: see docs/perf/sigma.md (work in progress).
return 0;
