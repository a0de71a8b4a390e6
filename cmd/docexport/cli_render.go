package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/docexport/docexport/render"
)

func init() {
	// Registered here so the subcommand table in main.go stays untouched.
	commands["render"] = command{"render one statement file to PDF or Word, without a server", runRender}
	commands["batch"] = command{"render statement files and directories in parallel, without a server", runBatch}
}

// newRenderer prepares the renderer (it parses the embedded fonts).
var newRenderer = func() (*render.Renderer, error) { return render.New(render.DefaultConfig()) }

// runRender is the render subcommand:
//
//	docexport render [-format pdf|docx] [-o FILE|-] [-force] INPUT
//
// INPUT is Markdown with YAML front matter or a JSON statement. The
// document goes to FILE, to stdout with "-o -", or by default to
// <slug>-<lang>.<ext> in the current directory. An existing file is kept
// unless -force is given. Exit status: 0 written, 1 failed, 2 usage.
func runRender(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("docexport render", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "pdf", "output format: pdf or docx")
	out := fs.String("o", "", `output file ("-" for stdout; default <slug>-<lang>.<ext> in the current directory)`)
	force := fs.Bool("force", false, "overwrite an existing output file")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: docexport render [-format pdf|docx] [-o FILE|-] [-force] INPUT")
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		return 2
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "docexport render: give exactly one input file (use docexport batch for several)")
		fs.Usage()
		return 2
	}
	f, err := render.ParseFormat(strings.ToLower(*format))
	if err != nil {
		fmt.Fprintf(stderr, "docexport render: -format: %v: use pdf or docx\n", err)
		return 2
	}
	in := loadInput(pos[0])
	if in.err != nil {
		fmt.Fprintf(stderr, "docexport render: %s\n", describe(in, in.err))
		return 1
	}
	r, err := newRenderer()
	if err != nil {
		fmt.Fprintf(stderr, "docexport render: %v\n", err)
		return 1
	}
	res, err := r.Render(ctx, in.st, f)
	if err != nil {
		fmt.Fprintf(stderr, "docexport render: %s\n", describe(in, err))
		return 1
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "warning: %s: %s: %s\n", in.path, w.Field, w.Message)
	}
	if len(res.Converted) > 0 {
		fmt.Fprintf(stderr, "converted from Zawgyi: %s (%s)\n", in.path, strings.Join(res.Converted, ", "))
	}
	if *out == "-" {
		if _, err := stdout.Write(res.Data); err != nil {
			fmt.Fprintf(stderr, "docexport render: write stdout: %v\n", err)
			return 1
		}
		return 0
	}
	path := *out
	if path == "" {
		path = outputBase(res) + "." + f.Ext()
	}
	if err := writeOutput(path, res.Data, *force); err != nil {
		fmt.Fprintf(stderr, "docexport render: %s: %v\n", in.path, err)
		return 1
	}
	fmt.Fprintf(stderr, "wrote %s (%d bytes) from %s\n", path, len(res.Data), in.path)
	return 0
}
