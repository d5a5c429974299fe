// Command fakeserver serves the in-repo fake OpenAI-compatible API
// (internal/openaitest) on a loopback port, for benchmarks and manual
// trials of brief. It is a test tool: its answers are drawn from the
// request's own text, not written by a model.
//
//	go run ./bench/fakeserver -addr 127.0.0.1:8089 -config server.json
//	OPENAI_BASE_URL=http://127.0.0.1:8089/v1 brief report.txt
//
// GET /stats returns the server's counters as JSON, GET /requests its
// request log. With -addr 127.0.0.1:0 it picks a free port and says
// which on stderr.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"

	"github.com/brief-cli/brief/internal/openaitest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8089", "loopback address to listen on")
	config := flag.String("config", "", "server config as JSON (see openaitest.Config)")
	flag.Parse()
	if err := serve(*addr, *config); err != nil {
		fmt.Fprintln(os.Stderr, "fakeserver:", err)
		os.Exit(1)
	}
}

func serve(addr, config string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("%s is not a loopback address", addr)
	}
	var cfg openaitest.Config
	if config != "" {
		data, err := os.ReadFile(config)
		if err != nil {
			return err
		}
		if cfg, err = openaitest.ParseConfig(data); err != nil {
			return err
		}
	}
	h, err := openaitest.NewHandler(cfg)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/stats", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(h.Stats())
	})
	mux.HandleFunc("/requests", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(h.Requests())
	})
	mux.HandleFunc("/batchstats", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(h.BatchStats())
	})
	mux.Handle("/", h)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mux}
	go func() {
		c := make(chan os.Signal, 1)
		signal.Notify(c, os.Interrupt)
		<-c
		h.Close()
		srv.Close()
	}()
	fmt.Fprintf(os.Stderr, "fakeserver: listening on http://%s/v1\n", strings.TrimPrefix(ln.Addr().String(), "http://"))
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		return err
	}
	return nil
}
