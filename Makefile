# Two commands for everyone:  make lab  (open the course)  and  make test  (run every test).
# Both create .venv if it is missing and install what they need into it.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# The course's settings for JupyterLab and Notebook 7 (jupyter-settings/README.md), installed
# as the environment's defaults.
SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
# Optional dependency groups installed by `make test` (pyproject.toml); e.g. EXTRAS=test,crosscheck
EXTRAS ?= test

.PHONY: lab notebook test lint test-baseline install install-test notebooks navigation screenshot benchmarks clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.course-installed: $(BIN)/python requirements.txt pyproject.toml
	$(BIN)/python -m pip install -r requirements.txt -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.course-installed
	$(BIN)/python -m pip install -r requirements.txt -e '.[$(EXTRAS)]'
	touch $@

$(SETTINGS): jupyter-settings/overrides.json $(VENV)/.course-installed
	mkdir -p $(dir $@)
	cp $< $@

install: $(VENV)/.course-installed $(SETTINGS)

install-test: $(VENV)/.test-installed $(SETTINGS)

## Open JupyterLab at the course's start page (token authentication on).  The server serves
## the repository's root, so links from the notebooks to ../README.md and docs/ resolve, as on
## Binder.  As root (a container, say) JupyterLab refuses to start without --allow-root.
START_PAGE := notebooks/00_start_here.ipynb
LAB_ARGS ?= $(if $(filter 0,$(shell id -u)),--allow-root)
lab: install
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" \
		--LabApp.default_url=/lab/tree/$(START_PAGE) $(LAB_ARGS)

## The same course in Notebook 7 (`jupyter notebook`), served and opened the same way.
notebook: install
	$(BIN)/jupyter notebook --ServerApp.root_dir="$(CURDIR)" \
		--JupyterNotebookApp.default_url=/notebooks/$(START_PAGE) $(LAB_ARGS)

## Run every test: nnlib's tests, the explorers (headless and in Chromium), the Binder
## build check, and the notebooks' stored outputs with nbval.
test: install-test lint
	$(BIN)/python -m pytest --nbval --nbval-current-env tests notebooks

## Lint and format check (ruff, configured in pyproject.toml); `ruff format .` fixes the layout.
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## The notebooks again, and the Binder environment's nbval run, on numpy's baseline kernels:
## every SIMD dispatch target above numpy's baseline that this CPU has is switched off, which
## changes rounding as another CPU would.  Stored outputs must match under both.
test-baseline: install-test
	@features="$$(env -u NPY_DISABLE_CPU_FEATURES $(BIN)/python tools/cpu_features.py)"; \
	echo "NPY_DISABLE_CPU_FEATURES=\"$$features\" (numpy's dispatch targets on this CPU)"; \
	left="$$(NPY_DISABLE_CPU_FEATURES="$$features" $(BIN)/python tools/cpu_features.py)"; \
	if [ -n "$$left" ]; then echo "still active: $$left" >&2; exit 1; fi; \
	echo "numpy runs its baseline kernels: no dispatch target above the baseline is active"; \
	NPY_DISABLE_CPU_FEATURES="$$features" $(BIN)/python -m pytest --nbval --nbval-current-env \
		notebooks tests/test_binder.py

## Re-execute every notebook top to bottom in a fresh kernel and save it with outputs.
notebooks: install
	$(BIN)/python tools/run_notebooks.py
	$(BIN)/python tools/navigation.py

## Rewrite the previous / contents / next links and the contents lists.
navigation: install
	$(BIN)/python tools/navigation.py

## Refresh docs/weight_explorer.png (needs /usr/bin/chromium).
screenshot: install-test
	$(BIN)/python tools/screenshot.py

## Print the benchmarks' figures (installs the bench extra, threadpoolctl, and the peers
## extra: torch 2.13.0 and micrograd).
benchmarks: install-test
	$(BIN)/python -m pip install -e '.[bench,peers]'
	$(BIN)/python benchmarks/gradient_cost.py
	$(BIN)/python benchmarks/peers.py
	$(BIN)/python benchmarks/png.py
	$(BIN)/python benchmarks/widgets.py
	PYTHONPATH=tools $(BIN)/python benchmarks/browser.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis artifacts
