package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/gorilla/websocket"
)

// Watch subscribes to onOrderUpdated(name: orderID) over graphql-transport-ws
// at baseURL (http://host:port) with the API key and prints one line per
// step until the order's workflow ends. It prints "watching order <id>" once
// the subscription is live.
func Watch(baseURL, key, orderID string, out io.Writer) error {
	wsURL := "ws" + strings.TrimPrefix(baseURL, "http") + "/graphql"
	d := websocket.Dialer{Subprotocols: []string{"graphql-transport-ws"}}
	c, _, err := d.Dial(wsURL, nil)
	if err != nil {
		return fmt.Errorf("connect to %s: %w", wsURL, err)
	}
	defer c.Close()
	send := func(v any) error { return c.WriteJSON(v) }
	if err := send(map[string]any{"type": "connection_init", "payload": map[string]any{"x-api-key": key}}); err != nil {
		return err
	}
	if err := send(map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{
		"query":     `subscription($o: String) { onOrderUpdated(name: $o) { type stateName status output error timestamp } }`,
		"variables": map[string]any{"o": orderID},
	}}); err != nil {
		return err
	}
	// Messages are handled in order: the pong says the subscription is live.
	if err := send(map[string]any{"type": "ping"}); err != nil {
		return err
	}
	for {
		var m struct {
			Type    string          `json:"type"`
			Payload json.RawMessage `json:"payload"`
		}
		if err := c.ReadJSON(&m); err != nil {
			return err
		}
		switch m.Type {
		case "connection_ack", "ping":
			continue
		case "pong":
			fmt.Fprintln(out, "watching order", orderID)
			continue
		case "next":
		default:
			return fmt.Errorf("server sent %s %s", m.Type, m.Payload)
		}
		var p struct {
			Data struct {
				OnOrderUpdated struct {
					Type, StateName, Status, Output, Error, Timestamp string
				}
			}
		}
		if err := json.Unmarshal(m.Payload, &p); err != nil {
			return err
		}
		u := p.Data.OnOrderUpdated
		if !strings.HasSuffix(u.Type, "StateExited") && !strings.HasPrefix(u.Type, "Execution") {
			u.Output = "" // task results are in the state's output
		}
		fmt.Fprintf(out, "%s  %-28s %-14s %s%s\n", u.Timestamp, u.Type, u.StateName, u.Error, u.Output)
		if strings.HasPrefix(u.Type, "Execution") && u.Type != "ExecutionStarted" {
			fmt.Fprintln(out, "order", orderID, u.Status)
			return nil
		}
	}
}
