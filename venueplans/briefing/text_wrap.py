"""Breaking a text into lines that fit a width (notes, phase notes), in linear time on hostile input."""

from __future__ import annotations

from venueplans.briefing.fonts import fit_text, text_width


def wrap(text: str, size: float, width: float, *, bold: bool = False, max_lines: int = 4) -> list[str]:
    """*text* broken into lines of at most *width* mm (the last one shortened with an ellipsis)."""
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        line = ""
        for word in para.split():
            if len(lines) > max_lines:  # enough: the rest is cut anyway
                break
            word = word[:400]  # no line holds more; keeps a hostile 100,000-character word cheap
            trial = f"{line} {word}".strip()
            if text_width(trial, size, bold=bold) <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
        if len(lines) > max_lines:
            break
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = fit_text(lines[-1] + " …", size, width, bold=bold)
    return [fit_text(s, size, width, bold=bold) for s in lines]
