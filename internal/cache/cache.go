package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// FileName is the database's name inside the cache directory. SQLite keeps
// FileName+"-wal" and FileName+"-shm" beside it while the cache is open.
const FileName = "responses.db"

const (
	// busyTimeoutMS is how long SQLite waits for another connection's
	// write lock before reporting SQLITE_BUSY.
	busyTimeoutMS = 5000
	// maxConns bounds the pool: readers run in parallel under WAL, while
	// writers are serialized in-process by Cache.wsem anyway.
	maxConns = 4
	// busyAttempts is how often an operation that still meets SQLITE_BUSY
	// after the busy timeout is tried in all.
	busyAttempts = 4
)

var (
	// ErrCorrupt reports a database file that is not a usable cache:
	// garbage bytes, damaged pages, or another program's database. Removing
	// the cache directory (or Remove) and starting afresh fixes it.
	ErrCorrupt = errors.New("cache database is corrupt or not a brief cache")
	// ErrNewerSchema reports a cache written by a newer version of brief,
	// whose schema this build does not know. The file is left untouched.
	ErrNewerSchema = errors.New("cache database was written by a newer version of brief")
)

// Options configures Open.
type Options struct {
	// Now returns the current time, for entries' CreatedAt and hit times.
	// Nil means time.Now.
	Now func() time.Time
}

// Cache is an on-disk store of language-model answers keyed by Key. It is
// safe for concurrent use by many goroutines and by several processes that
// open the same directory.
type Cache struct {
	db   *sql.DB
	path string
	now  func() time.Time
	// wsem admits one writer per process at a time, so goroutines queue here
	// (honouring their contexts) rather than polling SQLite's busy handler;
	// other processes are waited for by the busy timeout.
	wsem      chan struct{}
	closeOnce sync.Once
	closeErr  error
}

// Entry is one stored answer. It holds nothing from the request: no messages
// and no credentials.
type Entry struct {
	// Content is the answer's text, stored byte for byte.
	Content string
	// FinishReason is the server's finish reason ("stop", "length", …).
	FinishReason string
	// PromptTokens and CompletionTokens are the usage the server reported
	// for the original request; a hit saves as many.
	PromptTokens     int
	CompletionTokens int
	// Model is the model name the server reported.
	Model string
	// CreatedAt is when the answer was stored. Put fills a zero value from
	// Options.Now; Get returns it in UTC with nanosecond precision.
	CreatedAt time.Time
}

// Stats describes a cache's contents and what it has saved since it was
// created or last cleared.
type Stats struct {
	// Entries is the number of stored answers.
	Entries int64
	// Bytes is the size on disk of the database and its write-ahead log.
	Bytes int64
	// Hits is the number of Get calls that found an answer.
	Hits int64
	// RequestsSaved is the number of requests not sent thanks to the cache;
	// every hit saves one, so it equals Hits.
	RequestsSaved int64
	// PromptTokensSaved and CompletionTokensSaved add up the stored usage of
	// every hit.
	PromptTokensSaved     int64
	CompletionTokensSaved int64
	// RateLimits is the number of endpoint and model pairs whose rate
	// limits are kept (see Limits).
	RateLimits int64
	// Oldest and Newest are the earliest and latest CreatedAt among the
	// entries, in UTC; both are zero when the cache is empty.
	Oldest, Newest time.Time
}

// DefaultDir returns the cache directory under the user's cache directory,
// which the caller gets from os.UserCacheDir.
func DefaultDir(userCacheDir string) string {
	return filepath.Join(userCacheDir, "brief")
}

// Open opens the cache in dir, creating dir (mode 0700) and dir/FileName
// (mode 0600) if needed. It checks the database's integrity and schema
// first, so a damaged file fails here with ErrCorrupt rather than halfway
// through a run, and a cache from a newer brief fails with ErrNewerSchema.
// The check reads the whole file: about 60 ms for 10,000 entries (20 MiB).
func Open(dir string, opt Options) (*Cache, error) {
	if dir == "" {
		return nil, errors.New("open cache: empty directory name")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("open cache: %w", err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("open cache: %w", err)
	}
	path := filepath.Join(abs, FileName)
	// SQLite would create the file 0644; creating it first keeps answers
	// private, and SQLite gives the -wal and -shm files the same mode.
	_, statErr := os.Stat(path)
	created := errors.Is(statErr, fs.ErrNotExist)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open cache: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("open cache: %w", err)
	}

	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("open cache %s: %w", path, err)
	}
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)

	now := opt.Now
	if now == nil {
		now = time.Now
	}
	c := &Cache{db: db, path: path, now: now, wsem: make(chan struct{}, 1)}
	if err := c.init(context.Background()); err != nil {
		db.Close()
		if created {
			// A full disk or read-only folder must not leave an empty file
			// behind that looks like a cache.
			for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
				os.Remove(path + suffix)
			}
		}
		return nil, fmt.Errorf("open cache %s: %w", path, c.classify(context.Background(), err))
	}
	return c, nil
}

