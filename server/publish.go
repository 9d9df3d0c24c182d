package server

import "github.com/appsync-local/appsync-local/subscription"

// Publish sends data to the subscriptions of field on the API being served,
// as a mutation's publication would, for events that do not come from a
// mutation (Step Functions execution updates). data is shaped like a
// mutation's result: an object keyed by field name with serialized scalar
// leaves. It returns at once; without an API it does nothing.
func (s *Server) Publish(field string, data any) {
	v := s.current.Load()
	if v == nil {
		return
	}
	s.hub.Publish(&subscription.Event{APIID: v.api.ID, Field: field, Data: data})
}
