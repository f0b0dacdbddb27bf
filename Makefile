# The two commands a newcomer runs: `make demo` and `make test`.
# Both install what they need on Debian (skipped when already there), then build.

SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := libcurl4-openssl-dev libssh2-1-dev libssl-dev pkg-config ruby openssl goiardi ruby-mixlib-authentication ruby-erubis time \
	openssh-server openssh-client sudo python3 nftables ohai postgresql haproxy python3-psycopg2 \
	ruby-rspec ruby-rspec-junit-formatter wrk python3-botocore python3-venv
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
DEMO_RECIPE := cookbooks/hello/recipes/default.rb
DEMO_ROOT := $(CURDIR)/.build/demo/hello
CLUSTER_RECIPE := cookbooks/hello_cluster/recipes/cluster.rb

.PHONY: demo test pipeline moto unit deps build-release build-tests bench fuzz clean

## The main job on built-in defaults: plan the example cluster; start the local Chef server
## (goiardi, authentication on) and upload the hello cookbook to it; converge the node
## hello-demo against it twice, with the cookbook downloaded from the server (the first run
## registers the node's client and saves its run list, the second downloads nothing and
## finds everything up to date); then upload this chef-repo (cookbooks, roles, environments,
## data bags) and bring the hello cluster up: PostgreSQL, two web nodes and HAProxy, each a
## local machine converged from the server; then ask the load balancer for the greeting, and
## run the cluster's specs (spec/: smoke, load, heartbeats while web1 is killed and cut off).
demo: deps build-release
	.build/release/sous apply $(DEMO_RECIPE)
	knife/chef-server start
	.build/release/sous knife upload --chef-repo-path . cookbooks/hello -c knife/knife.rb
	HELLO_ROOT=$(DEMO_ROOT) .build/release/sous -c knife/client.rb -j knife/hello-demo.json
	HELLO_ROOT=$(DEMO_ROOT) .build/release/sous -c knife/client.rb
	.build/release/sous knife node show hello-demo -c knife/knife.rb
	.build/release/sous knife upload --chef-repo-path . roles environments data_bags cookbooks -c knife/knife.rb
	$(SUDO) .build/release/sous -c knife/knife.rb $(CLUSTER_RECIPE)
	$(SUDO) .build/release/sous machine list -c knife/knife.rb
	$(SUDO) knife/hello-get --count 2
	$(SUDO) .build/release/sous verify -c knife/knife.rb --format doc --format junit --out .build/demo/hello-verify.xml
	@echo "The hello cluster keeps running; knife/hello-get asks its load balancer (from this host)."
	@echo "  change the greeting: .build/release/sous machine ssh -c knife/knife.rb db \"runuser -u postgres -- psql hello -c \\\"UPDATE greetings SET message = 'hi there'\\\"\""
	@echo "  break a web node:    .build/release/sous machine kill -c knife/knife.rb web1   (back: .build/release/sous machine start -c knife/knife.rb web1)"
	@echo "  take it down:        .build/release/sous -c knife/knife.rb cookbooks/hello_cluster/recipes/destroy.rb"
	@echo "The Chef server keeps running: knife/chef-server stop stops it."

## dev -> test -> prod, as the Jenkinsfile runs it: the cookbooks uploaded frozen at their
## metadata versions and pinned in test; test's own cluster brought up and verified (JUnit
## report in reports/test.xml); test promoted to prod only if that passed; prod's cluster
## converged and verified (reports/prod.xml); test's cluster destroyed, whatever happened.
PIPELINE_SOUS := $(SUDO) .build/release/sous
pipeline: deps build-release
	mkdir -p reports
	knife/chef-server start
	$(PIPELINE_SOUS) knife upload --chef-repo-path . roles environments data_bags -c knife/knife.rb
	$(PIPELINE_SOUS) knife cookbook upload --all --freeze -o cookbooks -c knife/knife.rb
	PIN_ENVIRONMENT=test $(PIPELINE_SOUS) -c knife/knife.rb cookbooks/hello_cluster/recipes/pin.rb
	status=0; \
	$(PIPELINE_SOUS) -c knife/knife.rb -E test $(CLUSTER_RECIPE) \
	  && $(PIPELINE_SOUS) verify -c knife/knife.rb -E test --format progress --format junit --out reports/test.xml \
	  && $(PIPELINE_SOUS) promote test prod -c knife/knife.rb \
	  && $(PIPELINE_SOUS) -c knife/knife.rb -E prod $(CLUSTER_RECIPE) \
	  && $(PIPELINE_SOUS) verify -c knife/knife.rb -E prod --format progress --format junit --out reports/prod.xml \
	  || status=$$?; \
	$(PIPELINE_SOUS) -c knife/knife.rb -E test cookbooks/hello_cluster/recipes/destroy.rb || status=$$?; \
	exit $$status