// dsn builds a modernc.org/sqlite data source name. The file: URI form
// escapes any '?' or '#' in the path.
func dsn(path string) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeoutMS))
	// journal_mode(WAL) is set by init once the file is known to be ours:
	// it is persistent, and a failed Open must not rewrite another file.
	// NORMAL in WAL mode: a power loss may drop the last commits but never
	// corrupts; a killed process loses nothing it committed.
	q.Add("_pragma", "synchronous(NORMAL)")
	// Every transaction here writes: taking the write lock at BEGIN makes
	// SQLite wait for it under busy_timeout instead of failing at once
	// when a read transaction cannot be upgraded.
	q.Set("_txlock", "immediate")
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: q.Encode()}).String()
}

// Path returns the database file's path.
func (c *Cache) Path() string { return c.path }

// Close closes the database. The cache must not be used afterwards; further
// calls to Close return the first call's result.
func (c *Cache) Close() error {
	c.closeOnce.Do(func() { c.closeErr = c.db.Close() })
	return c.closeErr
}

// Get returns the answer stored under key, and whether there was one. A hit
// is counted in Stats, with the entry's tokens as saved; if the count cannot
// be written, Get returns that error. Get honours ctx: a cancelled context
// returns its error.
func (c *Cache) Get(ctx context.Context, key Key) (Entry, bool, error) {
	if err := ctx.Err(); err != nil {
		return Entry{}, false, err
	}
	var e Entry
	var created int64
	err := retryBusy(ctx, func() error {
		return c.db.QueryRowContext(ctx, `
			SELECT content, finish_reason, model, prompt_tokens, completion_tokens, created_at
			FROM responses WHERE key = ?`, key[:]).
			Scan(&e.Content, &e.FinishReason, &e.Model, &e.PromptTokens, &e.CompletionTokens, &created)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return Entry{}, false, nil
	}
	if err != nil {
		return Entry{}, false, fmt.Errorf("cache get %s: %w", key, c.classify(ctx, err))
	}
	e.CreatedAt = time.Unix(0, created).UTC()

	// Count the hit even if the entry vanished since the read (Clear from
	// another process): the caller still sends no request.
	err = c.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx,
			`UPDATE responses SET hits = hits + 1, last_hit_at = ? WHERE key = ?`,
			c.now().UnixNano(), key[:]); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `
			UPDATE stats SET hits = hits + 1,
				prompt_tokens_saved = prompt_tokens_saved + ?,
				completion_tokens_saved = completion_tokens_saved + ?
			WHERE id = 1`, e.PromptTokens, e.CompletionTokens)
		return err
	})
	if err != nil {
		return Entry{}, false, fmt.Errorf("cache get %s: count hit: %w", key, err)
	}
	return e, true, nil
}

// Put stores e under key. It is idempotent: if key is already stored, the
// stored entry is kept unchanged (the first answer wins, so concurrent runs
// agree). A zero e.CreatedAt is set from Options.Now.
func (c *Cache) Put(ctx context.Context, key Key, e Entry) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if e.PromptTokens < 0 || e.CompletionTokens < 0 {
		return fmt.Errorf("cache put %s: negative token count (%d, %d)", key, e.PromptTokens, e.CompletionTokens)
	}
	created := e.CreatedAt
	if created.IsZero() {
		created = c.now()
	}
	err := c.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO responses (key, content, finish_reason, model, prompt_tokens, completion_tokens, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (key) DO NOTHING`,
			key[:], e.Content, e.FinishReason, e.Model, e.PromptTokens, e.CompletionTokens, created.UnixNano())
		return err
	})
	if err != nil {
		return fmt.Errorf("cache put %s: %w", key, err)
	}
	return nil
}

// Stats returns the cache's counters and size.
func (c *Cache) Stats(ctx context.Context) (Stats, error) {
	var s Stats
	err := retryBusy(ctx, func() error {
		// One read transaction, so the counts agree with each other.
		tx, err := c.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return err
		}
		defer tx.Rollback()
		var oldest, newest sql.NullInt64
		if err := tx.QueryRowContext(ctx,
			`SELECT count(*), min(created_at), max(created_at) FROM responses`).
			Scan(&s.Entries, &oldest, &newest); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx,
			`SELECT hits, prompt_tokens_saved, completion_tokens_saved FROM stats WHERE id = 1`).
			Scan(&s.Hits, &s.PromptTokensSaved, &s.CompletionTokensSaved); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM rate_limits`).Scan(&s.RateLimits); err != nil {
			return err
		}
		s.Oldest, s.Newest = time.Time{}, time.Time{}
		if oldest.Valid {
			s.Oldest = time.Unix(0, oldest.Int64).UTC()
			s.Newest = time.Unix(0, newest.Int64).UTC()
		}
		return nil
	})
	if err != nil {
		return Stats{}, fmt.Errorf("cache stats: %w", c.classify(ctx, err))
	}
	s.RequestsSaved = s.Hits
	for _, p := range []string{c.path, c.path + "-wal"} {
		fi, err := os.Stat(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return Stats{}, fmt.Errorf("cache stats: %w", err)
		}
		s.Bytes += fi.Size()
	}
	return s, nil
}

