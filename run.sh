#!/usr/bin/env bash
# One entry point for people and CI:
#   ./run.sh demo   set up, load the demo data and serve it at http://127.0.0.1:8000
#   ./run.sh test   set up and run the whole test suite (add pytest arguments after it)
set -euo pipefail
cd "$(dirname "$0")"

find_python() {
    local candidate version
    local candidates=(python3.13 python3.12 python3 python)
    # pyenv keeps its interpreters here; its shims fail unless a version is selected.
    local root="${PYENV_ROOT:-$HOME/.pyenv}"
    if command -v pyenv >/dev/null 2>&1; then root="$(pyenv root)"; fi
    for version in "$root"/versions/3.1[3-9]*/bin/python3 "$root"/versions/3.12*/bin/python3; do
        [ -x "$version" ] && candidates+=("$version")
    done
    for candidate in "${candidates[@]}"; do
        if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' \
            >/dev/null 2>&1; then
            command -v "$candidate" 2>/dev/null || echo "$candidate"
            return 0
        fi
    done
    return 1
}

setup() {
    if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c \
        'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
        local python
        if ! python="$(find_python)"; then
            echo "This project needs Python 3.12 or newer, and none was found." >&2
            echo "Tried python3.13, python3.12, python3, python and pyenv's versions." >&2
            echo "Install Python 3.12+ (e.g. from python.org or your package manager) and retry." >&2
            exit 1
        fi
        echo "Creating .venv with $python ($("$python" --version))"
        rm -rf .venv
        "$python" -m venv .venv
    fi
    # A local .env for development, so `.venv/bin/python manage.py ...` works as it is.
    # It is never committed; production sets its variables itself (see .env.example).
    if [ ! -f .env ]; then
        local key
        key="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')"
        printf 'DEBUG=true\nSECRET_KEY=%s\n' "$key" > .env
        echo "Created .env for local development (DEBUG=true and a new SECRET_KEY)."
    fi
    # Reinstall only when the dependency list changed.
    local stamp=.venv/.installed-$(cksum pyproject.toml | cut -d' ' -f1)
    if [ ! -f "$stamp" ]; then
        .venv/bin/python -m pip install --quiet --upgrade pip
        .venv/bin/python -m pip install --quiet -e '.[dev]'
        rm -f .venv/.installed-*
        touch "$stamp"
    fi
}

case "${1:-}" in
    demo)
        setup
        export DEBUG="${DEBUG:-true}"
        .venv/bin/python manage.py migrate --noinput
        .venv/bin/python manage.py demo
        echo "Serving the demo at http://127.0.0.1:8000 (Ctrl+C to stop)"
        exec .venv/bin/python manage.py runserver 127.0.0.1:8000
        ;;
    test)
        setup
        shift
        export DEBUG=false SECRET_KEY="${SECRET_KEY:-test-only-secret-key}"
        exec .venv/bin/python -m pytest "$@"
        ;;
    *)
        echo "usage: ./run.sh demo | ./run.sh test [pytest arguments]" >&2
        exit 2
        ;;
esac
