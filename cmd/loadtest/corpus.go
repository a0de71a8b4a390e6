package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// sample is one request body ready to send.
type sample struct {
	entry MixEntry
	body  []byte
}

// loadSamples reads statement-<lang>.json from dir for every mix entry and
// checks that each is one JSON object.
func loadSamples(dir string, mix []MixEntry) ([]sample, error) {
	cache := map[string][]byte{}
	out := make([]sample, 0, len(mix))
	for _, e := range mix {
		body, ok := cache[e.Lang]
		if !ok {
			p := filepath.Join(dir, "statement-"+e.Lang+".json")
			b, err := os.ReadFile(p)
			if err != nil {
				return nil, fmt.Errorf("corpus: %w (set -corpus)", err)
			}
			var obj map[string]any
			if err := json.Unmarshal(b, &obj); err != nil {
				return nil, fmt.Errorf("corpus: %s: %w", p, err)
			}
			body, cache[e.Lang] = b, b
		}
		out = append(out, sample{entry: e, body: body})
	}
	return out, nil
}

// schedule expands the samples by weight into the order clients take them.
func schedule(samples []sample) []sample {
	var out []sample
	for _, s := range samples {
		for i := 0; i < s.entry.Weight; i++ {
			out = append(out, s)
		}
	}
	return out
}
