// Package cache stores language-model answers on disk so that a rerun of the
// same input sends no request for work already done, and an interrupted run
// resumes without repeating paid requests.
//
// The store is one SQLite database, dir/responses.db, opened in WAL mode
// through the pure-Go modernc.org/sqlite driver (no cgo). One Cache is safe
// for use by many goroutines, and several processes may open the same
// directory at once: each write is a single short transaction, so a crash or
// kill mid-write leaves the database consistent and loses at most the write
// in flight.
//
// The caller derives the Key from everything that determines the answer:
// endpoint, model, prompt template version, messages and request parameters.
// It must never include the API key, and nothing stored in an Entry can hold
// one: an Entry is the answer's text, its finish reason, the model name the
// server reported and token counts.
//
// Usage:
//
//	dir, _ := os.UserCacheDir()
//	c, err := cache.Open(cache.DefaultDir(dir), cache.Options{})
//	if err != nil {
//		if errors.Is(err, cache.ErrCorrupt) || errors.Is(err, cache.ErrNewerSchema) {
//			// `brief cache clear` cannot Open either: it calls cache.Remove.
//		}
//		return err
//	}
//	defer c.Close()
//
//	key := cache.KeyOf("https://api.example.com/v1", "model-x", "map/v3", system, user, "max_tokens=800")
//	if e, ok, err := c.Get(ctx, key); err == nil && ok {
//		return e.Content, nil // no request sent
//	}
//	resp := complete(ctx, …)
//	err = c.Put(ctx, key, cache.Entry{Content: resp.Content, FinishReason: resp.FinishReason, …})
package cache
