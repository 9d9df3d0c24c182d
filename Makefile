# appsync-local: `make run` serves examples/todo; `make test` runs everything CI runs.
GO       ?= go
FUZZTIME ?= 5s

.PHONY: run run-hello build test test-deps test-go test-fuzz test-browser playground e2e-deps bench

# The Todo API on the embedded DynamoDB store (data in examples/todo/.appsync-local).
run: playground
	$(GO) run ./cmd/appsync-local serve examples/todo/appsync.yml

# The Go-handler example: a program embedding the server.
run-hello: playground
	$(GO) run ./examples/hello serve examples/hello/appsync.yml

build: playground
	$(GO) build -o bin/appsync-local ./cmd/appsync-local
	$(GO) build -o bin/hello ./examples/hello

# Offline GraphiQL assets, installed from the npm registry and embedded.
playground:
	bash scripts/playground-assets.sh

test: playground test-deps test-go test-fuzz test-browser

# npm packages the Go tests run: dynalite, the second DynamoDB implementation.
test-deps:
	bash scripts/npm-ci.sh internal/dynalite/node

test-go:
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

# Short runs of every fuzz target (their seed corpora also run in test-go).
test-fuzz:
	FUZZTIME=$(FUZZTIME) bash scripts/fuzz.sh

# The playground in headless Chromium against the real example server.
test-browser: build e2e-deps
	cd e2e && node --test

e2e-deps:
	bash scripts/install-chromium.sh
	bash scripts/npm-ci.sh e2e

bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./bench/
