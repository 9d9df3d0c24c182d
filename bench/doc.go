// Package bench measures appsync-local's hot paths against baselines measured
// in the same run, because the machines we run on are shared and noisy: report
// ratios, not absolute figures.
//
//	go test -run='^$' -bench=. -benchmem -count=5 ./bench/ | tee bench.txt
//
// BenchmarkHTTP/baseline is a bare net/http handler that decodes the same
// request body and writes the same JSON as the trivial query; the goal is that
// BenchmarkHTTP/typename reaches at least 60% of its throughput.
package bench
