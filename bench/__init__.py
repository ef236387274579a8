"""Benchmarks (not tests): throughput and latency of Jubilee's pages; see docs/benchmarks.md."""
