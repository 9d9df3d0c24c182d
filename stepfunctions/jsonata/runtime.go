package jsonata

import (
	"context"
	"crypto/md5"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"embed"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"math"
	"runtime"
	"sync"
	"time"

	"github.com/dop251/goja"
)

// bundle holds jsonata.min.js, copied by `make jsonata`; only its README is
// committed, so a plain `go build` embeds no bundle and Compile returns
// ErrNoBundle.
//
//go:embed all:bundle
var bundle embed.FS

// Our own scripts, run in this order around the bundle.
var (
	//go:embed prelude.js
	preludeJS string
	//go:embed sfn.js
	sfnJS string
	//go:embed glue.js
	glueJS string
)

const (
	// maxCallStack bounds synchronous JavaScript recursion (a failure is
	// CodeRuntime). JSONata functions recurse through promises, which this does
	// not bound: the evaluation's context does.
	maxCallStack = 20000
	// maxCached is how many parsed expressions one runtime keeps; past it the
	// cache starts over (state machines hold far fewer distinct expressions).
	maxCached = 2048
)

// programs are the scripts every runtime runs, compiled once and shared
// (a goja.Program is immutable).
var programs = sync.OnceValues(func() ([]*goja.Program, error) { return loadPrograms(bundle) })

// loadPrograms compiles our scripts around the bundle found in fsys at
// bundle/jsonata.min.js, or returns ErrNoBundle.
func loadPrograms(fsys fs.FS) ([]*goja.Program, error) {
	src, err := fs.ReadFile(fsys, "bundle/jsonata.min.js")
	if err != nil {
		return nil, ErrNoBundle
	}
	var out []*goja.Program
	for _, s := range []struct{ name, src string }{
		{"prelude.js", preludeJS},
		{"jsonata.min.js", string(src)},
		{"sfn.js", sfnJS},
		{"glue.js", glueJS},
	} {
		p, err := goja.Compile(s.name, s.src, false)
		if err != nil {
			return nil, fmt.Errorf("jsonata: compile %s: %w", s.name, err)
		}
		out = append(out, p)
	}
	return out, nil
}

// sharedPool is the process-wide pool of runtimes, sized to the CPUs: loading
// the bundle costs tens of milliseconds, so runtimes are kept and reused.
var sharedPool = sync.OnceValues(func() (*pool, error) {
	if _, err := programs(); err != nil {
		return nil, err
	}
	return newPool(max(4, 2*runtime.GOMAXPROCS(0))), nil
})

// pool hands out runtimes, at most size alive at once (a goja runtime is not
// safe for concurrent use, and evaluation is CPU-bound).
type pool struct {
	idle  chan *vm
	slots chan struct{}
}

func newPool(size int) *pool {
	return &pool{idle: make(chan *vm, size), slots: make(chan struct{}, size)}
}

// get returns an idle runtime, or a new one if fewer than size exist, or
// waits for one until ctx ends.
func (p *pool) get(ctx context.Context) (*vm, error) {
	select {
	case v := <-p.idle:
		return v, nil
	default:
	}
	select {
	case v := <-p.idle:
		return v, nil
	case p.slots <- struct{}{}:
		v, err := newVM()
		if err != nil {
			<-p.slots
			return nil, err
		}
		return v, nil
	case <-ctx.Done():
		return nil, timeoutError(ctx.Err())
	}
}

// put returns a healthy runtime to the pool.
func (p *pool) put(v *vm) { p.idle <- v }

// discard drops a runtime that must not be reused, freeing its slot.
func (p *pool) discard(*vm) { <-p.slots }

// vm is one goja runtime with the bundle loaded.
type vm struct {
	rt      *goja.Runtime
	compile goja.Callable
	eval    goja.Callable
	ast     goja.Callable
	cache   map[string]goja.Value // parsed expressions by source
	broken  bool                  // a Go panic or runtime failure: do not reuse

	// Per evaluation, from the context (nil: the defaults).
	entropy io.Reader
	clock   func() time.Time
}