## The whole test suite.
## Tests (and SwiftPM's own temporary folders, which it leaves) use a scratch folder of
## their own under .build, emptied before each run, instead of /tmp.
test: deps build-tests moto
	rm -rf .build/test-tmp && mkdir -p .build/test-tmp
	TMPDIR="$(CURDIR)/.build/test-tmp" SOUS_BIN="$$($(SWIFT) build --show-bin-path)/sous" $(SWIFT) test --skip-build

## moto's EC2 emulator (server mode) for the aws driver's tests, from PyPI into a virtual
## environment under .build; the interpreter's own packages are used when they have it.
moto: .build/moto/bin/python
.build/moto/bin/python:
	python3 -m venv --system-site-packages .build/moto.new
	.build/moto.new/bin/python -c 'import moto.server' 2>/dev/null || .build/moto.new/bin/pip install --quiet 'moto[server]'
	rm -rf .build/moto && mv .build/moto.new .build/moto

## Debian packages: installed only when one of them is missing. Their services (sshd) are
## not started: a policy-rc.d says no for the length of the install (when there is none).
deps:
	@missing=""; \
	for package in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$package" 2>/dev/null | grep -q "install ok installed" \
	    || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  policy=""; \
	  if [ ! -e /usr/sbin/policy-rc.d ]; then \
	    printf '#!/bin/sh\nexit 101\n' | $(SUDO) tee /usr/sbin/policy-rc.d >/dev/null && $(SUDO) chmod +x /usr/sbin/policy-rc.d && policy=1; \
	  fi; \
	  $(SUDO) apt-get update && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $$missing; \
	  status=$$?; \
	  if [ -n "$$policy" ]; then $(SUDO) rm -f /usr/sbin/policy-rc.d; fi; \
	  exit $$status; \
	fi

build-release:
	$(SWIFT) build -c release --product sous

## The library targets' unit tests alone (no binary, server or root): seconds.
UNIT_TARGETS := SousSupportTests|SousLanguageTests|SousChefDataTests|SousChefServerTests|SousSSHTests|SousRunTests|SousProvisioningTests|SousDriversTests
unit: build-tests
	$(SWIFT) test --skip-build --filter '^($(UNIT_TARGETS))\.'

build-tests:
	$(SWIFT) build --build-tests

## Whole-process timings against references: the differential corpus (sous against ruby),
## signed Chef server requests (sous against Ruby's mixlib-authentication), and machine
## batches of 1, 4 and 16 machines (against one machine).
bench: deps build-release
	bench/language-startup.sh .build/release/sous
	bench/language-throughput.sh .build/release/sous
	bench/chef-server-requests.sh .build/release/sous
	bench/machine-batch-setup.sh .build/release/sous
	bench/local-cluster-bringup.sh .build/release/sous
	bench/cookbook-sync.sh .build/release/sous
	bench/hello-cluster.sh .build/release/sous
	bench/load-generator.sh .build/release/sous
	bench/feedback-loop.sh .build/release/sous

## Fuzz with libFuzzer, each target for FUZZ_SECONDS (default 60): the lexer and parser,
## the JSON reader, the config loader. Fails on any finding.
fuzz: deps
	fuzz/run.sh lexer-parser $(FUZZ_SECONDS)
	fuzz/run.sh json $(FUZZ_SECONDS)
	fuzz/run.sh config $(FUZZ_SECONDS)

clean:
	rm -rf .build
