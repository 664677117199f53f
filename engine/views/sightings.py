"""Where a MAC address was seen, across every site: each stay (site, host, port, VLAN) with the first
and last capture that saw it there, the moves between stays, and where it was on a given date.

Read from the MacSighting rows the writer keeps (schema 5), never by scanning history. A stay is a
span of captures; two stays of one MAC can overlap when it was seen at two places in between (a
laptop docked on two floors on alternate days): `at()` then lists every place whose span covers the
date, latest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from engine.store.base import StoreError
from engine.store.read import StoreReader
from engine.store.schema import mac_range_sql
from engine.views.find import format_mac, parse_query


@dataclass(frozen=True, slots=True)
class Sighting:
    mac: str
    site: str
    hostname: str
    port: str
    vlan: int
    first_seen: str  # capture times, 'YYYY-MM-DD HH:MM:SS'
    last_seen: str

    @property
    def place(self) -> tuple[str, str, str, int]:
        return (self.site, self.hostname, self.port, self.vlan)


@dataclass(frozen=True, slots=True)
class Move:
    mac: str
    at: str  # the first capture that saw it at the new place
    old: Sighting
    new: Sighting


def mac_digits(text: str) -> str:
    """The hex digits a MAC search names ("" when the text is not a MAC or a prefix of one)."""
    return parse_query(text).mac


def sightings(store: StoreReader, mac: str, sites: Sequence[str] | None = None) -> list[Sighting]:
    """Every stay of every MAC starting with `mac`'s digits, oldest first."""
    digits = mac_digits(mac)
    if not digits:
        raise ValueError(f"{mac!r} is not a MAC address or the start of one")
    out: list[Sighting] = []
    names = list(sites) if sites is not None else [e.site for e in store.sites()]
    for name in names:
        try:
            with store.site(name) as reader:
                if not reader.has_table("MacSighting"):
                    continue
                rows = reader.rows('SELECT "MAC", "Hostname", "Port", "VLAN", "FirstSeen", "LastSeen" '
                                   f'FROM "MacSighting" WHERE {mac_range_sql(reader.dialect.name)}',
                                   (digits, digits + "g"))
        except StoreError:
            continue
        out += [Sighting(format_mac(str(m)), name, str(h), str(p), int(v or 0), str(f)[:19], str(last)[:19])
                for m, h, p, v, f, last in rows]
    return sorted(out, key=lambda s: (s.mac, s.first_seen, s.last_seen, s.place))


def moves(stays: Sequence[Sighting]) -> list[Move]:
    """Each time a MAC turned up somewhere new: stays ordered by first capture, one move per change of
    place (a MAC's first stay is not a move)."""
    out: list[Move] = []
    last: dict[str, Sighting] = {}
    for stay in sorted(stays, key=lambda s: (s.mac, s.first_seen, s.last_seen, s.place)):
        before = last.get(stay.mac)
        if before is not None and before.place != stay.place:
            out.append(Move(stay.mac, stay.first_seen, before, stay))
        if before is None or stay.last_seen >= before.last_seen:
            last[stay.mac] = stay
    return out


def at(stays: Sequence[Sighting], when: datetime | str) -> list[Sighting]:
    """Where each MAC was at `when`: the stays whose capture span covers it; when none does, the stay
    seen last before it (the last known place). Latest first."""
    moment = when.strftime("%Y-%m-%d %H:%M:%S") if isinstance(when, datetime) else str(when)
    if len(moment) == 10:
        moment += " 23:59:59"  # a date means the end of that day
    out: list[Sighting] = []
    by_mac: dict[str, list[Sighting]] = {}
    for stay in stays:
        by_mac.setdefault(stay.mac, []).append(stay)
    for group in by_mac.values():
        covering = [s for s in group if s.first_seen <= moment <= s.last_seen]
        if not covering:
            earlier = [s for s in group if s.last_seen <= moment]
            covering = [max(earlier, key=lambda s: s.last_seen)] if earlier else []
        out += sorted(covering, key=lambda s: s.last_seen, reverse=True)
    return out


__all__ = ["Move", "Sighting", "at", "mac_digits", "moves", "sightings"]
