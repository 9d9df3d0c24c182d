// Command order-approval serves the order-approval example: appsync-local
// with the Go handler the workflow's Validate state calls (validateOrder)
// and, unless PAYMENTS_URL points elsewhere, a stand-in payments API on
// 127.0.0.1:4010 that the Charge state posts to. Its watch command is a
// small subscription client that prints an order's steps as they happen.
//
//	go run ./examples/order-approval serve examples/order-approval/appsync.yml
//	go run ./examples/order-approval watch o-1
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/appsync-local/appsync-local/app"
	"github.com/appsync-local/appsync-local/datasources/gohandler"
)

// Order is the workflow's input, and, with Amount set, Validate's output.
type Order struct {
	OrderID string `json:"orderId"`
	Item    string `json:"item"`
	Qty     int    `json:"qty"`
	Amount  int    `json:"amount,omitempty"` // cents
}

// Prices are the catalogue, in cents.
var Prices = map[string]int{"widget": 250, "gadget": 1999}

// InvalidOrder is Validate's failure; its type name becomes the execution's
// error (InvalidOrder).
type InvalidOrder struct{ Reason string }

func (e *InvalidOrder) Error() string { return e.Reason }

// ValidateOrder checks the item and quantity and prices the order.
func ValidateOrder(_ context.Context, o Order) (Order, error) {
	price, ok := Prices[o.Item]
	if !ok {
		return o, &InvalidOrder{Reason: fmt.Sprintf("unknown item %q", o.Item)}
	}
	if o.Qty < 1 || o.Qty > 100 {
		return o, &InvalidOrder{Reason: fmt.Sprintf("quantity %d is not between 1 and 100", o.Qty)}
	}
	o.Amount = price * o.Qty
	return o, nil
}

// Payments is a stand-in payments API: POST /charges {orderId, amount}
// answers {chargeId, amount}.
func Payments() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /charges", func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			OrderID string `json:"orderId"`
			Amount  int    `json:"amount"`
		}
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.OrderID == "" || in.Amount <= 0 {
			http.Error(w, `{"message":"want {orderId, amount > 0}"}`, http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"chargeId": "ch_" + in.OrderID, "amount": in.Amount}) //nolint:errcheck
	})
	return mux
}

// Functions returns the Go handlers the workflow calls.
func Functions() *gohandler.Registry {
	fns := gohandler.NewRegistry()
	fns.MustRegister("validateOrder", ValidateOrder)
	return fns
}

func main() {
	if len(os.Args) == 3 && os.Args[1] == "watch" {
		url, key := os.Getenv("APPSYNC_URL"), os.Getenv("API_KEY")
		if url == "" {
			url = "http://127.0.0.1:20002"
		}
		if key == "" {
			key = "da2-orderkey"
		}
		if err := Watch(url, key, os.Args[2], os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "watch:", err)
			os.Exit(1)
		}
		return
	}
	if os.Getenv("PAYMENTS_URL") == "" {
		srv := &http.Server{Addr: "127.0.0.1:4010", Handler: Payments(), ReadHeaderTimeout: 5 * time.Second}
		go func() {
			if err := srv.ListenAndServe(); err != nil {
				log.Printf("payments stand-in on %s: %v (set PAYMENTS_URL to use another)", srv.Addr, err)
			}
		}()
	}
	os.Exit(app.Execute(Functions()))
}
