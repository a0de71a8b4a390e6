package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/docexport/docexport/render"
)

// maxInputBytes bounds one statement file read by the CLI.
const maxInputBytes = 16 << 20

// inputExts are the statement file extensions read from directories.
var inputExts = map[string]bool{".md": true, ".markdown": true, ".json": true}

// cliInput is one statement file: parsed, or the reason it could not be.
type cliInput struct {
	path  string
	st    render.Statement
	lines render.FieldLines
	err   error
}

// expandInputs turns the command line's files and directories into the
// list of statement files: a directory contributes its .md, .markdown and
// .json files (not recursively, sorted by name); everything skipped is
// noted on notes. A missing path is kept, so that it fails with its reason.
func expandInputs(args []string, notes io.Writer) []string {
	var out []string
	for _, arg := range args {
		fi, err := os.Stat(arg)
		if err != nil || !fi.IsDir() {
			out = append(out, arg)
			continue
		}
		entries, err := os.ReadDir(arg)
		if err != nil {
			out = append(out, arg) // fails with the read error
			continue
		}
		names := make([]string, 0, len(entries))
		for _, e := range entries {
			names = append(names, e.Name())
		}
		sort.Strings(names)
		for _, name := range names {
			p := filepath.Join(arg, name)
			fi, err := os.Stat(p)
			switch {
			case err != nil:
				out = append(out, p)
			case fi.IsDir():
				fmt.Fprintf(notes, "skipping %s: a directory (directories are not read recursively)\n", p)
			case !inputExts[strings.ToLower(filepath.Ext(name))]:
				fmt.Fprintf(notes, "skipping %s: not a statement file (.md, .markdown or .json)\n", p)
			default:
				out = append(out, p)
			}
		}
	}
	return out
}

// loadInput reads and parses one statement file.
func loadInput(path string) cliInput {
	in := cliInput{path: path}
	f, err := os.Open(path)
	if err != nil {
		in.err = fmt.Errorf("%s: %w", path, unwrapPathError(err))
		return in
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		in.err = fmt.Errorf("%s: is a directory", path)
		return in
	}
	data, err := io.ReadAll(io.LimitReader(f, maxInputBytes+1))
	if err != nil {
		in.err = fmt.Errorf("%s: read: %w", path, unwrapPathError(err))
		return in
	}
	if len(data) > maxInputBytes {
		in.err = fmt.Errorf("%s: larger than %d bytes", path, maxInputBytes)
		return in
	}
	in.st, in.lines, in.err = render.ParseStatementFileLines(path, data)
	return in
}

// unwrapPathError drops the path an *os.PathError repeats.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// describe explains why an input failed: parse errors already name the
// file and line; a render error about a field points at the line where
// the file gives that field.
func describe(in cliInput, err error) string {
	var ie *render.InputError
	if errors.As(err, &ie) {
		return err.Error()
	}
	var re *render.Error
	if !errors.As(err, &re) {
		return fmt.Sprintf("%s: %v", in.path, err)
	}
	msg := re.Message
	if re.Code == render.CodeInternal && re.Err != nil {
		msg = "internal error: " + re.Err.Error()
	}
	loc := in.path
	if line := in.lines[re.Field]; line > 0 {
		loc = fmt.Sprintf("%s:%d", in.path, line)
	}
	if re.Field != "" {
		return fmt.Sprintf("%s: %s: %s (%s)", loc, re.Field, msg, re.Code)
	}
	return fmt.Sprintf("%s: %s (%s)", loc, msg, re.Code)
}

// errExists is returned when an output file exists and -force is not given.
var errExists = errors.New("exists (use -force to overwrite)")

// writeOutput writes data to path. Without force it never replaces an
// existing file; with force it replaces it atomically (temporary file and
// rename).
func writeOutput(path string, data []byte, force bool) (err error) {
	if !force {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s %w", path, errExists)
		}
		if err != nil {
			return fmt.Errorf("create %s: %w", path, unwrapPathError(err))
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			os.Remove(path)
			return fmt.Errorf("write %s: %w", path, unwrapPathError(err))
		}
		if err := f.Close(); err != nil {
			os.Remove(path)
			return fmt.Errorf("write %s: %w", path, unwrapPathError(err))
		}
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".docexport-*")
	if err != nil {
		return fmt.Errorf("create %s: %w", path, unwrapPathError(err))
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, unwrapPathError(err))
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, unwrapPathError(err))
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPathError(err))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPathError(err))
	}
	return nil
}

// outputBase is "<slug>-<lang>", the name of a rendered statement
// without its extension.
func outputBase(res *render.Result) string {
	return render.Slug(res.Title) + "-" + render.Slug(res.Lang)
}

// parseInterspersed parses flags that may come before, between or after
// the positional arguments ("--" ends the flags).
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}