func newVM() (*vm, error) {
	progs, err := programs()
	if err != nil {
		return nil, err
	}
	rt := goja.New()
	rt.SetMaxCallStackSize(maxCallStack)
	v := &vm{rt: rt, cache: make(map[string]goja.Value)}
	rt.SetTimeSource(v.now)
	host := rt.NewObject()
	for name, fn := range map[string]func(goja.FunctionCall) goja.Value{
		"hash":   v.hash,
		"uuid":   v.uuid,
		"random": v.random,
	} {
		if err := host.Set(name, fn); err != nil {
			return nil, fmt.Errorf("jsonata: set host.%s: %w", name, err)
		}
	}
	if err := rt.Set("__host", host); err != nil {
		return nil, fmt.Errorf("jsonata: set host: %w", err)
	}
	for _, p := range progs {
		if _, err := rt.RunProgram(p); err != nil {
			return nil, fmt.Errorf("jsonata: load runtime: %w", err)
		}
	}
	var ok1, ok2, ok3 bool
	v.compile, ok1 = goja.AssertFunction(rt.Get("__compile"))
	v.eval, ok2 = goja.AssertFunction(rt.Get("__eval"))
	v.ast, ok3 = goja.AssertFunction(rt.Get("__ast"))
	if !ok1 || !ok2 || !ok3 {
		return nil, fmt.Errorf("jsonata: load runtime: glue functions missing")
	}
	return v, nil
}

// compiled returns the runtime's parsed form of src, parsing it on first use.
func (v *vm) compiled(src string) (val goja.Value, err error) {
	if c, ok := v.cache[src]; ok {
		return c, nil
	}
	defer v.recoverPanic(&err)
	c, err := v.compile(goja.Undefined(), v.rt.ToValue(src))
	if err != nil {
		return nil, v.jsError(err)
	}
	if len(v.cache) >= maxCached {
		clear(v.cache)
	}
	v.cache[src] = c
	return c, nil
}

// analyse returns what Compile records about src, already compiled: its
// references and, for a plain path, the fast path.
func (v *vm) analyse(src string) (fast *fastPath, refs Refs) {
	var err error
	defer v.recoverPanic(&err)
	expr, err := v.compiled(src)
	if err != nil {
		return nil, Refs{}
	}
	tree, err := v.ast(goja.Undefined(), expr)
	if err != nil {
		return nil, Refs{}
	}
	text := tree.String()
	if simpleChars(src) {
		fast = planFast(text)
	}
	return fast, references(text)
}

// run evaluates src and returns the JSON text of its result.
func (v *vm) run(src string, input, bindings []byte) (out string, err error) {
	expr, err := v.compiled(src)
	if err != nil {
		return "", err
	}
	defer v.recoverPanic(&err)
	bnd := goja.Undefined()
	if bindings != nil {
		bnd = v.rt.ToValue(string(bindings))
	}
	res, err := v.eval(goja.Undefined(), expr, v.rt.ToValue(string(input)), bnd)
	if err != nil {
		return "", v.jsError(err)
	}
	promise, ok := res.Export().(*goja.Promise)
	if !ok {
		v.broken = true
		return "", &Error{Code: CodeRuntime, Message: "evaluation returned no promise"}
	}
	switch promise.State() {
	case goja.PromiseStateFulfilled:
		r := promise.Result()
		if r == nil || goja.IsUndefined(r) {
			return "", undefinedError()
		}
		return r.String(), nil
	case goja.PromiseStateRejected:
		return "", v.thrown(promise.Result())
	default:
		v.broken = true
		return "", &Error{Code: CodeRuntime, Message: "evaluation did not finish"}
	}
}

// recoverPanic turns a Go panic inside goja into a runtime error and marks
// the runtime unusable.
func (v *vm) recoverPanic(err *error) {
	if r := recover(); r != nil {
		v.broken = true
		*err = &Error{Code: CodeRuntime, Message: fmt.Sprintf("javascript runtime panic: %v", r)}
	}
}

