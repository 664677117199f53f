"""Junos configuration as `set` lines: the brace format of `show configuration` flattened, or the
`| display set` output taken as it is, so the facts read one shape either way."""

from __future__ import annotations

import re

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{};]|[^\s{};"]+')
_COMMENT = re.compile(r"^\s*(?:#|/\*.*\*/\s*$|## )")


def set_lines(text: str) -> list[list[str]]:
    """Every configured leaf as its path of words (quotes removed): `interfaces ge-0/0/0 description AP 1`
    -> ['interfaces', 'ge-0/0/0', 'description', 'AP 1']."""
    out: list[list[str]] = []
    if not text:
        return out
    lines = text.split("\n")
    if not any(line.rstrip().endswith("{") for line in lines):  # `| display set` ({master:0} is no block)
        for line in lines:
            if line.startswith("set "):
                out.append([_unquote(t) for t in _TOKEN.findall(line)[1:]])
        return out
    path: list[list[str]] = []
    words: list[str] = []
    for line in lines:
        if _COMMENT.match(line):
            continue
        for token in _TOKEN.findall(line):
            if token == "{":
                path.append(words)
                words = []
            elif token == ";":
                out.append([w for part in path for w in part] + words)
                words = []
            elif token == "}":
                if path:
                    path.pop()
                words = []
            else:
                words.append(_unquote(token))
    return out


def _unquote(token: str) -> str:
    return token[1:-1] if len(token) >= 2 and token[0] == token[-1] == '"' else token


def leaves(lines: list[list[str]], *prefix: str) -> list[list[str]]:
    """The rest of each line that starts with `prefix`."""
    n = len(prefix)
    return [line[n:] for line in lines if len(line) > n and tuple(line[:n]) == prefix]
