"""Reads shared by every figure of one scope, made once per scope object.

A view builds one `Scope` per request and hands it to every table, so a memo keyed on
that object lets the summary, the comparison, the breakdowns and the value estimate
share one query's rows, and it dies with the request: nothing is ever served to
another request or from before a write.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from decimal import Decimal
from typing import Any
from weakref import WeakKeyDictionary

from reporting.periods import Scope

_memo: WeakKeyDictionary[Scope, dict[Hashable, Any]] = WeakKeyDictionary()


def memoised[T](scope: Scope, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` the first time `key` is asked of this scope object; its result after."""
    memo = _memo.setdefault(scope, {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def locality_rows(scope: Scope) -> list[tuple[int, str, Decimal | None]]:
    """The scope's localities by name: (pk, name, annual cost). One query per scope."""
    return memoised(
        scope,
        "localities",
        lambda: list(scope.localities.order_by("name").values_list("pk", "name", "annual_cost")),
    )