// Clear deletes every entry, resets the counters, and compacts the file so
// that it shrinks on disk.
func (c *Cache) Clear(ctx context.Context) error {
	release, err := c.lockWrite(ctx)
	if err != nil {
		return err
	}
	defer release()
	err = c.writeLocked(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM responses`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM rate_limits`); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx,
			`UPDATE stats SET hits = 0, prompt_tokens_saved = 0, completion_tokens_saved = 0 WHERE id = 1`)
		return err
	})
	if err != nil {
		return fmt.Errorf("cache clear: %w", err)
	}
	if err := retryBusy(ctx, func() error {
		_, err := c.db.ExecContext(ctx, `VACUUM`)
		return err
	}); err != nil {
		return fmt.Errorf("cache clear: vacuum: %w", c.classify(ctx, err))
	}
	// VACUUM went through the WAL; fold it back and truncate the log. The
	// truncation is skipped, not failed, while another process reads.
	if _, err := c.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return fmt.Errorf("cache clear: checkpoint: %w", c.classify(ctx, err))
	}
	return nil
}

// Remove deletes the cache database in dir, with its -wal and -shm files,
// and leaves dir itself. Unlike Clear it needs no working database, so it
// is the way out of ErrCorrupt and ErrNewerSchema. No process may have the
// cache open meanwhile.
func Remove(dir string) error {
	base := filepath.Join(dir, FileName)
	var errs []error
	for _, p := range []string{base + "-wal", base + "-shm", base} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("remove cache: %w", err)
	}
	return nil
}

// lockWrite takes the process's write slot, or fails when ctx ends first.
func (c *Cache) lockWrite(ctx context.Context) (release func(), err error) {
	select {
	case c.wsem <- struct{}{}:
		return func() { <-c.wsem }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// write runs fn in one IMMEDIATE transaction, holding the write slot.
func (c *Cache) write(ctx context.Context, fn func(*sql.Tx) error) error {
	release, err := c.lockWrite(ctx)
	if err != nil {
		return err
	}
	defer release()
	return c.writeLocked(ctx, fn)
}

// writeLocked is write for a caller that holds the write slot.
func (c *Cache) writeLocked(ctx context.Context, fn func(*sql.Tx) error) error {
	err := retryBusy(ctx, func() error {
		tx, err := c.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			tx.Rollback()
			return err
		}
		return tx.Commit()
	})
	return c.classify(ctx, err)
}

// retryBusy calls fn until it succeeds, fails with an error other than
// SQLITE_BUSY, ctx ends, or busyAttempts are spent. SQLite's busy timeout
// already waits inside each attempt; this covers the cases it does not,
// such as a reader meeting another process's WAL recovery.
func retryBusy(ctx context.Context, fn func() error) error {
	delay := 10 * time.Millisecond
	for attempt := 1; ; attempt++ {
		err := fn()
		if err == nil || attempt == busyAttempts || !isBusy(err) {
			return err
		}
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return err
		}
		delay *= 4
	}
}

func isBusy(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return true
	}
	return false
}

// classify makes err match ErrCorrupt when SQLite found the file damaged,
// and ctx's error when ctx ended the operation.
func (c *Cache) classify(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if isCorrupt(err) {
		return fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	// A full disk and a read-only file are no damage: say which they are,
	// as the file system's own errors, for callers to tell apart.
	var se *sqlite.Error
	if errors.As(err, &se) && !errors.Is(err, syscall.ENOSPC) && !errors.Is(err, fs.ErrPermission) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_FULL:
			return fmt.Errorf("%w: %w", syscall.ENOSPC, err)
		case sqlite3.SQLITE_READONLY:
			return fmt.Errorf("%w: %w", fs.ErrPermission, err)
		}
	}
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		return fmt.Errorf("%w: %w", ctxErr, err)
	}
	return err
}

func isCorrupt(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return true
	}
	return false
}
