# appsync-local: `make run` serves examples/todo; `make test` runs everything CI runs.
GO       ?= go
FUZZTIME ?= 5s

.PHONY: run run-hello run-blog build test test-deps test-go test-fuzz test-browser playground console jsonata e2e-deps bench

# The Todo API on the embedded DynamoDB store (data in examples/todo/.appsync-local).
run: playground console jsonata
	$(GO) run ./cmd/appsync-local serve examples/todo/appsync.yml

# The Go-handler example: a program embedding the server.
run-hello: playground console jsonata
	$(GO) run ./examples/hello serve examples/hello/appsync.yml

# The blog API on Postgres (BLOG_DATABASE_URL, default the local test database).
run-blog: playground console jsonata
	bash examples/blog-postgres/migrate.sh
	$(GO) run ./cmd/appsync-local serve examples/blog-postgres/appsync.yml

build: playground console jsonata
	$(GO) build -o bin/appsync-local ./cmd/appsync-local
	$(GO) build -o bin/hello ./examples/hello

# Offline GraphiQL assets, installed from the npm registry and embedded.
playground:
	bash scripts/playground-assets.sh

# The Step Functions console's graph layout bundle (dagre), installed from npm and embedded.
console:
	bash scripts/console-assets.sh

# jsonata-js for Step Functions' JSONata, installed from npm and embedded by stepfunctions/jsonata.
jsonata:
	bash scripts/jsonata-assets.sh

test: playground console jsonata test-deps test-go test-fuzz test-browser

# npm packages the Go tests run: dynalite (the second DynamoDB implementation) and the
# real subscription clients (aws-amplify, aws-appsync-subscription-link with Apollo, graphql-ws)
# and @aws-sdk/client-sfn, an activity worker.
test-deps:
	bash scripts/npm-ci.sh internal/dynalite/node server/realtime/testdata/node app/testdata/sfnworker

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
