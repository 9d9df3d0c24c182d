package subscription_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/appsync-local/appsync-local/subscription"
)

// BenchmarkLocalFanOut is the hub alone: one event matched (by an argument)
// and handed to N subscribers; an op ends when all have it.
func BenchmarkLocalFanOut(b *testing.B) {
	for _, n := range []int{200, 10000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			h := newHub(b, subscription.LocalParams{})
			var wg sync.WaitGroup
			for i := range n {
				h.Subscribe(&subscription.Subscription{APIID: "a", Field: "f", Args: map[string]any{"room": fmt.Sprint(i % 2)},
					Deliver: func(*subscription.Event) { wg.Done() }})
			}
			data := map[string]any{"room": "0", "text": "hi"}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				wg.Add(n / 2)
				h.Publish(&subscription.Event{APIID: "a", Field: "f", Data: data})
				wg.Wait()
			}
		})
	}
}
