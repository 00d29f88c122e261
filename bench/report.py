"""Results: figures with targets, sections that were or were not measured, the table, the JSON.

Every section yields a `Section`: measured, with figures (a value, its unit, its target and
whether it met it), or not measured, with the reason. Nothing is ever filled in for a
section that did not run.
"""

from __future__ import annotations

import json
import os
import platform
import sys
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

_COMPARE = {"<=": lambda value, limit: value <= limit, ">=": lambda value, limit: value >= limit}


@dataclass(frozen=True)
class Target:
    comparison: str  # "<=" or ">="
    value: float

    def met_by(self, value: float) -> bool:
        return bool(_COMPARE[self.comparison](value, self.value))


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    target: Target | None = None
    note: str = ""

    @property
    def passed(self) -> bool | None:
        return None if self.target is None else self.target.met_by(self.value)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "target": asdict(self.target) if self.target else None,
            "passed": self.passed,
            "note": self.note,
        }


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    not_measured: str | None = None
    seconds: float = 0.0

    @property
    def passed(self) -> bool | None:
        verdicts = [f.passed for f in self.figures if f.passed is not None]
        if self.not_measured is not None or not verdicts:
            return None
        return all(verdicts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "status": "not measured" if self.not_measured is not None else "measured",
            "reason": self.not_measured,
            "passed": self.passed,
            "figures": [f.as_dict() for f in self.figures],
            "details": self.details,
            "seconds": round(self.seconds, 2),
        }


def not_measured(key: str, title: str, reason: str) -> Section:
    return Section(key, title, not_measured=reason)


def machine() -> dict[str, Any]:
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(terse=True),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        # Other jobs share these machines: the 1, 5 and 15 minute load averages at the end.
        "load_average": _load_average(),
    }


def machine_line(info: dict[str, Any]) -> str:
    line = (
        f"{info['cpu_count']} CPU(s), {info['cpu_model']}, Python {info['python']}, "
        f"{info['platform']}, {info['date']}"
    )
    load = info.get("load_average")
    return line + (f", load average {' / '.join(map(str, load))} (1/5/15 min)" if load else "")


def _load_average() -> list[float] | None:
    if not hasattr(os, "getloadavg"):
        return None  # not on this platform
    return [round(x, 2) for x in os.getloadavg()]


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass  # not Linux: platform.processor() is the portable answer
    return platform.processor() or "unknown"


def results(sections: list[Section], *, command: str, sizes: dict[str, Any]) -> dict[str, Any]:
    verdicts = [s.passed for s in sections if s.passed is not None]
    return {
        "command": command,
        "machine": machine(),
        "sizes": sizes,
        "passed": all(verdicts) if verdicts else None,
        "sections": {s.key: s.as_dict() for s in sections},
    }


def write_json(data: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".json.part")
    partial.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    partial.replace(path)


def table(data: dict[str, Any]) -> str:
    """The results as a Markdown table (printed, and pasted into docs/benchmarks.md)."""
    lines = [
        "| section | figure | value | target | result |",
        "|---|---|---|---|---|",
    ]
    for section in data["sections"].values():
        if section["status"] == "not measured":
            lines.append(f"| {section['title']} | not measured: {section['reason']} | | | |")
            continue
        for figure in section["figures"]:
            lines.append(
                f"| {section['title']} | {figure['name']} | "
                f"{_number(figure['value'])} {figure['unit']} | {_target(figure)} | "
                f"{_verdict(figure['passed'])} |"
            )
    lines.append("")
    lines.append(f"Machine: {machine_line(data['machine'])}")
    return "\n".join(lines)


def _number(value: float) -> str:
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _target(figure: dict[str, Any]) -> str:
    target = figure["target"]
    if not target:
        return ""
    symbol = {"<=": "≤", ">=": "≥"}[target["comparison"]]
    return f"{symbol} {_number(target['value'])} {figure['unit']}"


def _verdict(passed: bool | None) -> str:
    return {True: "pass", False: "FAIL", None: ""}[passed]


def print_table(data: dict[str, Any]) -> None:
    sys.stdout.write(table(data) + "\n")
