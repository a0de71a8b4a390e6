package deploy

import (
	"context"
	"encoding/json"
	"fmt"
	"image/color"
	"math"
	"net/url"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/docexport/docexport/render/testtool"
)

// pngEnv turns on TestDashboardPNG, which rewrites deploy/dashboard.png.
const pngEnv = "DOCEXPORT_DASHBOARD_PNG"

// loadPhase is a stretch of the load the PNG run sends.
type loadPhase struct {
	name    string
	d       time.Duration
	workers int
	pause   time.Duration // between two requests of one worker
}

// runLoad sends the corpus requests round-robin, phase after phase, and
// returns the number of renders answered 200 and the other answers.
func runLoad(t testing.TB, s *service, rs []corpusRequest, phases []loadPhase) (ok, other int64) {
	t.Helper()
	var next atomic.Int64
	for _, ph := range phases {
		end := time.Now().Add(ph.d)
		var wg sync.WaitGroup
		for range ph.workers {
			wg.Go(func() {
				for time.Now().Before(end) {
					r := rs[int(next.Add(1))%len(rs)]
					code, _, err := s.render(r.format, r.body)
					if err == nil && code == 200 {
						atomic.AddInt64(&ok, 1)
					} else {
						atomic.AddInt64(&other, 1)
					}
					time.Sleep(ph.pause)
				}
			})
		}
		wg.Wait()
		t.Logf("phase %s: %d ok, %d other so far", ph.name, ok, other)
	}
	return ok, other
}

// series is one line of a range query.
type series struct {
	label string
	x, y  []float64 // seconds since the start, values
}

