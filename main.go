// Command brief turns long reports into short markdown briefs.
//
//	cat report.txt | brief
//	brief report.pdf -o report.md
//	brief --format json report.txt
//
// See brief --help and README.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() { os.Exit(mainCode()) }

// mainCode runs brief with the process's arguments and standard streams,
// cancelling on SIGINT or SIGTERM, and returns the exit code.
func mainCode() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// After the first signal, a second one kills at once.
		<-ctx.Done()
		stop()
	}()
	return report(run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr), os.Stderr)
}
