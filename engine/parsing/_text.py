"""Shared machinery for the line-regex parsers: text preparation, blank-aware patterns, a TextFSM-like FSM.

TextFSM applies each rule to one line at a time (`str.splitlines`).  These parsers instead run one
precompiled regex over the whole output, which is 10-50x faster, and keep TextFSM's answers by:

* `prepare`: line breaks are unified the way `str.splitlines` sees them and a ``"\\n"`` is put in
  front, so every pattern starts with a literal ``\\n`` (the regex engine then jumps from line start
  to line start with its literal-prefix search instead of trying `^` at every character).
* `Rx`: patterns are written with ``~`` where the template says ``\\s`` inside a line (``~++`` / ``~*+``
  where what follows cannot start with a blank, so giving blanks back never helps).  Real captures
  only ever hold spaces, so ``~`` normally compiles to a plain space (about twice as fast as a class);
  when the text holds tabs or other odd blanks the exact class ``[^\\S\\n]`` is used instead.
* `Template`: an FSM of states and ordered rules (Continue, Record, state changes, List, Filldown and
  Required values) in which each state is one alternation of its rules; `finditer` skips the lines no
  rule matches in C, and Python only sees the lines that set values.

Rules that TextFSM turns into `TextFSMError` (``^. -> Error``) are left out: such lines are skipped, so a
parser never raises on garbage, prompts or repeated headers and returns what it could read.  Lines longer
than `MAX_LINE` match no `Template` rule: some template patterns are cubic in the length of a line.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import Any, NamedTuple, ParamSpec, TypeVar

from engine.parsing.registry import Record

# What `str.splitlines` (so TextFSM) treats as a line end besides "\n", and the other blanks that `\s`
# matches; `in` tests on these are ~100x faster than one regex search over the text.
_ASCII_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e"
_OTHER_BREAKS = "\x85\u2028\u2029"
_ASCII_BLANKS = "\t\x1f"
_OTHER_BLANKS = "\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
EXACT_BLANK = r"[^\S\n]"


class Prepared(NamedTuple):
    """A command output ready for the whole-text patterns."""

    text: str  # "\n" + the lines joined by "\n" (no trailing line end)
    exact: bool  # True when blanks other than spaces occur: use the exact ~ patterns


def prepare(text: str) -> Prepared:
    """Unify line ends as `str.splitlines` does, drop the final one and prefix the anchor newline."""
    ascii_only = text.isascii()
    breaks = _ASCII_BREAKS if ascii_only else _ASCII_BREAKS + _OTHER_BREAKS
    if any(c in text for c in breaks):
        body = "\n".join(text.splitlines())
    elif text.endswith("\n"):
        body = text[:-1]
    else:
        body = text
    blanks = _ASCII_BLANKS if ascii_only else _ASCII_BLANKS + _OTHER_BLANKS
    return Prepared("\n" + body, any(c in body for c in blanks))


class Rx:
    """One pattern in two spellings of ``~`` (a blank inside a line): a space, or the exact blank class.

    Both are compiled on first use: a worker process pays only for the commands it meets."""

    __slots__ = ("_exact", "_fast", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._fast: re.Pattern[str] | None = None
        self._exact: re.Pattern[str] | None = None

    @property
    def fast(self) -> re.Pattern[str]:
        if self._fast is None:
            self._fast = re.compile(self.pattern.replace("~", " "), re.M)
        return self._fast

    def get(self, prep: Prepared) -> re.Pattern[str]:
        if not prep.exact:
            return self.fast
        if self._exact is None:
            self._exact = re.compile(self.pattern.replace("~", EXACT_BLANK), re.M)
        return self._exact


P = ParamSpec("P")
T = TypeVar("T")


INTERFACE_TOKEN = re.compile(r"[\w./]+")


def interface_tokens(tokens: Sequence[str]) -> list[str]:
    """Each token's leading run of [\\w./] ("Gi1/0/1," gives "Gi1/0/1"); other tokens give nothing.
    The VLAN member lists of Cisco and Arista are read this way by their templates."""
    found = []
    for token in tokens:
        m = INTERFACE_TOKEN.match(token)
        if m is not None:
            found.append(m.group())
    return found


def gc_paused(fn: Callable[P, T]) -> Callable[P, T]:
    """Run `fn` with the cyclic GC paused: parsers allocate only acyclic dicts and lists, and gen-0
    collections traversing 100k fresh records cost as much as the parsing itself."""

    @wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()

    return run


# ------------------------------------------------------------------------------------------ the FSM


@dataclass(frozen=True)
class Value:
    """A TextFSM Value: `list` values collect every match, `filldown` ones survive a Record, and a
    record whose `required` value is empty is dropped."""

    name: str
    list: bool = False
    filldown: bool = False
    required: bool = False


@dataclass(frozen=True)
class Rule:
    """A TextFSM rule: `regex` is matched at a line start (``~`` = blank, named groups = values).

    `record` emits the record after the values are set, `cont` tries the following rules on the same
    line, `to` changes state ("End" stops; "EOF" stops after the final record).  `split` makes the
    list values of this rule take every `split`-separated item of their group instead of the group.
    """

    regex: str
    record: bool = False
    cont: bool = False
    to: str | None = None
    split: str | None = None


_GROUP = re.compile(r"\(\?P<(\w+)>")
# Lines longer than this match no rule.  No switch prints such lines in these outputs (an interface
# description line is at most 255 characters), and some template patterns take time cubic in the
# length of a line (minutes for 15,000 characters); at this length they stay within milliseconds.
MAX_LINE = 512


def _tagged(regex: str, i: int) -> str:
    """Rename each value group `(?P<name>` to `(?P<name__i>`: an alternation needs unique group names."""
    return _GROUP.sub(lambda g: f"(?P<{g[1]}__{i}>", regex)


@dataclass(frozen=True, slots=True)
class _Action:
    rule: Rule
    position: int  # of the rule in its alternation
    scalars: tuple[tuple[int, int], ...]  # (value slot, group index)
    lists: tuple[tuple[int, int], ...]
    plain: bool  # only sets values: no Record, Continue, new state or split


# What consecutive rules may share: a possessive run of blanks and/or a lookahead (one level of nesting).
_LEAD = re.compile(r"(?:~\+\+|~\*\+)?(?:\(\?=(?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*\))?")


def _groups_in(regex: str) -> int:
    return re.compile(regex.replace("~", " ")).groups


def _scan_prefix(regex: str) -> str:
    """For a rule that starts by scanning its line (``.*`` / ``.+``): its text up to its first group."""
    if not regex.startswith((".*", ".+")):
        return ""
    i = 0
    while i < len(regex) and regex[i] not in "([|":
        i += 2 if regex[i] == "\\" else 1
    return regex[:i]


def _alternatives(rules: Sequence[Rule]) -> str:
    """The rules as one alternation; a rule without groups ends in an empty one (see `_Alternation`).

    Consecutive rules that start alike share that start, which keeps the same matches but spares the
    regex engine work on the lines that match none of them:

    * a lead, i.e. a possessive run of blanks (``~++`` or ``~*+``, which a rule may use only where what
      follows cannot start with a blank) and/or a lookahead: ``~++(?:Hardware...|MTU...)`` lets the engine
      skip each rule on its first character, ``~++(?=\\d)(?:...)`` skips them all at once;
    * a scan of the line for the same text (``.*~uptime~+is.*~``), tried once as a lookahead guard."""
    groups: list[tuple[str, bool, list[str]]] = []  # (shared start, stripped from the rules?, rules)
    for i, rule in enumerate(rules):
        body = _tagged(rule.regex, i)
        m = _LEAD.match(body)
        lead = m.group() if m else ""
        scan = "" if lead else _scan_prefix(body)
        key = lead or (f"(?={scan})" if scan else "")
        # A rule without groups gets an empty one: a match's last closed group tells its rule.
        alt = f"(?:{body[len(lead):]})" + ("" if _groups_in(rule.regex) else f"(?P<_r{i}>)")
        if key and groups and groups[-1][0] == key and groups[-1][1] == bool(lead):
            groups[-1][2].append(alt)
        else:
            groups.append((key, bool(lead), [alt]))
    parts = []
    for key, stripped, alts in groups:
        if stripped or len(alts) > 1:
            parts.append(f"{key}(?:{'|'.join(alts)})")
        else:
            parts.extend(alts)
    return f"\n(?=.{{0,{MAX_LINE}}}$)(?:" + "|".join(parts) + ")"


class _Alternation:
    """Rules of one state, from some index on, as one regex (see `_alternatives`)."""

    def __init__(self, rules: Sequence[Rule], slots: Mapping[str, int], lists: frozenset[int]) -> None:
        self.rules, self.slots, self.lists = rules, slots, lists
        self.rx = Rx(_alternatives(rules))
        index = self.rx.fast.groupindex
        self.actions: dict[int | None, _Action] = {}  # by the index of any group of the rule
        first = 1  # the rules' groups come in the rules' order
        for i, rule in enumerate(rules):
            groups = [(slots[name], index[f"{name}__{i}"]) for name in _GROUP.findall(rule.regex)]
            scalars = tuple(g for g in groups if g[0] not in lists)
            plain = not (rule.record or rule.cont or rule.to or rule.split)
            action = _Action(rule, i, scalars, tuple(g for g in groups if g[0] in lists), plain)
            count = _groups_in(rule.regex) or 1  # or its empty marker group
            for group in range(first, first + count):
                self.actions[group] = action
            first += count
        if first - 1 != self.rx.fast.groups:
            raise ValueError("a lead shared by rules (a lookahead) must not hold groups")
        self._tails: dict[int, _Alternation] = {}

    def after(self, position: int) -> _Alternation | None:
        """The rules after the one at `position` (where a Continue rule's line goes on), built once."""
        if position + 1 >= len(self.rules):
            return None
        if position not in self._tails:
            self._tails[position] = _Alternation(self.rules[position + 1 :], self.slots, self.lists)
        return self._tails[position]


class Template:
    """A compiled FSM; `parse` returns ntc-templates-shaped records (missing values are "" or [])."""

    def __init__(self, values: Sequence[Value], states: Mapping[str, Sequence[Rule]]) -> None:
        self.names = tuple(v.name for v in values)
        slots = {v.name: i for i, v in enumerate(values)}
        self._lists = frozenset(i for i, v in enumerate(values) if v.list)
        self._keep = frozenset(i for i, v in enumerate(values) if v.filldown)
        self._required = tuple(i for i, v in enumerate(values) if v.required)
        self._rules, self._slots = states, slots
        self._states: dict[str, _Alternation] = {}  # built on first use

    def _state(self, name: str) -> _Alternation:
        if name not in self._states:
            self._states[name] = _Alternation(self._rules[name], self._slots, self._lists)
        return self._states[name]

    def _fresh(self) -> list[Any]:
        cur: list[Any] = [None] * len(self.names)
        for i in self._lists:
            cur[i] = []
        return cur

    def _clear(self, cur: list[Any]) -> None:
        kept = [(i, list(cur[i]) if i in self._lists else cur[i]) for i in self._keep]
        cur[:] = self._fresh()
        for i, value in kept:
            cur[i] = value

    def _emit(self, cur: list[Any], out: list[Record]) -> None:
        """TextFSM's Record: skip when a required value is empty or when every value is unset."""
        if any(not cur[i] for i in self._required):
            self._clear(cur)
            return
        if all(v is None or v == [] for v in cur):
            return
        values = ["" if v is None else v for v in cur] if None in cur else cur
        out.append(dict(zip(self.names, values, strict=True)))  # lists go out as they are: _clear renews them
        self._clear(cur)

    @staticmethod
    def _set(action: _Action, m: re.Match[str], cur: list[Any]) -> None:
        for slot, group in action.scalars:
            cur[slot] = m.group(group)
        split = action.rule.split
        for slot, group in action.lists:
            value = m.group(group)
            if split is not None and value is not None:
                cur[slot].extend(value.rstrip(split).split(split))
            else:
                cur[slot].append(value)

    def _line(self, alt: _Alternation, action: _Action, m: re.Match[str], prep: Prepared, cur: list[Any],
              out: list[Record]) -> tuple[_Action, re.Match[str]]:
        """Apply a matched rule and, while it says Continue, the next matching rule on the same line."""
        line_start = m.start()
        while True:
            self._set(action, m, cur)
            if action.rule.record:
                self._emit(cur, out)
            tail = alt.after(action.position) if action.rule.cont else None
            if tail is None:
                return action, m
            nxt = tail.rx.get(prep).match(prep.text, line_start)
            if nxt is None:
                return action, m
            alt, action, m = tail, tail.actions[nxt.lastindex], nxt

    def parse(self, text: str) -> list[Record]:
        prep = prepare(text)
        out: list[Record] = []
        cur = self._fresh()
        state, pos = "Start", 0
        while state not in ("End", "EOF"):
            state, pos = self._run(self._state(state), prep, pos, cur, out)
        if state != "End":
            self._emit(cur, out)
        return out

    def _run(self, alt: _Alternation, prep: Prepared, pos: int, cur: list[Any],
             out: list[Record]) -> tuple[str, int]:
        """Match one state's rules from `pos`; returns the next state and where it starts (EOF at the end)."""
        actions = alt.actions
        for m in alt.rx.get(prep).finditer(prep.text, pos):
            action = actions[m.lastindex]
            if action.plain:  # most lines: just values
                for slot, group in action.scalars:
                    cur[slot] = m.group(group)
                for slot, group in action.lists:
                    cur[slot].append(m.group(group))
                continue
            action, last = self._line(alt, action, m, prep, cur, out)
            if action.rule.to is not None and not action.rule.cont:
                return action.rule.to, last.end()
        return "EOF", len(prep.text)