// queryRange runs a range query and labels each series with legend, a
// Grafana legend format ("{{format}} p50").
func (p *prom) queryRange(ctx context.Context, expr, legend string, start, end time.Time, step time.Duration) ([]series, error) {
	data, err := p.api(ctx, "/api/v1/query_range", url.Values{
		"query": {expr},
		"start": {strconv.FormatInt(start.Unix(), 10)},
		"end":   {strconv.FormatInt(end.Unix(), 10)},
		"step":  {step.String()},
	})
	if err != nil {
		return nil, err
	}
	var r struct {
		Result []struct {
			Metric map[string]string `json:"metric"`
			Values [][2]any          `json:"values"`
		} `json:"result"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("query_range: %w", err)
	}
	tmpl := regexp.MustCompile(`\{\{\s*(\w+)\s*\}\}`)
	var out []series
	for _, m := range r.Result {
		sr := series{label: tmpl.ReplaceAllStringFunc(legend, func(s string) string {
			return m.Metric[tmpl.FindStringSubmatch(s)[1]]
		})}
		for _, v := range m.Values {
			ts, _ := v[0].(float64)
			f, err := parseValue(v[1])
			if err != nil {
				return nil, err
			}
			if math.IsNaN(f) || math.IsInf(f, 0) {
				continue
			}
			sr.x = append(sr.x, ts-float64(start.Unix()))
			sr.y = append(sr.y, f)
		}
		out = append(out, sr)
	}
	slices.SortFunc(out, func(a, b series) int { return strings.Compare(a.label, b.label) })
	return out, nil
}

// pngPanel is one graph of the PNG: dashboard panel targets by refId.
type pngPanel struct {
	title, dashTitle string
	refs             []string
	yLabel           string
	scale            float64 // divides values (e.g. 1024 for KiB)
	logY             bool
}

var palette = []color.RGBA{
	{31, 119, 180, 255}, {255, 127, 14, 255}, {44, 160, 44, 255}, {214, 39, 40, 255},
	{148, 103, 189, 255}, {140, 86, 75, 255}, {227, 119, 194, 255}, {127, 127, 127, 255},
	{188, 189, 34, 255}, {23, 190, 207, 255}, {0, 0, 0, 255}, {255, 187, 120, 255},
}

// TestDashboardPNG runs a few minutes of mixed load against the real service,
// scraped by a real Prometheus, and plots the dashboard's main queries into
// deploy/dashboard.png. It also logs rough renders per second per core.
// Run it with DOCEXPORT_DASHBOARD_PNG=1 go test ./deploy -run TestDashboardPNG -timeout 10m.
func TestDashboardPNG(t *testing.T) {
	if os.Getenv(pngEnv) != "1" {
		t.Skipf("set %s=1 to regenerate deploy/dashboard.png", pngEnv)
	}
	promBin := testtool.Need(t, "prometheus")
	s := startService(t)
	p := startPrometheus(t, promBin, s.addr, time.Second)
	p.waitScrapes(t, time.Now(), 1, 15*time.Second)
	rs := corpusRequests(t)
	renderAll(t, s, rs)

	start := time.Now()
	ok, other := runLoad(t, s, rs, []loadPhase{
		{"light", 20 * time.Second, 1, 100 * time.Millisecond},
		{"heavy (more clients than render slots)", 25 * time.Second, 3 * runtime.NumCPU(), 0},
		{"medium", 20 * time.Second, 2, 30 * time.Millisecond},
		{"idle", 8 * time.Second, 0, 0},
	})
	p.waitScrapes(t, time.Now(), 2, 10*time.Second)
	end := time.Now()
	t.Logf("load: %d renders ok, %d other answers in %s", ok, other, end.Sub(start).Round(time.Second))

	exprs := map[string]map[string][2]string{} // panel title -> refId -> expr, legend
	var raw struct {
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr, RefID, LegendFormat string
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(readFile(t, "deploy", "grafana", "dashboards", "docexport.json"), &raw); err != nil {
		t.Fatal(err)
	}
	for _, pn := range raw.Panels {
		exprs[pn.Title] = map[string][2]string{}
		for _, tg := range pn.Targets {
			exprs[pn.Title][tg.RefID] = [2]string{tg.Expr, tg.LegendFormat}
		}
	}
	panels := []pngPanel{
		{"Render latency p50 and p99 by format and lang", "Render latency p50 / p95 / p99 by format and lang", []string{"A", "C"}, "seconds (log)", 1, true},
		{"Renders per second by outcome", "Renders per second by outcome", []string{"A"}, "renders/s", 1, false},
		{"In-flight renders vs limit (and queued)", "In-flight renders vs limit", []string{"A", "B", "C"}, "renders", 1, false},
		{"Document size by format (p50, p95, average)", "Document size by format", []string{"A", "B", "C"}, "KiB", 1024, false},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	const w, h = 16 * vg.Inch, 10 * vg.Inch
	img := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(100), vgimg.UseBackgroundColor(color.White))
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: 2, Cols: 2, PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 4,
		PadTop: vg.Millimeter * 4, PadBottom: vg.Millimeter * 4, PadLeft: vg.Millimeter * 4, PadRight: vg.Millimeter * 4}
	plots := make([][]*plot.Plot, 2)
	for i, pp := range panels {
		pl := plot.New()
		pl.Title.Text = pp.title
		pl.X.Label.Text = "seconds since the load started"
		pl.Y.Label.Text = pp.yLabel
		pl.Legend.Top = true
		pl.Legend.Left = true
		pl.Add(plotter.NewGrid())
		if pp.logY {
			pl.Y.Scale = plot.LogScale{}
			pl.Y.Tick.Marker = plot.LogTicks{Prec: -1}
		}
		n := 0
		for _, ref := range pp.refs {
			q, found := exprs[pp.dashTitle][ref]
			if !found {
				t.Fatalf("dashboard has no panel %q target %s", pp.dashTitle, ref)
			}
			ss, err := p.queryRange(ctx, grafanaVars(q[0], ".*", "20s"), q[1], start, end, time.Second)
			if err != nil {
				t.Fatalf("%s: %v", q[0], err)
			}
			for _, sr := range ss {
				xys := make(plotter.XYs, 0, len(sr.x))
				for j := range sr.x {
					y := sr.y[j] / pp.scale
					if pp.logY && y <= 0 {
						continue
					}
					xys = append(xys, plotter.XY{X: sr.x[j], Y: y})
				}
				if len(xys) == 0 {
					continue
				}
				l, err := plotter.NewLine(xys)
				if err != nil {
					t.Fatal(err)
				}
				l.Color = palette[n%len(palette)]
				l.Width = vg.Points(1.5)
				if ref != pp.refs[0] {
					l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
				}
				pl.Add(l)
				pl.Legend.Add(sr.label, l)
				n++
			}
		}
		if n == 0 {
			t.Errorf("panel %q: no data", pp.title)
		}
		plots[i/2] = append(plots[i/2], pl)
	}
	canvases := plot.Align(plots, tiles, dc)
	for r := range plots {
		for c := range plots[r] {
			plots[r][c].Draw(canvases[r][c])
		}
	}
	f, err := os.Create(repoFile(t, "deploy", "dashboard.png"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	measureThroughput(t, s, rs)
}

// measureThroughput saturates the service with one kind of request at a
// time (twice as many clients as render slots) and logs renders per second
// per core: rough numbers for the README's scaling table.
func measureThroughput(t *testing.T, s *service, rs []corpusRequest) {
	cores := runtime.NumCPU()
	t.Logf("| format | lang | renders/s per core | p50 | p99 | measured with |")
	for _, r := range rs {
		var mu sync.Mutex
		var lat []time.Duration
		end := time.Now().Add(8 * time.Second)
		begin := time.Now()
		var wg sync.WaitGroup
		for range 2 * cores {
			wg.Go(func() {
				for time.Now().Before(end) {
					t0 := time.Now()
					code, _, err := s.render(r.format, r.body)
					if err == nil && code == 200 {
						mu.Lock()
						lat = append(lat, time.Since(t0))
						mu.Unlock()
					}
				}
			})
		}
		wg.Wait()
		el := time.Since(begin)
		slices.Sort(lat)
		if len(lat) == 0 {
			t.Errorf("%s %s: no successful render", r.format, r.lang)
			continue
		}
		pct := func(q float64) time.Duration { return lat[int(q*float64(len(lat)-1))].Round(100 * time.Microsecond) }
		t.Logf("| %s | %s | %.0f | %s | %s | %d renders, %d clients, %d cores, %s |", r.format, r.lang,
			float64(len(lat))/el.Seconds()/float64(cores), pct(0.5), pct(0.99), len(lat), 2*cores, cores, runtime.GOOS)
	}
}
