package handlers

import "github.com/docexport/docexport/render"

// admission bounds the requests that hold a body in memory at once. Bodies
// are read before a render slot is taken (the statement must be decoded to
// be validated), so without it memory would grow with the number of open
// connections instead of with the render limit. Its capacity is twice the
// renders plus the queue: enough that the limiter, not admission, decides
// under ordinary load, and few enough to bound memory at about capacity ×
// (body limit + its decoded copy).
type admission chan struct{}

func newAdmission(cfg Config) admission {
	return make(admission, 2*(cfg.MaxRenders+cfg.QueueSize))
}

// enter admits a request or refuses it at once with overloaded; the
// returned function releases the place.
func (a admission) enter() (leave func(), err error) {
	select {
	case a <- struct{}{}:
		return func() { <-a }, nil
	default:
		return nil, &render.Error{Code: CodeOverloaded, Message: "the server is busy: too many requests are being received; retry later"}
	}
}
