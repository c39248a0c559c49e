"""The 信息处理费 calculator (pure): 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号).

条例第四十二条: providing information on request is free, unless the quantity or
frequency clearly exceeds a reasonable range. The 办法 charges 超额累进 either per
application (按件, 第四条) or per page (按量, 第五条), never both for one application
(第三条).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FeeMethod(StrEnum):
    BY_COUNT = "by_count"  # 按件计收
    BY_VOLUME = "by_volume"  # 按量计收


# 第四条: within one natural month, pieces 1-10 free; 11-30 at 100 元/件; from 31 on,
# every band of 10 raises the rate by 100 元/件 (31-40: 200, 41-50: 300, ...).
FREE_PIECES_PER_MONTH = 10


def rate_for_piece(n: int) -> int:
    """Return the fee in 元 for the ``n``-th application (1-based) of a month."""
    if n < 1:
        raise ValueError("piece numbers start at 1")
    if n <= FREE_PIECES_PER_MONTH:
        return 0
    if n <= 30:
        return 100
    return 100 * (2 + (n - 31) // 10)


def cumulative_count_fee(pieces: int) -> int:
    """Return the total 按件 fee for ``pieces`` applications in one natural month."""
    return sum(rate_for_piece(i) for i in range(1, pieces + 1))


def count_fee(previous_pieces: int, pieces: int) -> int:
    """Return the 按件 fee for ``pieces`` more applications after ``previous_pieces``
    already made by the same applicant in the same natural month (第四条)."""
    if previous_pieces < 0 or pieces < 0:
        raise ValueError("counts cannot be negative")
    return sum(
        rate_for_piece(i)
        for i in range(previous_pieces + 1, previous_pieces + pieces + 1)
    )


# 第五条: per application, pages 1-30 free; 31-100 at 10 元/页; 101-200 at 20 元/页;
# from 201 on at 40 元/页.
VOLUME_BANDS: tuple[tuple[int, int | None, int], ...] = (
    (1, 30, 0),
    (31, 100, 10),
    (101, 200, 20),
    (201, None, 40),
)


def volume_fee(pages: int) -> int:
    """Return the 按量 fee in 元 for one application of ``pages`` pages (第五条)."""
    if pages < 0:
        raise ValueError("pages cannot be negative")
    total = 0
    for low, high, rate in VOLUME_BANDS:
        if pages < low:
            break
        top = pages if high is None else min(pages, high)
        total += (top - low + 1) * rate
    return total


@dataclass(frozen=True)
class FeeQuote:
    method: FeeMethod
    quantity: int
    amount: int  # 元
    basis: str  # shown in the 收费通知 (依据、标准)


def quote_fee(
    method: FeeMethod, *, quantity: int, previous_pieces: int = 0
) -> FeeQuote:
    """Return the fee for one application under ``method``.

    For ``BY_COUNT`` ``quantity`` is the number of pieces this application counts as
    (after 一事一申请 splitting) and ``previous_pieces`` the applicant's earlier pieces
    this natural month; for ``BY_VOLUME`` it is the number of pages.
    """
    if method is FeeMethod.BY_COUNT:
        amount = count_fee(previous_pieces, quantity)
        basis = (
            "《政府信息公开信息处理费管理办法》第四条（按件计收）："
            f"本月此前已申请{previous_pieces}件，本次计{quantity}件"
        )
    else:
        amount = volume_fee(quantity)
        basis = f"《政府信息公开信息处理费管理办法》第五条（按量计收）：共{quantity}页"
    return FeeQuote(method=method, quantity=quantity, amount=amount, basis=basis)
