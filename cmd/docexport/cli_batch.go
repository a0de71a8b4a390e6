package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/docexport/docexport/render"
	"github.com/docexport/docexport/render/ordered"
)

// batchDoc is one rendered (or failed) document of an input.
type batchDoc struct {
	format render.Format
	res    *render.Result
	err    error
}

// batchResult is what the workers produce for one input.
type batchResult struct {
	in   cliInput
	docs []batchDoc
}

// batchReport is the tally printed at the end.
type batchReport struct {
	written   int
	failures  []string
	converted []string
	failedIn  map[string]bool
}

func (r *batchReport) fail(path, reason string) {
	r.failures = append(r.failures, reason)
	r.failedIn[path] = true
}

// runBatch is the batch subcommand:
//
//	docexport batch [-formats pdf,docx] [-o DIR] [-j N] [-force] INPUT...
//
// Inputs are statement files or directories of them (read non-recursively;
// other files are skipped with a note). Statements render in parallel and
// are written in input order as <slug>-<lang>.<ext> in DIR (-2, -3… when
// two statements share a name); an existing file is a failure for that
// document unless -force is given. A progress bar shows on a terminal, a
// line per file otherwise. The summary counts documents written, inputs
// failed and inputs converted from Zawgyi, names every failure with its
// reason (file:line where it applies) and lists the Zawgyi conversions.
// Exit status: 0 all written, 1 any failure, 2 usage.
func runBatch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("docexport batch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	formatList := fs.String("formats", "pdf", "comma-separated output formats: pdf, docx")
	outDir := fs.String("o", ".", "output directory (created if missing)")
	jobs := fs.Int("j", runtime.NumCPU(), "statements rendered at once")
	force := fs.Bool("force", false, "overwrite existing output files")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: docexport batch [-formats pdf,docx] [-o DIR] [-j N] [-force] INPUT...")
		fmt.Fprintln(stderr, "INPUT is a statement file (.md with front matter, or .json) or a directory of them.")
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		return 2
	}
	formats, err := parseFormatList(*formatList)
	if err != nil {
		fmt.Fprintf(stderr, "docexport batch: -formats: %v\n", err)
		return 2
	}
	if *jobs < 1 {
		fmt.Fprintf(stderr, "docexport batch: -j must be at least 1, got %d\n", *jobs)
		return 2
	}
	if len(pos) == 0 {
		fmt.Fprintln(stderr, "docexport batch: no inputs")
		fs.Usage()
		return 2
	}
	paths := expandInputs(pos, stderr)
	if len(paths) == 0 {
		fmt.Fprintln(stderr, "docexport batch: no statement files found")
		return 1
	}
	if err := os.MkdirAll(*outDir, 0o755); err != nil {
		fmt.Fprintf(stderr, "docexport batch: output directory: %v\n", err)
		return 1
	}
	r, err := newRenderer()
	if err != nil {
		fmt.Fprintf(stderr, "docexport batch: %v\n", err)
		return 1
	}

	progress := newProgress(stderr, len(paths))
	rep := &batchReport{failedIn: map[string]bool{}}
	taken := map[string]bool{}
	work := func(ctx context.Context, i int) batchResult {
		res := batchResult{in: loadInput(paths[i])}
		if res.in.err != nil || ctx.Err() != nil {
			return res
		}
		for _, f := range formats {
			out, err := r.Render(ctx, res.in.st, f)
			res.docs = append(res.docs, batchDoc{format: f, res: out, err: err})
		}
		return res
	}
	emit := func(i int, br batchResult) {
		in := br.in
		if in.err != nil {
			reason := describe(in, in.err)
			rep.fail(in.path, reason)
			progress.fail(reason)
			progress.step()
			return
		}
		var converted []string
		for _, d := range br.docs {
			if d.err != nil {
				reason := fmt.Sprintf("%s [%s]", describe(in, d.err), d.format)
				rep.fail(in.path, reason)
				progress.fail(reason)
				continue
			}
			name := uniqueFileName(taken, outputBase(d.res), d.format.Ext())
			path := filepath.Join(*outDir, name)
			if err := writeOutput(path, d.res.Data, *force); err != nil {
				reason := fmt.Sprintf("%s: %v", in.path, err)
				rep.fail(in.path, reason)
				progress.fail(reason)
				continue
			}
			rep.written++
			progress.wrote(in.path, path)
			if len(d.res.Converted) > 0 {
				converted = d.res.Converted
			}
		}
		if converted != nil {
			rep.converted = append(rep.converted, fmt.Sprintf("%s (%s)", in.path, strings.Join(converted, ", ")))
		}
		progress.step()
	}
	ordered.Run(ctx, len(paths), *jobs, work, func(i int, br batchResult) bool { emit(i, br); return true })
	progress.finish()

	interrupted := ctx.Err() != nil
	fmt.Fprintf(stdout, "%d written, %d failed, %d converted from Zawgyi\n", rep.written, len(rep.failedIn), len(rep.converted))
	if len(rep.converted) > 0 {
		fmt.Fprintln(stdout, "converted from Zawgyi:")
		for _, c := range rep.converted {
			fmt.Fprintf(stdout, "  %s\n", c)
		}
	}
	if len(rep.failures) > 0 {
		fmt.Fprintln(stderr, "failed:")
		for _, f := range rep.failures {
			fmt.Fprintf(stderr, "  %s\n", f)
		}
	}
	if interrupted {
		fmt.Fprintln(stderr, "docexport batch: interrupted; the remaining inputs were not rendered")
	}
	if len(rep.failures) > 0 || interrupted {
		return 1
	}
	return 0
}

// parseFormatList parses "pdf,docx": at least one, known, not repeated.
func parseFormatList(s string) ([]render.Format, error) {
	var out []render.Format
	seen := map[render.Format]bool{}
	for _, name := range strings.Split(s, ",") {
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		f, err := render.ParseFormat(name)
		if err != nil {
			return nil, fmt.Errorf("%w: use pdf or docx", err)
		}
		if seen[f] {
			return nil, fmt.Errorf("format %q given twice", f)
		}
		seen[f] = true
		out = append(out, f)
	}
	if len(out) == 0 {
		return nil, errors.New("give at least one format: pdf, docx")
	}
	return out, nil
}

// uniqueFileName returns base.ext, or base-2.ext, base-3.ext… when this
// run already used it, and marks it used.
func uniqueFileName(taken map[string]bool, base, ext string) string {
	name := base + "." + ext
	for n := 2; taken[name]; n++ {
		name = fmt.Sprintf("%s-%d.%s", base, n, ext)
	}
	taken[name] = true
	return name
}

// progress reports a batch: a bar on a terminal, a line per file otherwise.
type progress struct {
	bar      *progressbar.ProgressBar
	out, err io.Writer
}

func newProgress(stderr io.Writer, total int) *progress {
	p := &progress{out: stderr, err: stderr}
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(stderr),
			progressbar.OptionSetDescription("rendering"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetWidth(30),
			progressbar.OptionClearOnFinish(),
		)
	}
	return p
}

// wrote reports one written document.
func (p *progress) wrote(input, output string) {
	if p.bar == nil {
		fmt.Fprintf(p.out, "wrote %s (from %s)\n", output, input)
	}
}

// fail reports one failure at once without a bar; with one, the summary
// lists it when the bar is done.
func (p *progress) fail(reason string) {
	if p.bar == nil {
		fmt.Fprintf(p.err, "FAILED %s\n", reason)
	}
}

// step advances the bar by one input.
func (p *progress) step() {
	if p.bar != nil {
		_ = p.bar.Add(1)
	}
}

// finish clears the bar.
func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
