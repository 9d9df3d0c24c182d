package app

import (
	"flag"
	"time"

	"github.com/appsync-local/appsync-local/server/realtime"
)

// realtimeFlags are serve's WebSocket knobs.
type realtimeFlags struct {
	keepAlive time.Duration
	queue     int
}

func (f *realtimeFlags) register(fs *flag.FlagSet) {
	fs.DurationVar(&f.keepAlive, "ws-keepalive", 0, "")
	fs.IntVar(&f.queue, "ws-queue", 0, "")
}

// params are the realtime.Params the flags ask for; zero values keep
// AppSync's defaults.
func (f *realtimeFlags) params() realtime.Params {
	return realtime.Params{KeepAlive: f.keepAlive, QueueSize: f.queue}
}
