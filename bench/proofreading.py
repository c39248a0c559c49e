"""Proofreading speed: a 20,000-character text against 5,000 rules.

Prints the automaton build time, the check time (p50/p95 over repeated runs) and, as a
machine-independent figure, the ratio to a naive per-rule ``str.find`` loop.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from portal.publishing.proofreading import WARNING, Proofreader, Rule  # noqa: E402

PHRASES = (
    "政务公开", "政策解读", "重点项目", "乡村振兴", "城市更新", "民生保障", "依申请公开",
    "主动公开", "工作要点", "高质量发展", "营商环境", "一件事", "信息发布", "三审三校",
    "政府网站", "人民政府", "办公室", "各镇街道", "区直部门", "贯彻落实", "统筹推进",
)  # fmt: skip
CJK = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]


def make_text(rng: random.Random, n_chars: int) -> str:
    parts: list[str] = []
    size = 0
    while size < n_chars:
        piece = (
            rng.choice(PHRASES)
            if rng.random() < 0.6
            else "".join(rng.choices(CJK, k=4))
        )
        piece += rng.choice(["，", "。", "、", ""])
        parts.append(piece)
        size += len(piece)
    return "".join(parts)[:n_chars]


def make_rules(rng: random.Random, n: int) -> list[Rule]:
    rules = []
    for i in range(n):
        if i % 50 == 0:
            pattern = rng.choice(PHRASES)[:3] + "".join(rng.choices(CJK, k=1))
        else:
            pattern = "".join(rng.choices(CJK, k=rng.randint(2, 6)))
        rules.append(Rule(i, "wrong_word", pattern, "建议", WARNING))
    # A few regex rules, as staff may add.
    rules += [Rule(n + j, "wrong_word", p, "", WARNING, is_regex=True)
              for j, p in enumerate([r"截止(目前|到)", r"既使|即便是", r"其它"])]  # fmt: skip
    return rules


def main() -> None:
    rng = random.Random(2024)
    text = make_text(rng, 20_000)
    rules = make_rules(rng, 5_000)

    t0 = time.perf_counter()
    proofreader = Proofreader(rules)
    build = time.perf_counter() - t0

    timings = []
    findings = []
    for _ in range(30):
        t0 = time.perf_counter()
        findings = proofreader.check("关于做好2024年政务公开工作的通知", text)
        timings.append(time.perf_counter() - t0)

    literal = [r.pattern for r in rules if not r.is_regex]
    t0 = time.perf_counter()
    naive_hits = 0
    for pattern in literal:
        start = text.find(pattern)
        while start != -1:
            naive_hits += 1
            start = text.find(pattern, start + 1)
    naive = time.perf_counter() - t0

    p50 = statistics.median(timings)
    p95 = sorted(timings)[int(len(timings) * 0.95) - 1]
    print(
        f"text: {len(text):,} characters; rules: {len(rules):,} ({len(rules) - len(literal)} regex)"
    )
    print(f"automaton build: {build * 1000:.1f} ms")
    print(
        f"check: p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms; findings {len(findings)}"
    )
    print(
        f"naive str.find loop over the literal rules: {naive * 1000:.1f} ms ({naive_hits} hits)"
    )
    print(f"ratio check p50 / naive loop: {p50 / naive:.2f}")

    # Dense case: rules that hit common phrases, so the text has thousands of findings.
    dense = Proofreader(rules + [Rule(10_000 + i, "wrong_word", p[:2], "", WARNING)
                                 for i, p in enumerate(PHRASES)])  # fmt: skip
    timings = []
    for _ in range(10):
        t0 = time.perf_counter()
        findings = dense.check("", text)
        timings.append(time.perf_counter() - t0)
    print(
        f"dense case: p50 {statistics.median(timings) * 1000:.1f} ms; findings {len(findings)}"
    )


if __name__ == "__main__":
    main()
