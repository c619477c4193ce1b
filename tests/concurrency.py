"""Requests racing each other, each on its own database connection."""

from __future__ import annotations

import threading

import pytest
from django.db import connection as default_connection
from django.db import connections

on_postgresql = pytest.mark.skipif(
    default_connection.vendor != "postgresql",
    reason="SQLite runs one writer at a time: the race needs PostgreSQL",
)


def race(*sends) -> list:
    """Run the requests in threads released together; return their responses."""
    barrier = threading.Barrier(len(sends))
    responses: list = [None] * len(sends)

    def run(i, send):
        try:
            barrier.wait()
            responses[i] = send()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, send)) for i, send in enumerate(sends)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses
