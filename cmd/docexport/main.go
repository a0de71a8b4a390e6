// Command docexport serves the statement export API (the default "serve"
// subcommand) and carries the operational subcommands around it.
//
// Usage:
//
//	docexport [serve] [flags]      serve HTTP (see docexport serve -h)
//	docexport healthcheck [-url U] probe a running server (exit 0 when healthy)
//	docexport help                 list the subcommands
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// command is one subcommand. run gets the arguments after the subcommand's
// name and returns the process exit code; ctx ends at SIGINT or SIGTERM.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

// commands is the subcommand table. To add one, write its run function in
// its own file (cli_<name>.go) and add a line here.
var commands = map[string]command{
	"serve":       {"serve the HTTP API (the default)", runServe},
	"healthcheck": {"probe a running server's /healthz; exit 0 when healthy", runHealthcheck},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := dispatch(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// dispatch runs the subcommand named by args[0]; with no name (or a flag
// first) it serves.
func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	name := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if name == "help" {
		usage(stdout)
		return 0
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "docexport: unknown command %q\n", name)
		usage(stderr)
		return 2
	}
	return cmd.run(ctx, args, stdout, stderr)
}

func usage(w io.Writer) {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "usage: docexport [command] [flags]")
	fmt.Fprintln(w, "commands:")
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, commands[n].summary)
	}
}