// jsError converts an error returned by a goja call.
func (v *vm) jsError(err error) *Error {
	switch e := err.(type) {
	case *goja.Exception:
		return v.thrown(e.Value())
	case *goja.InterruptedError:
		v.broken = true
		if cause, ok := e.Value().(error); ok {
			return timeoutError(cause)
		}
		return timeoutError(context.Canceled)
	default:
		v.broken = true // stack overflow and other uncatchable errors
		return &Error{Code: CodeRuntime, Message: err.Error(), err: err}
	}
}

// thrown converts a thrown JavaScript value: jsonata-js throws plain objects
// {code, message, position, token}.
func (v *vm) thrown(val goja.Value) *Error {
	obj, ok := val.(*goja.Object)
	if !ok {
		return &Error{Code: CodeRuntime, Message: val.String()}
	}
	str := func(name string) string {
		x := obj.Get(name)
		if x == nil || goja.IsUndefined(x) || goja.IsNull(x) {
			return ""
		}
		return x.String()
	}
	e := &Error{Code: str("code"), Message: str("message"), Token: str("token")}
	if p := obj.Get("position"); p != nil && !goja.IsUndefined(p) {
		e.Position = int(p.ToInteger())
	}
	if e.Code == "" {
		// A JavaScript error (TypeError, RangeError) rather than a JSONata one.
		e.Code = CodeRuntime
		if e.Message == "" {
			e.Message = val.String()
		}
	}
	return e
}

func (v *vm) now() time.Time {
	if v.clock != nil {
		return v.clock()
	}
	return time.Now()
}

// read fills b from the evaluation's entropy source; a failure is thrown
// into JavaScript as a JSONata-style error.
func (v *vm) read(b []byte) {
	r := v.entropy
	if r == nil {
		r = rand.Reader
	}
	if _, err := io.ReadFull(r, b); err != nil {
		panic(v.rt.ToValue(map[string]any{"code": "SFN0006", "message": "no randomness: " + err.Error()}))
	}
}

// hash is $hash's host side: the hex digest of the UTF-8 data. The algorithm
// is checked in sfn.js.
func (v *vm) hash(call goja.FunctionCall) goja.Value {
	var h hash.Hash
	switch call.Argument(1).String() {
	case "MD5":
		h = md5.New()
	case "SHA-1":
		h = sha1.New()
	case "SHA-256":
		h = sha256.New()
	case "SHA-384":
		h = sha512.New384()
	default:
		h = sha512.New()
	}
	io.WriteString(h, call.Argument(0).String())
	return v.rt.ToValue(hex.EncodeToString(h.Sum(nil)))
}

// uuid is $uuid's host side: a version 4 UUID.
func (v *vm) uuid(goja.FunctionCall) goja.Value {
	var b [16]byte
	v.read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return v.rt.ToValue(fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]))
}

// random is $random's host side: a number in [0, 1). With a seed it is
// java.util.Random(seed).nextDouble(), like the seeded States.MathRandom, so a
// seed gives the same number on every run.
func (v *vm) random(call goja.FunctionCall) goja.Value {
	if seed := call.Argument(0); !goja.IsUndefined(seed) {
		return v.rt.ToValue(newJavaRandom(seed.ToInteger()).nextDouble())
	}
	var b [8]byte
	v.read(b[:])
	return v.rt.ToValue(float64(binary.BigEndian.Uint64(b[:])>>11) / (1 << 53))
}

// javaRandom is java.util.Random's linear congruential generator.
type javaRandom struct{ seed int64 }

func newJavaRandom(seed int64) *javaRandom {
	return &javaRandom{seed: (seed ^ 0x5DEECE66D) & (1<<48 - 1)}
}

func (r *javaRandom) next(bits uint) int64 {
	r.seed = (r.seed*0x5DEECE66D + 0xB) & (1<<48 - 1)
	return int64(int32(r.seed >> (48 - bits)))
}

func (r *javaRandom) nextDouble() float64 {
	return float64(r.next(26)<<27+r.next(27)) * math.Pow(2, -53)
}
