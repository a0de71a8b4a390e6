package handlers

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestAdmissionBoundsBodiesInMemory: clients that are still sending their
// bodies hold admission places; once every place is taken, the next
// request is refused with 429 overloaded before its body is read, and a
// place frees when a client finishes.
func TestAdmissionBoundsBodiesInMemory(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MaxRenders, cfg.QueueSize = 1, 1 // admission capacity 2 × (1 + 1) = 4
	ts := newTestServer(t, cfg, nil)
	addr := strings.TrimPrefix(ts.URL, "http://")
	const body = `{"lang":"en","title":"t","body":"b"}`

	// Four clients send their headers and half a body, then stall.
	var stalled []net.Conn
	for i := 0; i < 4; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		fmt.Fprintf(c, "POST /v1/render/pdf HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body), body[:10])
		stalled = append(stalled, c)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(ts.srv.admit) < 4 {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of 4 stalled uploads admitted", len(ts.srv.admit))
		}
		time.Sleep(5 * time.Millisecond)
	}

	resp, raw := ts.postJSON(t, "/v1/render/pdf", statement())
	if resp.StatusCode != http.StatusTooManyRequests || apiError(t, resp, raw).Code != CodeOverloaded || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("fifth request: status %d %s, want 429 overloaded with Retry-After", resp.StatusCode, raw)
	}

	// One stalled client finishes its body: it is answered and its place frees.
	if _, err := stalled[0].Write([]byte(body[10:])); err != nil {
		t.Fatal(err)
	}
	r, err := http.ReadResponse(bufio.NewReader(stalled[0]), nil)
	if err != nil || r.StatusCode != http.StatusOK {
		t.Fatalf("finished upload: %v, %v", r, err)
	}
	r.Body.Close()
	for len(ts.srv.admit) > 3 {
		if time.Now().After(deadline) {
			t.Fatal("the finished request did not give its place back")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if resp, raw := ts.postJSON(t, "/v1/render/pdf", statement()); resp.StatusCode != http.StatusOK {
		t.Fatalf("after a place freed: status %d %s", resp.StatusCode, raw)
	}
}
