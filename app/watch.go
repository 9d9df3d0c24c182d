package app

import (
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/appsync-local/appsync-local/config"
)

// debounce groups the several events one save makes (editors write, rename
// and chmod) into one rebuild.
const debounce = 75 * time.Millisecond

// watcher calls onChange after files it watches change. It watches their
// directories, since editors often replace a file rather than write it.
type watcher struct {
	log      *slog.Logger
	fs       *fsnotify.Watcher
	onChange func()

	mu    sync.Mutex
	files map[string]bool
	dirs  map[string]bool
	timer *time.Timer
	done  chan struct{}
}

func newWatcher(log *slog.Logger, onChange func()) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{log: log, fs: fw, onChange: onChange, files: map[string]bool{}, dirs: map[string]bool{}, done: make(chan struct{})}
	go w.loop()
	return w, nil
}

// watch replaces the set of watched files.
func (w *watcher) watch(files []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.files = map[string]bool{}
	for _, f := range files {
		f = filepath.Clean(f)
		w.files[f] = true
		dir := filepath.Dir(f)
		if !w.dirs[dir] {
			if err := w.fs.Add(dir); err != nil {
				w.log.Warn("cannot watch directory", "dir", dir, "error", err)
				continue
			}
			w.dirs[dir] = true
		}
	}
}

func (w *watcher) loop() {
	for {
		select {
		case ev, ok := <-w.fs.Events:
			if !ok {
				return
			}
			w.mu.Lock()
			hit := w.files[filepath.Clean(ev.Name)]
			if hit {
				if w.timer == nil {
					w.timer = time.AfterFunc(debounce, w.fire)
				} else {
					w.timer.Reset(debounce)
				}
			}
			w.mu.Unlock()
		case err, ok := <-w.fs.Errors:
			if !ok {
				return
			}
			w.log.Warn("file watcher", "error", err)
		case <-w.done:
			return
		}
	}
}

func (w *watcher) fire() {
	select {
	case <-w.done:
		return
	default:
	}
	w.onChange()
}

func (w *watcher) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	select {
	case <-w.done:
		return
	default:
	}
	close(w.done)
	if w.timer != nil {
		w.timer.Stop()
	}
	w.fs.Close()
}

// watchedFiles lists every file the API is built from.
func watchedFiles(cfg *config.Config) []string {
	files := []string{cfg.File}
	files = append(files, cfg.Schema...)
	for _, r := range cfg.Resolvers {
		for _, f := range []string{r.Request, r.Response, r.Code} {
			if f != "" {
				files = append(files, f)
			}
		}
	}
	for _, fn := range cfg.PipelineFunctions {
		for _, f := range []string{fn.Request, fn.Response, fn.Code} {
			if f != "" {
				files = append(files, f)
			}
		}
	}
	return files
}
